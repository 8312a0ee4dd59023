"""The quarterly review as a manager does it, and two clients side by side, in a real browser.

1. On the sample workspace, 2026 Q3: start the review, answer all 43 checklist items through the
   widgets, add three action items (owners, due dates; one left open, one in progress, one done),
   sign off; then a new browser session against a restarted server process on the same database
   file shows everything as it was left; the next quarter's review carries the open actions over.
2. Two browser sessions at once upload two clients' files into workspaces "Client A" and
   "Client B": neither ever shows the other's numbers or records under its own name.

Needs Debian's /usr/bin/chromium and the pip package playwright (skipped without them, failed
with E2E_REQUIRED=1). Run alone with::

    .venv/bin/python -m pytest tests/e2e/test_review_journey.py -m e2e -rs
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from crm_metrics.audit import AuditOptions, choose_period
from crm_metrics.ingest import read_bytes
from crm_metrics.kpis import scorecard
from crm_metrics.kpis.registry import kpi
from crm_metrics.store import checklist as C
from crm_metrics.vocab import ActionStatus, AnswerStatus
from ui.context import SAMPLE_LABEL
from ui.review.labels import SELF_ANSWER_LABELS

from .conftest import require_browser
from .harness import RERUN_TIMEOUT, AppServer, go, local_only_context, metrics, wait_idle

pytestmark = pytest.mark.e2e

CHURN, RETENTION = kpi("churn_rate").short, kpi("retention_rate").short  # Overview tile labels
EXPECT_MS = 30_000  # one rerun of the review page; the first run of a process (sample read) takes longer
SAMPLE_PERIOD = "2026 Q3"
NEXT_PERIOD = "2026 Q4"
Q4_START, Q4_END = dt.date(2026, 10, 1), dt.date(2026, 12, 31)


# ----------------------------------------------------------------------------- what the manager answers

# Every one of the 43 items, every status at least once. The self-assessment (radios) gets 10 "yes".
_PLAN = {
    "criteria": ["done", "in_progress", "done", "not_done", "not_applicable"],
    "steps": ["done", "done", "in_progress", "not_done", "done"],
    "strategy": ["done", "done", "not_applicable", "done", "not_done", "done", "in_progress", "done"],
    "self": ["done", "not_done", "done", "not_applicable"] * 5,
    "loop": ["done", "done", "not_done", "not_applicable", "in_progress"],
}
ANSWERS = {
    item: status for section in C.SECTIONS for item, status in zip(section.items, _PLAN[section.key], strict=True)
}
ICON = {  # the Material icon of each answer in its item's title (drawn as the icon's name)
    "": "check_box_outline_blank",
    "done": "check_circle",
    "not_done": "cancel",
    "not_applicable": "do_not_disturb_on",
    "in_progress": "hourglass_top",
}
SELF_SCORE = sum(1 for i, s in ANSWERS.items() if C.SECTION_OF[i] == "self" and s == "done")


def status_label(section: str, status: str) -> str:
    if section == "self" and status in ("done", "not_done"):
        return SELF_ANSWER_LABELS[status]
    return AnswerStatus(status).label


DETAILED_ITEM = "criteria.2"  # also gets an owner, a due date and notes
DETAILED = {"owner": "Mina Rahimi", "due": dt.date(2026, 10, 20), "notes": "Merge the duplicate-email groups first."}

# (title, owner, due date, linked checklist item, status after the save): one stays open, one is done.
ACTIONS = [
    ("Merge the duplicate customer records", "Mina Rahimi", dt.date(2026, 10, 31), "criteria.2", "open"),
    ("Train the sales team on logging follow-ups", "Reza Karimi", dt.date(2026, 11, 30), None, "in_progress"),
    ("Publish the CSAT dashboard to the team", "Sara Ahmadi", dt.date(2026, 10, 15), None, "done"),
]
CARRIED = [a for a in ACTIONS if a[4] in ("open", "in_progress")]
SIGNER = "local"  # the sign-off names the signed-in account; with no accounts on loopback, "local"


# ----------------------------------------------------------------------------- widget helpers


def choose(page, box, option: str, *, rerun: bool = True, attempts: int = 6) -> None:
    """Pick ``option`` in an st.selectbox (a react-aria combobox), checking it stuck.

    Retried: a click can land while the list is still being positioned (it then stays closed).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts):
        if box.input_value() == option:
            return
        box.scroll_into_view_if_needed()
        page.wait_for_timeout(50)  # a scroll after the list opened would close it again
        box.click()
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(state="visible", timeout=1_000)
            choice.click(timeout=2_000)  # the list can close again under the pointer: then try once more
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        if rerun:
            wait_idle(page)
        else:
            page.wait_for_function("() => !document.querySelector('[role=\"listbox\"]')", timeout=5_000)
    assert box.input_value() == option, f"could not choose {option!r}: the box shows {box.input_value()!r}"


def options_of(page, box) -> list[str]:
    """The options an st.selectbox offers (opens and closes its list)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(6):
        box.scroll_into_view_if_needed()
        page.wait_for_timeout(50)
        box.click()
        try:
            page.get_by_role("option").first.wait_for(state="visible", timeout=1_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        found = page.get_by_role("option").all_inner_texts()
        page.keyboard.press("Escape")
        return [o.strip() for o in found]
    raise AssertionError("the selectbox's list did not open")


def type_date(page, field, day: dt.date) -> None:
    """Type a date into an st.date_input (a react-aria date field: year, month, day segments)."""
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%Y%m%d"))


def date_of(field):
    """The hidden ISO input behind an st.date_input: what the widget holds (``to_have_value``)."""
    return field.locator('input[type="date"]').first


def expand_all(container) -> None:
    """Open every closed expander in ``container`` at once (one click each, without waiting in between)."""
    from playwright.sync_api import expect

    container.evaluate("c => c.querySelectorAll('details:not([open]) > summary').forEach(s => s.click())")
    expect(container.locator("details:not([open])")).to_have_count(0)


def flash(page, text: str):
    return page.get_by_test_id("stMain").get_by_test_id("stAlertContentSuccess").filter(has_text=text)


def new_page(browser, server: AppServer, blocked: list[str]):
    ctx = local_only_context(browser, server.url, blocked)
    ctx.set_default_timeout(EXPECT_MS)
    return ctx, ctx.new_page()


def open_app(page, server: AppServer) -> None:
    """Open the app at its root (see test_deep_link_runs_the_app for why not at /review) and wait for it."""
    from playwright.sync_api import expect

    page.goto(server.url + "/", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible(timeout=RERUN_TIMEOUT)
    tile = page.get_by_test_id("stMetric").filter(has_text=CHURN).get_by_test_id("stMetricValue")
    expect(tile).to_have_text(re.compile(r"\d"), timeout=RERUN_TIMEOUT)  # the scorecard is drawn
    wait_idle(page)


@contextlib.contextmanager
def on_failure(tmp_path: Path, servers, pages):
    """Screenshots of every open page and the servers' log tails when the block fails."""
    try:
        yield
    except BaseException:
        for n, pg in enumerate(list(pages)):
            try:
                shot = tmp_path / f"failure_{n}.png"
                pg.screenshot(path=str(shot), full_page=True)
                print(f"e2e: screenshot of the failure: {shot}")
            except Exception as err:
                print(f"e2e: no screenshot ({err})")
        for server in servers:
            print(f"e2e: streamlit log tail ({server.log_path}):\n{server.log_tail()}")
        raise


# ----------------------------------------------------------------------------- the review page


def review_tab(page, name: str):
    from playwright.sync_api import expect

    page.get_by_role("tab", name=name, exact=True).click()
    panel = page.get_by_role("tabpanel", name=name, exact=True)
    expect(panel).to_be_visible()
    return panel


def section_forms(panel):
    """The five checklist forms, in C.SECTIONS order."""
    return panel.get_by_test_id("stForm")


def item_label(expander):
    return expander.locator("summary").get_by_test_id("stMarkdownContainer").first


def item_titles(form) -> list[tuple[str, str]]:
    """(icon name, text) of every checklist item's title in ``form``, in order (the icon draws as its name)."""
    labels = form.locator("summary").get_by_test_id("stMarkdownContainer").all_inner_texts()
    return [tuple(label.strip().split(maxsplit=1)) for label in labels]


def answer_section(page, form, section: C.Section) -> None:
    """Answer every item of one checklist section through its widgets, then save the section."""
    from playwright.sync_api import expect

    expanders = form.get_by_test_id("stExpander")
    expect(expanders).to_have_count(len(section.items))
    assert item_titles(form) == [(ICON[""], C.ITEM_TEXT[i]) for i in section.items]  # unanswered, in order
    expand_all(form)
    for n, item in enumerate(section.items):
        exp = expanders.nth(n)
        expect(exp.get_by_test_id("stExpanderDetails")).to_be_visible()
        wanted = status_label(section.key, ANSWERS[item])
        if section.key == "self":
            exp.get_by_test_id("stRadio").get_by_text(wanted, exact=True).click()
            expect(exp.get_by_role("radio", name=wanted, exact=True)).to_be_checked()
        else:
            choose(page, exp.get_by_role("combobox", name="Status"), wanted, rerun=False)
        if item == DETAILED_ITEM:
            exp.get_by_role("textbox", name="Owner").fill(DETAILED["owner"])
            due = exp.get_by_test_id("stDateInput")
            type_date(page, due, DETAILED["due"])
            expect(date_of(due)).to_have_value(DETAILED["due"].isoformat())
            exp.get_by_role("textbox", name="Notes").fill(DETAILED["notes"])
    form.get_by_test_id("stFormSubmitButton").click()
    # the rerun shows each saved answer's icon in its expander's title
    for n, item in enumerate(section.items):
        expect(item_label(expanders.nth(n))).to_have_text(
            re.compile("^" + ICON[ANSWERS[item]] + r"\s"), timeout=EXPECT_MS
        )
    wait_idle(page)


def add_action(page, panel, title: str, owner: str, due: dt.date, item: str | None) -> None:
    from playwright.sync_api import expect

    form = panel.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add the action"))
    form.get_by_role("textbox", name="Action").fill(title)
    form.get_by_role("textbox", name="Owner").fill(owner)
    field = form.get_by_test_id("stDateInput")
    type_date(page, field, due)
    expect(date_of(field)).to_have_value(due.isoformat())
    if item:
        choose(page, form.get_by_role("combobox", name="From checklist item"), C.ITEM_TEXT[item], rerun=False)
    form.get_by_role("button", name="Add the action").click()
    expect(flash(page, "Action added.")).to_be_visible(timeout=EXPECT_MS)
    wait_idle(page)


def action_rows(panel):
    """The saved action items' rows (one st.columns block each, in the list's form)."""
    form = panel.get_by_test_id("stForm").first
    return form.get_by_test_id("stHorizontalBlock")


def check_actions(panel, wanted, *, editable: bool) -> None:
    """The action list shows exactly ``wanted`` (title, owner, due, item, status), in order."""
    from playwright.sync_api import expect

    rows = action_rows(panel)
    expect(rows).to_have_count(len(wanted))
    for n, (title, owner, due, _item, status) in enumerate(wanted):
        row = rows.nth(n)
        title_box = row.get_by_role("textbox", name="Action")
        expect(title_box).to_have_value(title)
        expect(row.get_by_role("textbox", name="Owner")).to_have_value(owner)
        expect(date_of(row.get_by_test_id("stDateInput"))).to_have_value(due.isoformat())
        expect(row.get_by_role("combobox", name="Status")).to_have_value(ActionStatus(status).label)
        if editable:
            expect(title_box).to_be_enabled()
        else:
            expect(title_box).to_be_disabled()


def check_signed_q3(page) -> None:
    """The 2026 Q3 review as it was left: signed, 43 answers, three actions, all read-only."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=f"{SAMPLE_LABEL} · {SAMPLE_PERIOD}")).to_be_visible(timeout=RERUN_TIMEOUT)
    main = page.get_by_test_id("stMain")
    expect(
        main.get_by_test_id("stAlertContentInfo").filter(
            has_text=re.compile(
                rf"^Signed by {SIGNER} on \d{{4}}-\d{{2}}-\d{{2}}\. "
                + re.escape("This review is signed; it can no longer change.")
            )
        )
    ).to_be_visible(timeout=EXPECT_MS)
    wait_idle(page)
    shown = metrics(page)
    assert shown["Status"] == "Signed", shown
    assert shown["Checklist answered"] == f"{len(C.ITEMS)} of {len(C.ITEMS)}", shown
    assert shown["Self-assessment"] == f"{SELF_SCORE} of 20", shown
    assert shown["Open actions"] == str(len(CARRIED)), shown
    expect(page.get_by_role("button", name="Save a new KPI snapshot from the current data")).to_have_count(
        0
    )  # no new snapshot once signed

    # every one of the 43 answers, by the icon in its item's title; the Save buttons disabled
    panel = review_tab(page, "Checklist")
    forms = section_forms(panel)
    expect(forms).to_have_count(len(C.SECTIONS))
    for s, section in enumerate(C.SECTIONS):
        form = forms.nth(s)
        assert item_titles(form) == [(ICON[ANSWERS[i]], C.ITEM_TEXT[i]) for i in section.items]
        expect(form.get_by_test_id("stFormSubmitButton").get_by_role("button")).to_be_disabled()
    # the selectbox item with owner, due date and notes in full, and the first self-assessment radios
    expand_all(forms.nth(0))
    crit = forms.nth(0).get_by_test_id("stExpander").nth(C.SECTIONS[0].items.index(DETAILED_ITEM))
    status_box = crit.get_by_role("combobox", name="Status")
    expect(status_box).to_have_value(status_label("criteria", ANSWERS[DETAILED_ITEM]))
    expect(status_box).to_be_disabled()
    expect(crit.get_by_role("textbox", name="Owner")).to_have_value(DETAILED["owner"])
    expect(date_of(crit.get_by_test_id("stDateInput"))).to_have_value(DETAILED["due"].isoformat())
    expect(crit.get_by_role("textbox", name="Notes")).to_have_value(DETAILED["notes"])
    self_at = [s.key for s in C.SECTIONS].index("self")
    self_form = forms.nth(self_at)
    expand_all(self_form)
    for n, item in enumerate(C.SECTIONS[self_at].items[:4]):
        exp = self_form.get_by_test_id("stExpander").nth(n)
        expect(exp.get_by_role("radio", name=status_label("self", ANSWERS[item]), exact=True)).to_be_checked()

    # the actions, read-only
    panel = review_tab(page, "Action items")
    check_actions(panel, ACTIONS, editable=False)
    expect(panel.get_by_role("button", name="Add the action")).to_have_count(0)
    panel = review_tab(page, "Sign-off")
    expect(panel.get_by_test_id("stAlertContentSuccess")).to_contain_text(f"Signed by {SIGNER} on ")


# ----------------------------------------------------------------------------- 1. the review journey


def test_manager_runs_the_sample_review_end_to_end(browser, tmp_path):
    """Start, answer all 43 items, three actions, sign; new session on a restarted server; next quarter."""
    from playwright.sync_api import expect

    require_browser()
    blocked: list[str] = []
    server = AppServer(tmp_path).start()  # its own process: the test restarts it
    pages: list = []
    try:
        with on_failure(tmp_path, [server], pages):
            ctx, page = new_page(browser, server, blocked)
            pages.append(page)
            open_app(page, server)
            go(page, "review")

            # Start the review of the default period, 2026 Q3.
            expect(page.get_by_role("heading", name="The CRM review", level=1)).to_be_visible()
            expect(page.get_by_text(f"No review of {SAMPLE_PERIOD} yet.")).to_be_visible(timeout=EXPECT_MS)
            page.get_by_role("button", name=f"Start the review of {SAMPLE_PERIOD}").click()
            # the workspace's first review: nothing to carry over, and the message does not claim it
            expect(flash(page, "The review is saved.")).to_have_text("The review is saved.", timeout=RERUN_TIMEOUT)
            wait_idle(page)
            assert metrics(page)["Checklist answered"] == f"0 of {len(C.ITEMS)}"

            # The checklist: every item, section by section (each section is one form with its own Save).
            panel = review_tab(page, "Checklist")
            forms = section_forms(panel)
            expect(forms).to_have_count(len(C.SECTIONS))
            for s, section in enumerate(C.SECTIONS):
                answer_section(page, forms.nth(s), section)
            expect(flash(page, "Saved.")).to_be_visible()
            shown = metrics(page)
            assert shown["Checklist answered"] == f"{len(C.ITEMS)} of {len(C.ITEMS)}", shown
            assert shown["Self-assessment"] == f"{SELF_SCORE} of 20", shown

            # Three action items with owners and due dates; then one in progress, one done, one left open.
            panel = review_tab(page, "Action items")
            expect(panel.get_by_text("No action items yet.")).to_be_visible()
            for title, owner, due, item, _status in ACTIONS:
                add_action(page, panel, title, owner, due, item)
                panel = review_tab(page, "Action items")
            check_actions(panel, [(*a[:4], "open") for a in ACTIONS], editable=True)
            expect(panel.get_by_text(C.ITEM_TEXT[ACTIONS[0][3]], exact=True)).to_be_visible()
            rows = action_rows(panel)
            for n, (*_, status) in enumerate(ACTIONS):
                if status != "open":
                    choose(
                        page,
                        rows.nth(n).get_by_role("combobox", name="Status"),
                        ActionStatus(status).label,
                        rerun=False,
                    )
            panel.get_by_test_id("stForm").first.get_by_test_id("stFormSubmitButton").click()
            expect(flash(page, "Saved.")).to_be_visible(timeout=EXPECT_MS)
            wait_idle(page)
            assert metrics(page)["Open actions"] == str(len(CARRIED))

            # Sign-off.
            panel = review_tab(page, "Sign-off")
            panel.get_by_text("I have checked the answers; the review is final once signed.", exact=True).click()
            expect(
                panel.get_by_role("checkbox", name="I have checked the answers; the review is final once signed.")
            ).to_be_checked()
            panel.get_by_role("button", name="Sign the review").click()
            expect(flash(page, "The review is signed.")).to_be_visible(timeout=EXPECT_MS)
            wait_idle(page)
            assert metrics(page)["Status"] == "Signed"

            # A new browser session against a new server process on the same database file.
            ctx.close()
            pages.clear()
            server.restart()
            ctx, page = new_page(browser, server, blocked)
            pages.append(page)
            open_app(page, server)
            go(page, "review")
            check_signed_q3(page)

            # The next quarter: its review starts with the open actions of 2026 Q3 carried over.
            sidebar = page.get_by_test_id("stSidebar")
            period_box = sidebar.get_by_role("combobox", name="Period", exact=True)
            choose(page, period_box, NEXT_PERIOD)  # the running quarter: data only runs to 2026-11-15
            expect(
                sidebar.get_by_text(f"{NEXT_PERIOD} · {Q4_START.isoformat()} – {Q4_END.isoformat()}", exact=True)
            ).to_be_visible(timeout=EXPECT_MS)
            wait_idle(page)
            expect(page.get_by_text(f"No review of {NEXT_PERIOD} yet.")).to_be_visible(timeout=EXPECT_MS)
            page.get_by_role("button", name=f"Start the review of {NEXT_PERIOD}").click()
            expect(
                flash(page, "The review is saved. Open actions of the previous review were carried over.")
            ).to_be_visible(timeout=RERUN_TIMEOUT)
            expect(page.get_by_role("heading", name=f"Sample: Pars Negar · {NEXT_PERIOD}")).to_be_visible()
            wait_idle(page)
            shown = metrics(page)
            assert shown["Status"] == "Draft", shown
            assert shown["Checklist answered"] == f"0 of {len(C.ITEMS)}", shown  # answers are per review
            assert shown["Open actions"] == str(len(CARRIED)), shown
            panel = review_tab(page, "Action items")
            check_actions(panel, CARRIED, editable=True)  # exactly these rows: the done action stayed behind
            carried_note = f"carried over from {SAMPLE_PERIOD}"
            expect(panel.get_by_text(re.compile(re.escape(carried_note)))).to_have_count(len(CARRIED))
            panel = review_tab(page, "Compared with last review")
            expect(panel.get_by_text(f"Compared with the review of {SAMPLE_PERIOD}.")).to_be_visible()
            ctx.close()
            pages.clear()
            assert blocked == [], blocked
    finally:
        server.stop()


# ----------------------------------------------------------------------------- 2. two clients at once


def client_customers_csv(prefix: str, n: int, churned: int, owner: str) -> str:
    """A HubSpot-style contacts export of ``n`` customers (2025-01 to 2026-10) with ids ``PREFIX-0000``…;
    the first ``churned`` of them churn in 2026 Q3; the last one's churn date is ``PREFIX-someday``."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(
        [
            "Record ID",
            "Create Date",
            "First Name",
            "Last Name",
            "Email",
            "Lifecycle Stage",
            "Lead Source",
            "Contact owner",
            "Churn Date",
        ]
    )
    for i in range(n):
        created = dt.date(2025, 1, 6) + dt.timedelta(days=(637 * i) // (n - 1))  # .. 2026-10-05
        churn = (dt.date(2026, 7, 2) + dt.timedelta(days=5 * (i % 15))).isoformat() if i < churned else ""
        if i == n - 1:
            churn = f"{prefix}-someday"  # not a date: a reading finding that shows this client's own text
        w.writerow(
            [
                f"{prefix}-{i:04d}",
                created.isoformat(),
                f"Name{i}",
                prefix.title(),
                f"c{i}@{prefix.lower()}.example.com",
                "customer",
                "Referrals",
                owner,
                churn,
            ]
        )
    return out.getvalue()


def client(name: str, prefix: str, n: int, churned: int, tmp_path: Path) -> dict:
    """One client's upload and what the app must show for it (from the library itself)."""
    file_name = f"{prefix.lower()}_contacts.csv"
    raw = client_customers_csv(prefix, n, churned, f"Owner {prefix}").encode()
    path = tmp_path / file_name
    path.write_bytes(raw)
    result = read_bytes(raw, file_name, None)
    frames = {result.dataset: result.frame}
    period, as_of = choose_period(frames, AuditOptions())
    card = scorecard(frames, period, as_of=as_of)
    block = card.to_contract()["churn_rate"]
    return {
        "name": name,
        "prefix": prefix,
        "file": file_name,
        "path": path,
        "rows": n,
        "period": period.label.replace("Q", " Q"),
        "tiles": {
            CHURN: f"{100 * card.value('churn_rate'):.1f}%",
            RETENTION: f"{100 * card.value('retention_rate'):.1f}%",
        },
        "based_on": f"based on {block['customers_at_start']:,}",
        "expander": f"customers — {file_name}: {n:,} rows loaded, 0 rejected",
    }


def page_text(page) -> str:
    """Everything in the document, hidden text included (closed expanders, table mirrors, other tabs)."""
    return page.evaluate("() => document.body.textContent")


def upload_as(page, c: dict) -> None:
    """Data page: upload the client's export into a new workspace named after the client."""
    from playwright.sync_api import expect

    go(page, "data")
    expect(page.get_by_role("heading", name="Data", level=1)).to_be_visible(timeout=RERUN_TIMEOUT)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(c["path"]))
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        f"{c['file']} → customers", timeout=RERUN_TIMEOUT
    )
    wait_idle(page)
    name_box = page.get_by_role("textbox", name="New workspace (client name)")
    name_box.fill(c["name"])
    name_box.press("Enter")
    wait_idle(page)
    confirm = page.get_by_role("button", name="Use this mapping")
    expect(confirm).to_be_enabled(timeout=RERUN_TIMEOUT)
    confirm.click()
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Workspace")).to_have_value(
        c["name"], timeout=RERUN_TIMEOUT
    )
    # the confirm opens the new workspace's Overview
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible(timeout=RERUN_TIMEOUT)
    expect(page.get_by_text(f"{c['name']} · ")).to_be_visible(timeout=RERUN_TIMEOUT)
    wait_idle(page)


def shows_only(page, me: dict, other: dict) -> None:
    """The page is on ``me``'s workspace, shows ``me``'s numbers and nothing of ``other``'s data."""
    from playwright.sync_api import expect

    go(page, "overview")
    expect(page.get_by_text(f"{me['name']} · {me['period']}", exact=True)).to_be_visible(timeout=RERUN_TIMEOUT)
    churn = page.get_by_test_id("stMetric").filter(has_text=CHURN).get_by_test_id("stMetricValue")
    expect(churn).to_have_text(me["tiles"][CHURN], timeout=RERUN_TIMEOUT)
    wait_idle(page)
    tiles = metrics(page)
    for label, value in me["tiles"].items():
        assert tiles[label] == value, (me["name"], label, tiles[label], value)
        assert tiles[label] != other["tiles"][label], f"{me['name']} shows {other['name']}'s {label}"
    text = page_text(page)
    based_on = re.compile(r"based on [\d,]+\b")  # the tiles' "based on N" captions: the customers at the start
    assert me["based_on"] in based_on.findall(text), (me["name"], based_on.findall(text))
    assert other["based_on"] not in based_on.findall(text), (me["name"], other["name"], based_on.findall(text))
    assert other["prefix"] not in text and other["file"] not in text

    go(page, "data")
    expect(page.get_by_role("heading", name=f"Workspace: {me['name']}")).to_be_visible(timeout=RERUN_TIMEOUT)
    expect(page.get_by_test_id("stExpander").filter(has_text=me["expander"])).to_be_visible(timeout=RERUN_TIMEOUT)
    wait_idle(page)
    expanders = [
        t.strip()
        for t in page.get_by_test_id("stExpander")
        .locator("summary")
        .get_by_test_id("stMarkdownContainer")
        .all_inner_texts()
    ]
    assert expanders == [me["expander"]], expanders
    # the dataset's reading findings (inside its expander) name this client's own bad cell, never the other's
    main = page.get_by_test_id("stMain")
    expand_all(main)
    expect(main.get_by_test_id("stExpander").filter(has_text=me["expander"])).to_contain_text(f"{me['prefix']}-someday")
    text = page_text(page)
    assert other["prefix"] not in text, f"{other['name']}'s records on {me['name']}'s Data page"
    assert other["file"] not in text and other["expander"] not in text


def test_two_sessions_keep_their_clients_apart(browser, app_server, tmp_path):
    """Two browser sessions, two clients: each workspace shows only its own data, caches included."""
    from playwright.sync_api import expect

    a = client("Client A", "CLA", 24, 3, tmp_path)
    b = client("Client B", "CLB", 57, 14, tmp_path)
    assert a["tiles"][CHURN] != b["tiles"][CHURN] and a["based_on"] != b["based_on"]
    assert a["period"] == b["period"] == SAMPLE_PERIOD
    blocked: list[str] = []
    ctx_a, page_a = new_page(browser, app_server, blocked)
    ctx_b, page_b = new_page(browser, app_server, blocked)
    with on_failure(tmp_path, [app_server], [page_a, page_b]):
        open_app(page_a, app_server)
        open_app(page_b, app_server)
        sample_churn = metrics(page_b)[CHURN]

        # A uploads while B sits on the sample; then B uploads while A sits on Client A.
        upload_as(page_a, a)
        go(page_b, "overview")  # B's session still reads the sample, unchanged by A's upload
        expect(page_b.get_by_text(f"Sample: Pars Negar · {SAMPLE_PERIOD}", exact=True)).to_be_visible()
        assert metrics(page_b)[CHURN] == sample_churn
        upload_as(page_b, b)

        shows_only(page_a, a, b)
        shows_only(page_b, b, a)

        # Stored workspaces are listed for everyone (one user, several clients); the names are all A sees of B.
        sidebar_a = page_a.get_by_test_id("stSidebar")
        ws_box = sidebar_a.get_by_role("combobox", name="Workspace")
        assert sorted(options_of(page_a, ws_box)) == sorted(["Sample: Pars Negar", "Client A", "Client B"])

        # A opens Client B: B's numbers under B's name (from the cache B's session filled), then back to A's.
        choose(page_a, ws_box, "Client B")
        go(page_a, "overview")
        expect(page_a.get_by_text(f"Client B · {SAMPLE_PERIOD}", exact=True)).to_be_visible(timeout=RERUN_TIMEOUT)
        churn_a = page_a.get_by_test_id("stMetric").filter(has_text=CHURN).get_by_test_id("stMetricValue")
        expect(churn_a).to_have_text(b["tiles"][CHURN], timeout=RERUN_TIMEOUT)
        choose(page_a, ws_box, "Client A")
        shows_only(page_a, a, b)

        # A's switching did not move B's session: B is still on Client B with B's numbers.
        expect(page_b.get_by_test_id("stSidebar").get_by_role("combobox", name="Workspace")).to_have_value("Client B")
        shows_only(page_b, b, a)
    ctx_a.close()
    ctx_b.close()
    assert blocked == [], blocked


# ----------------------------------------------------------------------------- app behaviour these tests found


def test_period_list_offers_the_running_quarter(page, app_server):
    """The sidebar offers 2026 Q4 although the sample's data stop on 2026-11-15 (the default stays 2026 Q3)."""
    from playwright.sync_api import expect

    require_browser()
    open_app(page, app_server)
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Period", exact=True)
    expect(box).to_have_value(SAMPLE_PERIOD)
    assert options_of(page, box)[:2] == [NEXT_PERIOD, SAMPLE_PERIOD]


def test_deep_link_runs_the_app(browser, tmp_path):
    """A first request to /review, straight after the server starts, runs app.py with its navigation."""
    from playwright.sync_api import expect

    require_browser()
    with AppServer(tmp_path) as server:
        ctx, page = new_page(browser, server, [])
        try:
            page.goto(server.url + "/review", wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="The CRM review", level=1)).to_be_visible(timeout=RERUN_TIMEOUT)
            wait_idle(page)
            assert page.title() == "CRM Pulse"
            nav = page.get_by_test_id("stSidebarNav")
            expect(nav.get_by_role("link", name="Quarterly review")).to_be_visible()
            # The session's first widget change sticks (it used to be undone once after a deep link).
            box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Period", exact=True)
            choose(page, box, NEXT_PERIOD, attempts=2)
            page.wait_for_timeout(1_000)
            wait_idle(page)
            expect(box).to_have_value(NEXT_PERIOD)
            expect(page.get_by_role("heading", name="The CRM review", level=1)).to_be_visible()
        finally:
            ctx.close()
