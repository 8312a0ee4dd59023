"""The review's keep/review section: which customers to keep and which relationships to review (seed 003),
with the customers to call from the purchase history: due for a purchase, and recently lapsed with high value."""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.i18n import t
from ui.retention.basis import basis_text
from ui.retention.data import purchases
from ui.retention.lists import due_list, lapsed_list

from .labels import bold
from .state import ReviewState

LIST_ROWS = 10  # customers shown per list in the review (the CSV holds them all)


def keep_or_end(state: ReviewState) -> None:
    """The criteria of seed 003, then the two call lists of the review's period (the whole workspace)."""
    keep = [
        t("satisfied customers"),
        t("customers who suggest product innovations"),
        t("valuable, profitable customers"),
    ]
    end = [
        t("serial complainers"),
        t("customers who pay late again and again"),
        t("destructive customers"),
        t("customers who always hunt for a better deal"),
    ]
    with st.expander(t("Which customers to keep, which relationships to review")):
        st.markdown(bold(t("Keep:")) + "\n" + "\n".join(f"- {line}" for line in keep))
        st.markdown(bold(t("Review for ending:")) + "\n" + "\n".join(f"- {line}" for line in end))
        history = purchases(state.workspace, data.Selection(state.period), state.as_of).history
        card = data.kpis(state.workspace, data.Selection(state.period), state.as_of)
        if text := basis_text(card.churn_basis, card.inactive_days):
            st.caption(text)
        due_list(history.due, key=state.key("keep", "due"), rows=LIST_ROWS)
        lapsed_list(history.lapsed, key=state.key("keep", "lapsed"), rows=LIST_ROWS)
