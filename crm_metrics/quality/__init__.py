"""Data-quality audit of a CRM export.

Entry point: :func:`audit_quality` (datasets in, frozen :class:`QualityReport` out).
One module per concern: ``duplicates``, ``completeness``, ``validity``, ``staleness``,
``consistency``, ``references``, ``reconcile``, ``snapshot``, ``scoring``; value checks
in ``phones``, ``emails`` and ``national_id``; ``findings`` holds the check catalogue.
"""

from .audit import QualityReport, SkippedCheck, audit_quality
from .completeness import ColumnFill, OwnerCompleteness
from .consistency import CategoryVariants
from .duplicates import (
    DuplicateCluster,
    DuplicatePair,
    DuplicateResult,
    DuplicateSettings,
    FieldEvidence,
    MergePlan,
    find_duplicates,
)
from .emails import ROLE_MAILBOXES, is_valid_email, validate_emails
from .findings import CHECKS, SEVERITIES, CheckInfo, Finding
from .national_id import check_national_ids, is_valid_national_id
from .phones import normalize_phone, normalize_phones
from .reconcile import FieldMismatch, Reconciliation, reconcile
from .scoring import OwnerScore, QualityScore
from .snapshot import CheckDiff, diff_findings

__all__ = [
    "CHECKS",
    "ROLE_MAILBOXES",
    "SEVERITIES",
    "CategoryVariants",
    "CheckDiff",
    "CheckInfo",
    "ColumnFill",
    "DuplicateCluster",
    "DuplicatePair",
    "DuplicateResult",
    "DuplicateSettings",
    "FieldEvidence",
    "FieldMismatch",
    "Finding",
    "MergePlan",
    "OwnerCompleteness",
    "OwnerScore",
    "QualityReport",
    "QualityScore",
    "Reconciliation",
    "SkippedCheck",
    "audit_quality",
    "check_national_ids",
    "diff_findings",
    "find_duplicates",
    "is_valid_email",
    "is_valid_national_id",
    "normalize_phone",
    "normalize_phones",
    "reconcile",
    "validate_emails",
]
