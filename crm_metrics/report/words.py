"""The report's words: English source text (message catalogue msgids) under the keys the report uses.

Persian is in ``locale/fa/LC_MESSAGES/report.po``; :class:`~crm_metrics.report.text.Lang`
translates. Words of the template itself are written in the template (``_()``); those of findings,
datasets and columns come from :mod:`crm_metrics.quality.finding_text`; KPI names from the registry.
"""

from __future__ import annotations

from ..i18n import N_, N_context

LABELS: dict[str, str] = {
    "report.title": N_("CRM review report"),
    "report.subtitle": N_("Scorecard, data quality and actions"),
    "client": N_("Client"),
    "period": N_("Review period"),
    "as_of": N_("Data up to"),
    "prepared": N_("Prepared with"),
    "prepared.value": N_("CRM Pulse, the open CRM audit"),
    "signed": N_("Signed off by {who} on {when}"),
    "masked_note": N_("Shareable edition: email addresses, phone numbers, national IDs and names are masked."),
    "confidential_note": N_("Confidential: this report contains customers' personal data."),
    "off_target": N_("Off target"),
    "top_findings": N_("Top data-quality findings"),
    "headline.kpis": N_(
        "Of the {n} measures with a previous-period value, {better} improved and {worse} moved the wrong way."
    ),
    "headline.quality": N_(
        "{score} of the {customers} customer records have no data-quality issue; the audit raised "
        "{findings} findings, {high} of them of high severity."
    ),
    "headline.findings_only": N_("The audit raised {findings} data-quality findings, {high} of them of high severity."),
    "quality_score": N_("Customer records with no issue"),
    "kpi": N_("Measure"),
    "value": N_("Value"),
    "based_on": N_("Based on"),
    "interval": N_("95% interval"),
    "previous": N_("Previous period"),
    "change": N_("Change"),
    "year_earlier": N_("Year earlier"),
    "target": N_("Target"),
    "status": N_("Status"),
    "status.green": N_("on target"),
    "status.amber": N_("close to target"),
    "status.red": N_("off target"),
    "low_confidence": N_("few observations: read with care"),
    "better": N_("better"),
    "worse": N_("worse"),
    "unchanged": N_("unchanged"),
    "notes": N_("Notes"),
    "scorecard.lead": N_(
        "Values of {period}; change is against the previous period ({previous}). Rates change in "
        "percentage points. {money}Definitions are in appendix A."
    ),
    "scorecard.money": N_("Money in {unit}. "),
    "million": N_("{value}M"),
    "billion": N_("{value}B"),
    "series.year_earlier": N_("Year earlier"),
    "series.previous": N_("Previous period"),
    "series.current": N_("This period"),
    "promoters": N_("Promoters (9–10)"),
    "passives": N_("Passives (7–8)"),
    "detractors": N_("Detractors (0–6)"),
    "satisfied": N_("Satisfied"),
    "not_satisfied": N_("Not satisfied"),
    "score": N_("Score"),
    "severity": N_("Severity"),
    "dataset": N_("Dataset"),
    "finding": N_("Finding"),
    "check": N_("Check"),
    "column": N_("Column"),
    "count": N_("Records"),
    "share": N_("Share"),
    "fix": N_("Fix"),
    "examples": N_("Examples of affected records"),
    "more_in_workbook": N_("{n} more in the workbook (sheet “{sheet}”)."),
    "by_owner": N_("Data quality by owner"),
    "owner": N_("Owner"),
    "customers": N_("Customers"),
    "with_issues": N_("With an issue"),
    "record": N_("Record"),
    "line": N_("Line in file"),
    "line_record": N_("line {line}"),
    "unreadable": N_("Files that could not be read"),
    "dup.lead": N_(
        "{clusters} groups of records look like the same customer ({sure} sure, {review} to "
        "review). The suggested surviving record keeps the most complete and oldest data; fields it "
        "lacks are filled from the records merged into it."
    ),
    "dup.group": N_("Group"),
    "dup.band": N_("Confidence"),
    "dup.band.sure": N_("sure"),
    "dup.band.needs_review": N_("to review"),
    "dup.keep": N_("Keep"),
    "dup.role": N_("Action"),
    "dup.evidence": N_("Evidence"),
    "dup.conflicts": N_("Differs in"),
    "dup.fill": N_("Fill from merged"),
    "dup.rule": N_("Matched on"),
    "dup.probability": N_("Match probability"),
    "dup.weight": N_("Weight: {field}"),
    "dup.fill_from": N_("{column} from {record}"),
    "dup.shown": N_("The first {n} of {total} groups are shown; the whole plan is in the workbook."),
    "evidence.equal": N_("same"),
    "evidence.close": N_("close"),
    "evidence.different": N_("different"),
    "evidence.missing": N_("missing"),
    "item": N_("Item"),
    "section": N_("Section"),
    "due": N_("Due"),
    "title": N_("Title"),
    "signed_by": N_("Signed off by"),
    "signed_at": N_("Date"),
    "review.progress": N_("{done} of {total} checklist items done."),
    "cmp.lead": N_("This review ({now}) against the previous review ({then})."),
    "cmp.resolved": N_("resolved"),
    "cmp.new": N_("new"),
    "definition": N_("Definition"),
    "file": N_("File"),
    "rows": N_("Rows"),
    "loaded": N_("Loaded"),
    "rejected": N_("Rejected"),
    "detected": N_("Read as"),
    "mapping": N_("Columns"),
    "method.periods": N_(
        "A period is a range of days, both ends included. Customers at the start (S): created "
        "before the period and not churned before it; new customers (N): created within it; lost: "
        "customers of S who churned within it; customers at the end (E): created by its end and not "
        "churned by then."
    ),
    "method.intervals": N_(
        "Intervals are 95% Wilson intervals for rates and the normal approximation for NPS. A "
        "measure based on few observations is flagged; it can move a lot by chance."
    ),
    "method.quality": N_(
        "Data-quality findings cover every record of the files read, not only the review period. "
        "The score is the share of customer records with no finding."
    ),
    "method.money": N_("Money is shown in {unit}, the currency of the data."),
    "method.money_unknown": N_("Money is shown in the currency of the data."),
    "method.dates": N_("Dates are Gregorian."),
    "method.masking": N_(
        "Personal data is masked: emails as a***@d***.ir, phones as 0912***4567, national IDs as "
        "***-***-419 and names as initials."
    ),
    "none": N_("None."),
    "no_owner": N_("(no owner)"),
    "yes": N_("yes"),
    "no": N_("no"),
    "toman": N_("toman"),
    "rial": N_("rial"),
    "hours_unit": N_("h"),
    "minutes_unit": N_("min"),
    "pp": N_("pp"),
    "points": N_("points"),
    "xlsx.summary": N_("Summary"),
    "xlsx.scorecard": N_("Scorecard"),
    "xlsx.findings": N_("Findings"),
    "xlsx.fix_list": N_("Fix lists"),
    "xlsx.owners": N_("Owners"),
    "xlsx.merge_plan": N_("Merge plan"),
    "xlsx.datasets": N_("Data read"),
    "xlsx.rfm": N_("RFM segments"),
    "xlsx.due": N_("Due for a purchase"),
    "xlsx.lapsed": N_("Recently lapsed"),
    "xlsx.sheet": N_("Sheet"),
    "xlsx.message": N_("What was found"),
    "xlsx.encoding": N_("Encoding"),
    "xlsx.delimiter": N_("Delimiter"),
    "xlsx.source_header": N_("Header in the file"),
    "xlsx.canonical": N_("Read as column"),
    "xlsx.problem": N_("Problem"),
    "xlsx.value": N_("Current value"),
    "xlsx.customer": N_("Customer"),
    "xlsx.records_to_fix": N_("Records to fix"),
    "xlsx.raw_line": N_("Line as written in the file"),
    "xlsx.hidden": N_("(hidden in the shareable edition)"),
    "xlsx.group": N_("Group"),
    "xlsx.duplicate_of": N_("Merge into"),
    "status.done": N_("done"),
    "status.open": N_("open"),
    "status.in_progress": N_("in progress"),
    "status.blocked": N_("blocked"),
    "status.todo": N_("to do"),
    "status.n/a": N_("not applicable"),
    "status.na": N_("not applicable"),
    "status.yes": N_("yes"),
    "status.no": N_("no"),
    "status.pass": N_("pass"),
    "status.fail": N_("fail"),
    "status.draft": N_("draft"),
    "status.in_review": N_("in review"),
    "status.signed_off": N_("signed off"),
    "status.signed": N_("signed off"),
    "status.closed": N_("closed"),
    "status.cancelled": N_("cancelled"),
}

# The report's own name for a KPI where the registry's label would misname its value (a count).
KPI_NAMES: dict[str, str] = {"complaints": N_("Complaints")}

# Formula in words; {placeholders} come from the KPI's own fields.
KPI_DEFINITIONS: dict[str, str] = {
    "csat": N_(
        "Share of the CSAT survey responses submitted in the period that scored {threshold} or more "
        "on the {scale_min}–{scale_max} scale. Scores outside the scale are left out and reported "
        "as findings."
    ),
    "nps": N_(
        "100 × (promoters − detractors) ÷ responses to “How likely are you to recommend us?” (0–10) "
        "in the period; promoters answer 9–10, passives 7–8, detractors 0–6. Ranges from −100 to "
        "100. Margin of error at 95%: 1.96 × 100 × √((p + d − (p − d)²) ÷ n), with p and d the "
        "promoter and detractor shares."
    ),
    "cac": N_(
        "Acquisition (marketing) spend dated in the period ÷ new customers, those created in the "
        "period. Example: 100,000,000 spent, 1,000 new customers: 100,000 each."
    ),
    "churn_rate": N_(
        "Customers lost in the period ÷ customers at the start of the period (S). Customers "
        "acquired and lost inside the period are reported apart and do not enter the rate. Example: "
        "100 at the start, 20 lost: 20%."
    ),
    "retention_rate": N_(
        "(Customers at the end E − new customers N) ÷ customers at the start S. Example: E = 200, N "
        "= 50, S = 210: 71.4%."
    ),
    "adoption_rate": N_(
        "Licensed CRM users with at least one action in the usage log during the period ÷ licensed users."
    ),
    "lead_conversion_rate": N_(
        "Of the leads created in the period, the share that has a conversion date by the audit date."
    ),
    "win_rate": N_("Of the period's leads that reached a closed stage, the share won: won ÷ (won + lost)."),
    "campaign_roi": N_("(Revenue from the customers acquired in the period − acquisition spend) ÷ acquisition spend."),
    "clv": N_(
        "Average revenue per customer in the period × expected lifetime in periods (1 ÷ churn "
        "rate), times the gross margin when one is set."
    ),
    "revenue_concentration": N_(
        "Share of the period's revenue that comes from the top 20% of customers by revenue (the 80/20 check)."
    ),
    "complaints": N_(
        "Interactions of type complaint opened in the period; also per 100 customers active at the "
        "end of the period, and the customers with 3 or more complaints (serial complainers)."
    ),
    "first_response_hours": N_(
        "Median hours from opening a ticket to its first response, for the interactions opened in "
        "the period; the 90th percentile is shown beside it."
    ),
    "resolution_hours": N_(
        "Median hours from opening a ticket to its resolution, for the interactions opened in the "
        "period; the 90th percentile is shown beside it."
    ),
    "logins_per_active_user_per_week": N_(
        "Logins in the CRM usage log during the period ÷ active users ÷ weeks in the period."
    ),
    "data_entry_completeness": N_(
        "Share of the customers created in the period whose required fields are all filled: name, "
        "an email or a phone, segment and acquisition channel."
    ),
}

# What the value is based on ({placeholders} are the KPI's fields, formatted).
KPI_BASIS: dict[str, str] = {
    "csat": N_("{satisfied} of {n} responses scored {threshold}+"),
    "nps": N_("{n} responses: {promoters} promoters, {passives} passives, {detractors} detractors"),
    "cac": N_("spend {spend} ÷ {new_customers} new customers"),
    "churn_rate": N_("{lost} lost of {customers_at_start} at the start"),
    "retention_rate": N_("(E {customers_at_end} − N {new_customers}) ÷ S {customers_at_start}"),
    "adoption_rate": N_("{active_users} of {licensed_users} licensed users active"),
    "lead_conversion_rate": N_("{converted} of {leads} leads converted"),
    "win_rate": N_("{won} won, {lost} lost, {open} open"),
    "campaign_roi": N_("revenue {revenue} against spend {spend}"),
    "clv": N_("{revenue_per_customer} per customer × {expected_lifetime_periods} periods"),
    "revenue_concentration": N_("top {top_customers} of {customers} customers"),
    "complaints": N_(
        "{per_100_customers} per 100 of {active_customers} active customers; {serial_complainers} serial complainers"
    ),
    "first_response_hours": N_("{n} tickets; 90th percentile {p90_hours}"),
    "resolution_hours": N_("{n} tickets; 90th percentile {p90_hours}"),
    "logins_per_active_user_per_week": N_("{logins} logins by {active_users} active users in {weeks} weeks"),
    "data_entry_completeness": N_("{complete} of {records} new records complete"),
}

# Short titles for sheet names (Excel allows 31 characters), and short dataset names beside them.
SHEET_TITLES: dict[str, str] = {
    "duplicate_key": N_context("sheet", "Repeated ids"),
    "duplicate_email": N_context("sheet", "Duplicate emails"),
    "duplicate_phone": N_context("sheet", "Duplicate phones"),
    "duplicate_national_id": N_context("sheet", "Duplicate IDs"),
    "duplicate_fuzzy": N_context("sheet", "Likely duplicates"),
    "missing_required": N_context("sheet", "Missing required"),
    "missing_contact": N_context("sheet", "No contact"),
    "missing_value": N_context("sheet", "Missing values"),
    "invalid_email": N_context("sheet", "Invalid emails"),
    "invalid_phone": N_context("sheet", "Invalid phones"),
    "invalid_national_id": N_context("sheet", "Invalid IDs"),
    "suspicious_national_id": N_context("sheet", "Placeholder IDs"),
    "score_out_of_range": N_context("sheet", "Scores out of range"),
    "unknown_survey_type": N_context("sheet", "Unknown survey types"),
    "future_date": N_context("sheet", "Future dates"),
    "negative_amount": N_context("sheet", "Negative amounts"),
    "activity_before_customer": N_context("sheet", "Before customer"),
    "dates_out_of_order": N_context("sheet", "Dates out of order"),
    "stale_record": N_context("sheet", "Stale records"),
    "inconsistent_category": N_context("sheet", "Category spellings"),
    "orphan_reference": N_context("sheet", "Orphans"),
    "converted_lead_without_customer": N_context("sheet", "Converted no customer"),
    "not_in_reference": N_context("sheet", "Not in other system"),
    "reference_mismatch": N_context("sheet", "Other system differs"),
    "ingest_too_many_fields": N_context("sheet", "Too many fields"),
    "ingest_too_few_fields": N_context("sheet", "Rows cut short"),
    "ingest_formula_like_text": N_context("sheet", "Formula-like text"),
}
DATASET_SHORT: dict[str, str] = {
    "customers": N_context("sheet", "customers"),
    "interactions": N_context("sheet", "interactions"),
    "surveys": N_context("sheet", "surveys"),
    "leads": N_context("sheet", "leads"),
    "marketing_spend": N_context("sheet", "spend"),
    "crm_users": N_context("sheet", "users"),
    "crm_usage": N_context("sheet", "usage"),
    "orders": N_context("sheet", "orders"),
}

# Reasons and notes of the KPI library that the report words in the reader's language (English as written).
KPI_REASONS: tuple[str, ...] = (
    N_("{what} needs the {dataset} dataset"),
    N_("{n} responses excluded: score outside {low}-{high} or not a whole number"),
    N_("{n} customers acquired and lost in the period are reported apart (new_lost)"),
    N_("{dataset} has no {column} column"),
    N_("no valid {survey} responses ({n} out of range)"),
    N_("no {survey} responses"),
    N_("{n} customers without created_at left out"),
    N_("{what} needs the {dataset} dataset (or {columns})"),
    N_("{what} needs {columns} or {other_columns} with {key_columns}"),
    N_("{what} need {columns}"),
    N_("{what} needs {columns}"),  # last: {...columns} is "dataset.column" joined by " and "
)
REASONS_JOINED = N_("; ")
"""How the library joins two reasons in one (each is worded apart), and the report joins clauses."""
LIST_JOINED = N_(", ")
"""How the report lists words (column names, record ids)."""
COLUMN_IN_DATASET = N_("the {column} column of the {dataset} dataset")
"""One missing ``dataset.column`` of a reason, worded for a reader of another language."""
BOTH = N_("{first} and {second}")
