"""Data quality: findings by severity and check, the affected records, the duplicate review queue, fix lists."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_metrics.datasets import DATASETS
from crm_metrics.store import cluster_key
from crm_metrics.vocab import NOT_DECIDED, Decision, Severity
from ui import data, findings_text, store_bridge
from ui.components import csv_bytes, table
from ui.context import context
from ui.i18n import fmt_number, fmt_percent, t

ctx = context()
st.title(t("page.quality"))
with st.spinner(t("loading")):
    report = data.quality(ctx.workspace, ctx.as_of)
    frames = data.frames(ctx.workspace)

score = report.score
c1, c2, c3 = st.columns(3)
c1.metric(t("quality.score"), fmt_percent(score.score))
c2.metric(t("quality.findings"), fmt_number(len(report.findings)))
c3.metric(t("quality.duplicates"), fmt_number(len(report.duplicates.clusters)))

severity_order: dict[str, int] = {s: i for i, s in enumerate(Severity)}
rows = [
    {
        t("severity"): t(Severity(f.severity).label),
        t("check"): findings_text.title(f.check),
        t("dataset"): f.dataset,
        t("count"): f.count,
        t("share"): fmt_percent(f.share),
        t("message"): findings_text.message(f),
        t("fix"): findings_text.fix(f),
    }
    for f in sorted(report.findings, key=lambda f: (severity_order.get(f.severity, 3), -f.share))
]
st.subheader(t("quality.findings"))
table(pd.DataFrame(rows), key="findings")

st.subheader(t("quality.records"))
labels = [
    f"{findings_text.title(f.check)} · {f.dataset}{' · ' + f.column if f.column else ''} ({fmt_number(f.count)})"
    for f in report.findings
]
if labels:
    pick = st.selectbox(t("check"), range(len(labels)), format_func=labels.__getitem__, key="finding_pick")
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
    st.caption(findings_text.fix(finding))
    table(affected, key="affected", download=f"fix_list_{finding.check}_{finding.dataset}.csv", height=320)

st.subheader(t("quality.by_owner"))
owners = pd.DataFrame(
    [
        {
            t("owner"): o.owner,
            t("count"): o.customers,
            t("quality.records"): o.with_issues,
            t("quality.score"): fmt_percent(o.score),
        }
        for o in report.owner_scores
    ]
)
table(owners, key="owners")

st.subheader(t("quality.duplicates"))
decisions = store_bridge.duplicate_decisions(ctx.workspace)
clusters = report.duplicates.clusters
BANDS = {b: t(f"band.{b}") for b in ("needs_review", "sure")}
band_filter = st.segmented_control(
    t("confidence"), list(BANDS), default="needs_review", key="band", format_func=BANDS.get
)
shown = [c for c in clusters if not band_filter or c.band == band_filter]
customers = frames.get("customers")
UNDECIDED = "undecided"  # no decision saved (never stored)


def decision_label(d: str) -> str:
    return t(NOT_DECIDED) if d == UNDECIDED else t(Decision(d).label)


PAGE_SIZE = 10
pages = max(1, -(-len(shown) // PAGE_SIZE))
page = (
    st.number_input(t("queue.page"), min_value=1, max_value=pages, value=1, step=1, key="dup_page") if pages > 1 else 1
)
st.caption(
    t("queue.showing", start=(page - 1) * PAGE_SIZE + 1, end=min(page * PAGE_SIZE, len(shown)), total=len(shown))
)
for i, cluster in enumerate(shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]):
    cid = cluster_key(cluster.ids)
    with st.expander(
        f"{' · '.join(cluster.ids)} — {BANDS[cluster.band]} — {decision_label(decisions.get(cid, UNDECIDED))}"
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
                "rule": p.rule,
                t("confidence"): BANDS[p.band],
                **{e.field: f"{e.status}" + (f" ({e.score:.2f})" if e.score is not None else "") for e in p.evidence},
            }
            for p in cluster.pairs
        ]
        st.markdown(f"**{t('evidence')}**")
        st.dataframe(pd.DataFrame(evidence), hide_index=True, width="stretch")
        st.caption(f"{t('survivor')}: {cluster.survivor}")
        current = decisions.get(cid, UNDECIDED)
        options = [UNDECIDED, *Decision] if current == UNDECIDED else list(Decision)  # a decision can be changed
        choice = st.radio(
            t("decision"),
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
                t("decision"): decisions.get(cluster_key(c.ids), UNDECIDED),
            }
            for c in clusters
        ]
    )
    st.download_button(
        t("quality.merge_plan"),
        csv_bytes(plan),
        file_name="duplicate_merge_plan.csv",
        mime="text/csv",
        on_click="ignore",
        key="dl_plan",
    )

st.subheader(t("ingestion_findings"))
reading = pd.DataFrame(data.reading_findings(ctx.workspace))
if not reading.empty:
    reading = reading[["dataset", "check", "severity", "count", "message", "fix"]]
table(reading, key="reading")
