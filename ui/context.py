"""The sidebar every page shares (language, workspace, period, filters) and the context it yields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from crm_metrics.accounts import Permission
from crm_metrics.filters import choices
from crm_metrics.i18n import N_
from crm_metrics.periods import Period, custom_period, quarter_of

from . import auth, data
from .i18n import (
    KEPT_LANG_KEY,
    LANG_KEY,
    LANGUAGES,
    apply_direction,
    digits,
    embed_runs,
    fmt_date,
    fmt_number,
    lang,
    on_language_change,
    paragraph,
    t,
    tn,
)
from .text import md_escape

WORKSPACES_KEY = "workspaces"  # session: key -> data.Workspace (uploaded workspaces of this session)
CURRENT_KEY = "workspace_key"
IN_USE_KEY = "_workspace_in_use"  # the workspace this run's sidebar chose (downloads check and log it)
PENDING_KEY = "_workspace_next"  # set by a page; applied before the sidebar's selectbox exists
STORED_KEY = "_upload_stored"  # (workspace key, file name, rows): the upload just stored, said on the next page
SAMPLE_LABEL = N_("Sample: Pars Negar")  # the bundled sample workspace, as the sidebar names it
CALENDARS = {"gregorian": N_("Gregorian"), "jalali": N_("Jalali (Shamsi)")}
GRANULARITIES = {"quarter": N_("Quarter"), "month": N_("Month"), "year": N_("Year"), "custom": N_("Custom range")}


@dataclass(frozen=True)
class Context:
    workspace: data.Workspace
    selection: data.Selection
    as_of: dt.date
    currency: str = "toman"


def workspaces() -> dict[str, data.Workspace]:
    """Workspaces this session's principal may read: the stored ones granted (all for an administrator),
    those this session uploaded to, and the bundled sample in local mode and for administrators."""
    from . import store_bridge

    p = auth.require_principal()
    found = {data.SAMPLE.key: data.SAMPLE} if auth.sees_sample(p) else {}
    found.update(store_bridge.stored_workspaces())  # the bound store lists only the granted ones
    found.update({k: ws for k, ws in st.session_state.get(WORKSPACES_KEY, {}).items() if auth.can(Permission.READ, k)})
    return found


def register_workspace(ws: data.Workspace, *, select: bool = True) -> None:
    """Add (or update) a workspace of this session; it is selected on the next run."""
    st.session_state.setdefault(WORKSPACES_KEY, {})[ws.key] = ws
    if select:
        st.session_state[PENDING_KEY] = ws.key


def stored_upload(ws: data.Workspace, file_name: str, rows: int) -> None:
    """Remember an upload just stored, for :func:`upload_notice` on the page shown next."""
    st.session_state[STORED_KEY] = (ws.key, file_name, rows)


def upload_notice(workspace: data.Workspace) -> None:
    """Say (once) which file was just stored in ``workspace`` (named in the page's caption) and how many rows."""
    stored = st.session_state.pop(STORED_KEY, None)
    if stored is None or stored[0] != workspace.key:
        return
    file_name, rows = stored[1], stored[2]
    loaded = tn("{count} row loaded", "{count} rows loaded", rows, count=fmt_number(rows))
    st.success(paragraph(f"{md_escape(embed_runs(file_name))}: {loaded}"))  # a Latin file name opens it


def current_workspace() -> data.Workspace | None:
    """The workspace selected in the sidebar (the first one readable when none is), None when none is readable."""
    all_ws = workspaces()
    return all_ws.get(st.session_state.get(CURRENT_KEY, "")) or next(iter(all_ws.values()), None)


def workspace_label(workspace: data.Workspace) -> str:
    """A workspace's name as shown: the bundled sample is named in the session's language."""
    return t(SAMPLE_LABEL) if workspace.key == data.SAMPLE.key else workspace.name


def workspace_title(workspace: data.Workspace) -> str:
    """A workspace's name for Markdown-rendering places (titles, captions, alerts, labels): escaped."""
    return md_escape(workspace_label(workspace))


def period_label(p: Period) -> str:
    """A period's name in the current language: ``2024 Q3`` or ``فصل ۲ سال ۱۴۰۳``."""
    if p.kind == "custom":
        return f"{fmt_date(p.start)} – {fmt_date(p.end)}"
    label = p.label
    if p.kind == "quarter":
        year, q = label.split("Q")
        return t("{year} Q{q}", year=year, q=q)
    return digits(label)


def _period_options(as_of: dt.date, granularity: str, calendar: str, count: int = 12) -> tuple[list[Period], int]:
    """Periods to offer, newest first, starting with the one still running on ``as_of``, and the
    index of the default: the last complete one (the running period stays selectable)."""
    from crm_metrics.periods import parse_period

    if granularity == "quarter":
        running = quarter_of(as_of, calendar)
    elif calendar == "jalali":
        from crm_metrics import jalali

        y, m, _ = jalali.from_gregorian(as_of)
        running = parse_period(f"{y}-{m:02d}" if granularity == "month" else f"{y}")
    else:
        running = parse_period(f"{as_of.year}-{as_of.month:02d}" if granularity == "month" else f"{as_of.year}")
    options = [running.shifted(-i) for i in range(count + 1)]
    return options, (0 if running.end <= as_of else 1)


TRANSLATED_SELECTS = (CURRENT_KEY, "granularity")
"""Keyed selects whose option labels are translated: the browser keeps the label it was sent last."""


def _language_changed() -> None:
    """Switch the calendar with the language, and have the selects show their labels in the new language.

    A select's value travels as its label; while the value is unchanged Streamlit does not send it
    again, so the browser would keep the old language's label until the next change. Assigning the
    value (the same one) marks it as changed in this run, and the new label goes out with it.
    """
    on_language_change()
    for key in TRANSLATED_SELECTS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def language_picker() -> None:
    """The language switch (also on the sign-in page) and the page direction that goes with it.

    The radio's state is lost when a page opens another with ``st.switch_page`` (the Data page's confirm): the
    next page would be drawn in English under a radio still showing Persian. The choice is kept under a key
    of its own and given back to the radio before it is drawn."""
    if LANG_KEY not in st.session_state and KEPT_LANG_KEY in st.session_state:
        st.session_state[LANG_KEY] = st.session_state[KEPT_LANG_KEY]
    st.radio(
        t("Language / زبان"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=LANG_KEY,
        horizontal=True,
        on_change=_language_changed,
    )
    st.session_state[KEPT_LANG_KEY] = st.session_state[LANG_KEY]
    apply_direction()


def sidebar() -> Context:
    """Draw the shared sidebar and return the context pages use (stops the page when the principal
    may read no workspace)."""
    from .auth_account import account_panel

    with st.sidebar:
        language_picker()
        account_panel(auth.require_principal())
        all_ws = workspaces()
        keys = list(all_ws)
        if not keys:
            st.session_state.pop(CURRENT_KEY, None)
            st.info(t("No workspace is shared with you yet. Ask an administrator for access."))
            st.stop()
        switched = st.session_state.get(PENDING_KEY) in keys  # a page opened a workspace (a new upload's)
        if switched:
            st.session_state[CURRENT_KEY] = st.session_state.pop(PENDING_KEY)
        if st.session_state.get(CURRENT_KEY) not in keys:
            st.session_state[CURRENT_KEY] = keys[0]
        st.selectbox(
            t("Workspace"), keys, key=CURRENT_KEY, format_func={k: workspace_label(all_ws[k]) for k in keys}.__getitem__
        )  # labels made in this run's language
        ws = all_ws[st.session_state[CURRENT_KEY]]
        st.session_state[IN_USE_KEY] = ws
        with st.spinner(t("Reading the workspace…")):
            default, as_of = data.default_period(ws)
            frames = data.frames(ws)
        st.subheader(t("Filters"))
        calendar = (
            st.segmented_control(
                t("Calendar"),
                list(CALENDARS),
                key="calendar",
                default="jalali" if lang() == "fa" else "gregorian",
                format_func={c: t(name) for c, name in CALENDARS.items()}.__getitem__,
            )
            or "gregorian"
        )
        granularity = (
            st.selectbox(
                t("Period type"),
                list(GRANULARITIES),
                key="granularity",
                format_func={g: t(name) for g, name in GRANULARITIES.items()}.__getitem__,
            )
            or "quarter"
        )
        if granularity == "custom":
            picked = st.date_input(t("From – to"), value=(default.start, default.end), key="custom_range")
            start, end = picked if isinstance(picked, tuple) and len(picked) == 2 else (default.start, default.end)
            period = custom_period(start, end)
        else:
            options, index = _period_options(as_of, granularity, calendar)
            if switched:  # its default period, assigned so the browser shows it (not the last workspace's label)
                st.session_state[f"period_{granularity}_{calendar}"] = options[index]
            chosen = st.selectbox(
                t("Period"),
                options,
                index=index,  # also when assigned above: Streamlit logs a warning once (index=None: a clear button)
                format_func={p: period_label(p) for p in options}.__getitem__,
                key=f"period_{granularity}_{calendar}",
            )
            period = chosen if chosen is not None else options[index]
        opts = choices(frames)
        segments = st.multiselect(t("Segment"), opts["segments"], key="f_segments", placeholder=t("All"))
        channels = st.multiselect(t("Acquisition channel"), opts["channels"], key="f_channels", placeholder=t("All"))
        owners = st.multiselect(t("Owner"), opts["owners"], key="f_owners", placeholder=t("All"))
        st.caption(f"{period_label(period)} · {fmt_date(period.start)} – {fmt_date(period.end)}")
    selection = data.Selection(period, tuple(segments), tuple(channels), tuple(owners))
    return Context(ws, selection, max(as_of, period.end) if period.end > as_of else as_of)


def context() -> Context:
    """The context computed by the sidebar in this run (app.py draws it before the page runs)."""
    ctx = st.session_state.get("_context")
    if ctx is None:  # a page run on its own (tests, or Streamlit's old multipage fallback): draw the sidebar here
        _leave_v1_multipage_fallback()
        if auth.gate() is None:  # the same gate as app.py: nothing of a workspace before sign-in
            st.stop()
        ctx = sidebar()
    return ctx


def _leave_v1_multipage_fallback() -> None:
    """Have app.py handle a deep link that Streamlit routed to a page file alone.

    Streamlit (1.67) also reads ``pages/`` as its old (v1) multipage folder: until some
    session of the process has run app.py (whose ``st.navigation`` switches that off), a
    first request such as ``/review`` runs ``pages/review.py`` by itself, without the page
    config and navigation, and the session's first widget change is lost. Switching it off
    and rerunning hands the same URL to app.py (page hashes come from the URL path, so the
    page is the same). A page tested alone (``AppTest``) never has the flag set.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
