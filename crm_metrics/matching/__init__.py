"""Duplicate matching: features, blocking, today's rules, the probabilistic model, clusters.

The public API is :func:`crm_metrics.quality.find_duplicates`; the quality package is
imported first so that these modules can be imported on their own.
"""

from .. import quality as _quality  # noqa: F401  (import order: quality → duplicates → matching)
