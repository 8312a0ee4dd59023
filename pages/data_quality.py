"""Data quality: findings by severity and check, the affected records, the duplicate review queue, fix lists."""

from __future__ import annotations

import dataclasses

import pandas as pd
import phonenumbers
import streamlit as st
from babel import Locale

from crm_metrics.datasets import DATASETS
from crm_metrics.i18n import N_, Verbatim
from crm_metrics.matching.evaluation import estimate_of
from crm_metrics.quality.duplicates import DuplicatePair
from crm_metrics.quality.finding_text import column_label
from crm_metrics.store import cluster_key
from crm_metrics.vocab import NOT_DECIDED, Decision, Severity
from ui import charts, data, findings_text, quality_view, store_bridge
from ui.components import csv_bytes, dataset_label, may_export, table
from ui.context import context
from ui.i18n import digits, fmt_number, fmt_percent, lang, paragraph, t, tn
from ui.text import md_escape

ctx = context()
st.title(t("Data quality"))
with st.spinner(t("Reading the workspace…")):
    job = data.quality_job(ctx.workspace, ctx.as_of)
    frames = data.frames(ctx.workspace)
done = quality_view.show(
    job, note=t("The findings, the affected records and the duplicate review queue appear here when it is done.")
)
if done is None:  # still computing (its progress is drawn) or failed (said): nothing else to show yet
    st.stop()
report = done
quality_view.tiles(report)

severity_order: dict[str, int] = {s: i for i, s in enumerate(Severity)}
rows = [
    {
        t("Severity"): t(Severity(f.severity).label),
        t("Check"): findings_text.title(f.check),
        t("Dataset"): dataset_label(f.dataset),
        t("Count"): f.count,
        t("Share"): fmt_percent(f.share),
        t("Finding"): findings_text.message(f),
        t("Fix"): findings_text.fix(f),
    }
    for f in sorted(report.findings, key=lambda f: (severity_order.get(f.severity, 3), -f.share))
]
st.subheader(t("Findings"))
table(pd.DataFrame(rows), key="findings")

st.subheader(t("Affected records"))
labels = [
    " · ".join(
        [findings_text.title(f.check), dataset_label(f.dataset)]
        + ([column_label(f.column, lang())] if f.column else [])
    )
    + f" ({fmt_number(f.count)})"
    for f in report.findings
]
if labels:
    pick = st.selectbox(t("Check"), range(len(labels)), format_func=labels.__getitem__, key="finding_pick")
    finding = report.findings[pick]
    frame = frames.get(finding.dataset)
    key = DATASETS[finding.dataset].key
    if frame is not None and key and key in frame.columns:
        affected = frame[frame[key].isin(list(finding.record_ids))].drop(columns=["_line"], errors="ignore")
    elif frame is not None:
        lines = [int(r.split(":", 1)[1]) for r in finding.record_ids if str(r).startswith("line:")]
        affected = frame[frame["_line"].isin(lines)]
    else:
        affected = pd.DataFrame({"record_id": list(finding.record_ids)})
    st.caption(md_escape(findings_text.fix(finding)))
    table(affected, key="affected", download=f"fix_list_{finding.check}_{finding.dataset}.csv", height=320)

st.subheader(t("Score by owner"))
owners = pd.DataFrame(
    [
        {
            t("Owner"): o.owner,
            t("Count"): o.customers,
            t("Affected records"): o.with_issues,
            t("Records with no issue"): fmt_percent(o.score),
        }
        for o in report.owner_scores
    ]
)
table(owners, key="owners")

st.subheader(t("Duplicate review queue"))
THRESHOLDS = store_bridge.workspace_settings(ctx.workspace)  # the settings the audit above ran with
SAVED_KEY = "_matching_settings_saved"
# what WorkspaceSettings says when it refuses a value (crm_metrics.workspace_settings), in the catalogue
REFUSALS = (
    N_("The sure threshold must be a probability above 0."),
    N_("The review threshold must be a probability no higher than the sure threshold."),
    N_("The phone region is a two-letter country code (IR, US, DE, ...)."),
)


TERRITORIES = Locale.parse(lang()).territories  # region names in the session's language


def region_label(code: str) -> str:
    """``Iran (IR)`` / ``ایران (IR)``: the region's name and its code."""
    return f"{TERRITORIES.get(code, code)} ({code})"


def percent_input(label: str, probability: float, name: str) -> float:
    """A probability threshold typed as a percentage (0.1 to 100, two decimals)."""
    key = f"match_{name}_{ctx.workspace.key}"
    value = round(probability * 100, 4)
    return float(st.number_input(label, 0.1, 100.0, value, step=0.5, format="%.2f", key=key))


with st.expander(t("Matching settings"), expanded=SAVED_KEY in st.session_state):
    if st.session_state.pop(SAVED_KEY, False):
        st.success(t("Settings saved: the duplicates were found again with them."))
    regions = sorted(phonenumbers.SUPPORTED_REGIONS, key=region_label)
    with st.form(f"matching_settings_{ctx.workspace.key}"):
        sure = percent_input(t("Sure from a match probability of (%)"), THRESHOLDS.sure_threshold, "sure")
        review = percent_input(
            t("Proposed for review from a match probability of (%)"), THRESHOLDS.review_threshold, "review"
        )
        region = st.selectbox(
            t("Region of phone numbers written without a country code (on rows without a country)"),
            regions,
            index=regions.index(THRESHOLDS.phone_region) if THRESHOLDS.phone_region in regions else 0,
            format_func=region_label,
            key=f"match_region_{ctx.workspace.key}",
        )
        if st.form_submit_button(t("Save the matching settings")):
            try:
                chosen = dataclasses.replace(
                    THRESHOLDS,
                    sure_threshold=round(sure / 100, 6),
                    review_threshold=round(review / 100, 6),
                    phone_region=region,
                )
            except ValueError as err:  # the settings check their values (crm_metrics.workspace_settings)
                st.error(t(str(err)))
            else:
                store_bridge.save_workspace_settings(ctx.workspace, chosen)
                st.session_state[SAVED_KEY] = True
                st.rerun()

decisions = store_bridge.duplicate_decisions(ctx.workspace)
clusters = report.duplicates.clusters
BANDS = {band: t(label) for band, label in (("needs_review", N_("needs review")), ("sure", N_("sure")))}
band_filter = st.segmented_control(
    t("Confidence"), list(BANDS), default="needs_review", key="band", format_func=BANDS.__getitem__
)
shown = [c for c in clusters if not band_filter or c.band == band_filter]
estimate = estimate_of(report.duplicates, decisions)  # the audit and the decisions this page already read
if estimate.labelled:
    st.caption(
        tn(
            "{n} pair labelled by reviewers: precision of these settings {precision}, recall on known duplicates "
            "{recall} ({found_same} of {same} same-person pairs found, {found_different} of {different} "
            "not-the-same pairs still proposed).",
            "{n} pairs labelled by reviewers: precision of these settings {precision}, recall on known duplicates "
            "{recall} ({found_same} of {same} same-person pairs found, {found_different} of {different} "
            "not-the-same pairs still proposed).",
            estimate.labelled,
            precision=fmt_percent(estimate.precision) if estimate.precision is not None else t("too few labels"),
            recall=fmt_percent(estimate.recall) if estimate.recall is not None else t("too few labels"),
            found_same=estimate.found_same,
            same=estimate.same,
            found_different=estimate.found_different,
            different=estimate.different,
        )
    )
st.caption(
    t(
        "A pair is sure from a match probability of {sure}, to review from {review}.",
        sure=fmt_percent(THRESHOLDS.sure_threshold, 0),
        review=fmt_percent(THRESHOLDS.review_threshold, 0),
    )
)
customers = frames.get("customers")
UNDECIDED = "undecided"  # no decision saved (never stored)


def decision_label(d: str) -> str:
    return t(NOT_DECIDED) if d == UNDECIDED else t(Decision(d).label)


def show_match_weights(pair: DuplicatePair, cid: str) -> None:
    """A pair's match probability and each field's match weight as bars, or why there are none."""
    ids = {"a": Verbatim(pair.a), "b": Verbatim(pair.b)}  # record ids as the tables write them
    md_ids = {k: Verbatim(md_escape(v)) for k, v in ids.items()}  # ... and as Markdown draws them
    if pair.probability is None or not any(pair.weights.values()):
        st.caption(paragraph(t("{a} and {b}: the match model did not run, so there is no probability.", **md_ids)))
        return
    st.markdown(
        paragraph(
            t("{a} and {b}: match probability {probability}", **md_ids, probability=fmt_percent(pair.probability, 2))
        )
    )
    weights = {column_label(name, lang()): w for name, w in pair.weights.items()}
    fig = charts.match_weights(
        weights,
        rtl=lang() == "fa",
        title=t("What each field says ({a} and {b})", **ids),
        axis_title=t("Match weight (negative = evidence against)"),
    )
    st.plotly_chart(fig, key=f"weights_{cid}_{pair.a}_{pair.b}", config={"displayModeBar": False})


PAGE_SIZE = 10
pages = max(1, -(-len(shown) // PAGE_SIZE))
# a select, not a number field: its numbers are written in the language's digits (a number field shows Latin ones)
page = (
    st.selectbox(t("Page"), list(range(1, pages + 1)), format_func=digits, key=f"dup_page_{pages}") if pages > 1 else 1
)
st.caption(
    tn(
        "{start}–{end} of {total} group",
        "{start}–{end} of {total} groups",
        len(shown),
        start=(page - 1) * PAGE_SIZE + 1,
        end=min(page * PAGE_SIZE, len(shown)),
        total=len(shown),
    )
)
for cluster in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
    cid = cluster_key(cluster.ids)
    with st.expander(
        f"{' · '.join(map(md_escape, cluster.ids))} — {BANDS[cluster.band]} — "
        f"{decision_label(decisions.get(cid, UNDECIDED))}"
    ):
        if customers is not None:
            cols = [
                c
                for c in (
                    "customer_id",
                    "name",
                    "first_name",
                    "last_name",
                    "email",
                    "phone",
                    "company",
                    "city",
                    "owner",
                    "updated_at",
                )
                if c in customers.columns
            ]
            st.dataframe(
                customers.loc[customers["customer_id"].isin(list(cluster.ids)), cols], hide_index=True, width="stretch"
            )
        evidence = [
            {
                "a": p.a,
                "b": p.b,
                t("Rule"): p.rule,
                t("Confidence"): BANDS[p.band],
                **{
                    e.field: f"{e.status}" + (f" ({fmt_number(e.score, 2)})" if e.score is not None else "")
                    for e in p.evidence
                },
            }
            for p in cluster.pairs
        ]
        st.markdown(f"**{t('Evidence')}**")
        st.dataframe(pd.DataFrame(evidence), hide_index=True, width="stretch")
        for p in cluster.pairs:
            show_match_weights(p, cid)
        st.caption(f"{t('Suggested surviving record')}: {md_escape(cluster.survivor)}")
        current = decisions.get(cid, UNDECIDED)
        options = (
            [UNDECIDED, *Decision.values()] if current == UNDECIDED else Decision.values()
        )  # a decision can be changed
        choice = st.radio(
            t("Decision"),
            options,
            horizontal=True,
            index=options.index(current),
            format_func=decision_label,
            key=f"dup_{ctx.workspace.key}_{cid}",
        )
        if choice != current:
            store_bridge.save_duplicate_decision(ctx.workspace, cluster.ids, choice, survivor=cluster.survivor)
            decisions[cid] = choice
if shown:
    plan = pd.DataFrame(
        [
            {
                "cluster": " ".join(c.ids),
                "survivor": c.plan.survivor,
                "merge": " ".join(c.plan.merge),
                "conflicts": " ".join(c.plan.conflicts),
                t("Decision"): decisions.get(cluster_key(c.ids), UNDECIDED),
            }
            for c in clusters
        ]
    )
    if may_export(unmasked=True):  # record ids: an unmasked export
        st.download_button(
            t("Download the merge plan (CSV)"),
            csv_bytes(plan),
            file_name="duplicate_merge_plan.csv",
            mime="text/csv",
            on_click="ignore",
            key="dl_plan",
        )

st.subheader(t("Reading findings"))
reading = pd.DataFrame(
    [
        {
            t("Dataset"): dataset_label(f.dataset),
            t("Check"): findings_text.title(f.check),
            t("Severity"): t(Severity(f.severity).label),
            t("Count"): f.count,
            t("Finding"): findings_text.message(f),
            t("Fix"): findings_text.fix(f),
        }
        for f in data.reading_findings(ctx.workspace)
    ]
)
table(reading, key="reading")
