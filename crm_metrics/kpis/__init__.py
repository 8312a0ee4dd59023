"""The KPI library: every review measure of KPI_DEFINITIONS.md, with its evidence.

Pure functions over the canonical datasets (a mapping of dataset name to DataFrame) and
a :class:`~crm_metrics.periods.Period`. Each returns a frozen result carrying the value
(or None and a ``reason``), the counts behind it, an interval where one is defined and a
``low_confidence`` flag. :func:`scorecard` runs them all for a period, the previous
period and the same period a year earlier; ``Scorecard.to_contract()`` is the ``kpis``
block of the audit JSON.

Churn-based KPIs take ``churn_basis`` / ``inactive_days`` / ``as_of`` (:mod:`.churn_basis`). Purchase
history without churn dates (issue 13): :mod:`.purchases` (order gaps, repeat purchase rate, purchase
cohorts), :mod:`.rfm` (RFM scores, segments, grid, movement, segment lists) and :mod:`.purchase_lists`
(due for a purchase, recently lapsed); their results are in :mod:`.purchase_results`;
:func:`purchase_history` computes them all for a period, reading the orders once.

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
from .churn_basis import ChurnView, churn_view, inactivity_churn, last_activity, resolve_basis
from .purchase_history import PurchaseHistory, purchase_history
from .purchase_lists import due_for_purchase, recently_lapsed
from .purchase_results import (
    OrderGapResult,
    PurchaseCohortResult,
    RepeatPurchaseResult,
    RFMResult,
    SegmentMovementResult,
)
from .purchases import order_gaps, purchase_cohorts, repeat_purchase_rate
from .relationships import late_payers, relationships_to_review
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
    retention_rate,
    revenue_concentration,
)
from .rfm import RFM_SEGMENTS, RFMSegment, rfm, rfm_grid, segment_customers, segment_movement, segment_summary
from .satisfaction import csat_by, csat_from_scores, csat_score, detractor_comments, nps_by, nps_from_scores, nps_score
from .scorecard import KPI_DIRECTIONS, Scorecard, scorecard
from .segments import PRIMARY_DATASET, breakdown
from .service import complaints, first_response_time, resolution_time, serial_complainers

__all__ = [
    "DEFAULT_REQUIRED_FIELDS",
    "KPI_DIRECTIONS",
    "PRIMARY_DATASET",
    "RFM_SEGMENTS",
    "AdoptionResult",
    "CACResult",
    "CLVResult",
    "CSATResult",
    "ChurnResult",
    "ChurnView",
    "CohortResult",
    "ComplaintsResult",
    "CompletenessResult",
    "ConcentrationResult",
    "CustomerBase",
    "DurationResult",
    "KPIResult",
    "LeadConversionResult",
    "LoginsResult",
    "NPSResult",
    "OrderGapResult",
    "PurchaseCohortResult",
    "PurchaseHistory",
    "RFMResult",
    "RFMSegment",
    "ROIResult",
    "RateResult",
    "RepeatPurchaseResult",
    "RetentionResult",
    "Scorecard",
    "SegmentMovementResult",
    "TableResult",
    "Target",
    "WinRateResult",
    "activity_by_user",
    "adoption_rate",
    "breakdown",
    "cac_by_channel",
    "campaign_roi",
    "churn_rate",
    "churn_view",
    "cohort_retention",
    "complaints",
    "conversion_by",
    "conversion_by_salesperson",
    "csat_by",
    "csat_from_scores",
    "csat_score",
    "customer_acquisition_cost",
    "customer_base",
    "customer_lifetime_value",
    "customers_to_keep",
    "data_entry_by_owner",
    "data_entry_discipline",
    "detractor_comments",
    "due_for_purchase",
    "first_response_time",
    "inactive_users",
    "inactivity_churn",
    "last_activity",
    "late_payers",
    "lead_conversion_rate",
    "logins_per_active_user",
    "lost_reasons",
    "module_share",
    "nps_by",
    "nps_from_scores",
    "nps_score",
    "opportunity_win_rate",
    "order_gaps",
    "purchase_cohorts",
    "purchase_history",
    "purchases_by_customer",
    "recently_lapsed",
    "relationships_to_review",
    "repeat_purchase_rate",
    "resolution_time",
    "resolve_basis",
    "retention_rate",
    "revenue_concentration",
    "rfm",
    "rfm_grid",
    "roi_by_channel",
    "scorecard",
    "segment_customers",
    "segment_movement",
    "segment_summary",
    "serial_complainers",
]
