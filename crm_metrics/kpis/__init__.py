"""The KPI library: every review measure of KPI_DEFINITIONS.md, with its evidence.

Pure functions over the canonical datasets (a mapping of dataset name to DataFrame) and
a :class:`~crm_metrics.periods.Period`. Each returns a frozen result carrying the value
(or None and a ``reason``), the counts behind it, an interval where one is defined and a
``low_confidence`` flag. :func:`scorecard` runs them all for a period, the previous
period and the same period a year earlier; ``Scorecard.to_contract()`` is the ``kpis``
block of the audit JSON.

>>> from crm_metrics.periods import parse_period
>>> sc = scorecard({}, parse_period("2024Q3"), details=False)
>>> sc.to_contract()["nps"]["reason"]
'NPS needs the surveys dataset'
"""

from .acquisition import (
    cac_by_channel,
    campaign_roi,
    conversion_by,
    conversion_by_salesperson,
    customer_acquisition_cost,
    lead_conversion_rate,
    lost_reasons,
    opportunity_win_rate,
    purchases_by_customer,
    roi_by_channel,
)
from .adoption import (
    DEFAULT_REQUIRED_FIELDS,
    activity_by_user,
    adoption_rate,
    data_entry_by_owner,
    data_entry_discipline,
    inactive_users,
    logins_per_active_user,
    module_share,
)
from .results import (
    AdoptionResult,
    CACResult,
    ChurnResult,
    CLVResult,
    CohortResult,
    ComplaintsResult,
    CompletenessResult,
    ConcentrationResult,
    CSATResult,
    CustomerBase,
    DurationResult,
    KPIResult,
    LeadConversionResult,
    LoginsResult,
    NPSResult,
    RateResult,
    RetentionResult,
    ROIResult,
    TableResult,
    Target,
    WinRateResult,
)
from .retention import (
    churn_rate,
    cohort_retention,
    customer_base,
    customer_lifetime_value,
    customers_to_keep,
    late_payers,
    relationships_to_review,
    retention_rate,
    revenue_concentration,
)
from .satisfaction import csat_by, csat_from_scores, csat_score, detractor_comments, nps_by, nps_from_scores, nps_score
from .scorecard import KPI_DIRECTIONS, Scorecard, scorecard
from .segments import PRIMARY_DATASET, breakdown
from .service import complaints, first_response_time, resolution_time, serial_complainers

__all__ = [
    # scorecard
    "scorecard",
    "Scorecard",
    "KPI_DIRECTIONS",
    "Target",
    "breakdown",
    "PRIMARY_DATASET",
    # satisfaction
    "csat_score",
    "csat_from_scores",
    "csat_by",
    "nps_score",
    "nps_from_scores",
    "nps_by",
    "detractor_comments",
    # acquisition and sales
    "customer_acquisition_cost",
    "cac_by_channel",
    "campaign_roi",
    "roi_by_channel",
    "lead_conversion_rate",
    "conversion_by",
    "conversion_by_salesperson",
    "lost_reasons",
    "opportunity_win_rate",
    "purchases_by_customer",
    # retention
    "customer_base",
    "churn_rate",
    "retention_rate",
    "cohort_retention",
    "customer_lifetime_value",
    "revenue_concentration",
    "customers_to_keep",
    "late_payers",
    "relationships_to_review",
    # service
    "complaints",
    "serial_complainers",
    "first_response_time",
    "resolution_time",
    # adoption
    "adoption_rate",
    "activity_by_user",
    "logins_per_active_user",
    "module_share",
    "inactive_users",
    "data_entry_discipline",
    "data_entry_by_owner",
    "DEFAULT_REQUIRED_FIELDS",
    # results
    "KPIResult",
    "RateResult",
    "CSATResult",
    "NPSResult",
    "CACResult",
    "LeadConversionResult",
    "WinRateResult",
    "ROIResult",
    "CustomerBase",
    "ChurnResult",
    "RetentionResult",
    "CLVResult",
    "ConcentrationResult",
    "ComplaintsResult",
    "DurationResult",
    "AdoptionResult",
    "LoginsResult",
    "CompletenessResult",
    "TableResult",
    "CohortResult",
]
