"""Adoption: staff use of the CRM and data-entry discipline.

Licensed users are ``crm_users`` rows with ``licensed`` true or empty (the default is
true; no ``licensed`` column means every user is licensed). Activity is ``crm_usage``
rows whose ``timestamp`` falls in the period (calendar day).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..i18n import N_context
from ..periods import Period
from ._common import (
    DEFAULT_MIN_N,
    LOGIN_ACTIONS,
    Datasets,
    Mask,
    as_datetime,
    filled,
    get_frame,
    group_codes,
    in_period,
    isin,
    label_in,
    missing_columns,
    need,
    on_or_before_day,
    rate_table,
    wilson,
)
from .results import AdoptionResult, CompletenessResult, LoginsResult, TableResult

DEFAULT_REQUIRED_FIELDS: tuple[str, ...] = (
    "name|first_name+last_name",
    "email|phone",
    "segment",
    "acquisition_channel",
)
"""Required customer fields: ``|`` separates alternatives, ``+`` joins columns that
must all be filled for that alternative. The default reads: a name (or first and last
name), an email or a phone, a segment and an acquisition channel."""

_FALSE_WORDS = frozenset({"false", "0", "no", "n", "f", "خیر", "نه", "غیرفعال"})


def _licensed_ids(users: pd.DataFrame) -> pd.Series:
    """Distinct user_ids of licensed users."""
    if "licensed" in users.columns:
        lic = users["licensed"]
        if pd.api.types.is_bool_dtype(lic.dtype):
            keep: Mask = lic.fillna(True).to_numpy(dtype=bool)
        else:
            keep = ~label_in(lic.astype("string"), _FALSE_WORDS)
        ids = users.loc[keep, "user_id"]
    else:
        ids = users["user_id"]
    return ids.dropna().drop_duplicates()


def _usage(
    datasets: Datasets, period: Period, what: str, columns: Sequence[str] = ("user_id", "timestamp")
) -> tuple[pd.DataFrame | None, str | None]:
    usage, reason = need(datasets, "crm_usage", columns, what)
    if usage is None:
        return None, reason
    return usage.loc[in_period(as_datetime(usage, "timestamp"), period)], None


def adoption_rate(datasets: Datasets, period: Period, *, min_n: int = DEFAULT_MIN_N) -> AdoptionResult:
    """Adoption rate = licensed users with at least one action in the period / licensed users
    (higher is better).

    Actions by user_ids that are not in ``crm_users`` are counted in
    ``actions_by_unknown_users`` and left out. The interval is the Wilson 95% interval.

    >>> from crm_metrics.periods import parse_period
    >>> users = pd.DataFrame({"user_id": [f"u{i}" for i in range(10)],
    ...                       "licensed": pd.array([True] * 9 + [None], dtype="boolean")})
    >>> usage = pd.DataFrame({"user_id": ["u0", "u1", "u1", "u2", "u3", "zz"],
    ...                       "timestamp": pd.to_datetime(["2024-07-01"] * 6), "action": ["login"] * 6})
    >>> r = adoption_rate({"crm_users": users, "crm_usage": usage}, parse_period("2024Q3"))
    >>> r.value, r.active_users, r.licensed_users, r.actions_by_unknown_users
    (0.4, 4, 10, 1)
    """
    users, reason = need(datasets, "crm_users", ("user_id",), N_context("kpi reason", "adoption rate"))
    if users is None:
        return AdoptionResult(reason=reason, low_confidence=True)
    sub, reason = _usage(datasets, period, N_context("kpi reason", "adoption rate"))
    if sub is None:
        return AdoptionResult(reason=reason, low_confidence=True)
    licensed = _licensed_ids(users)
    seen = pd.unique(sub["user_id"].dropna())
    active = int(isin(licensed, seen).sum())
    unknown = int((~isin(sub["user_id"], users["user_id"])).sum())
    n = len(licensed)
    notes = (f"{unknown} actions by user_ids missing from crm_users left out",) if unknown else ()
    counts = AdoptionResult(
        active_users=active, licensed_users=n, actions_by_unknown_users=unknown, low_confidence=n < min_n, notes=notes
    )
    if n == 0:
        return dataclasses.replace(counts, reason="no licensed users in crm_users")
    lo, hi = wilson(active, n)
    return dataclasses.replace(counts, value=active / n, ci_low=lo, ci_high=hi)


def logins_per_active_user(datasets: Datasets, period: Period, *, min_n: int = DEFAULT_MIN_N) -> LoginsResult:
    """Logins per active user per week = logins / active users / (period days / 7).

    Active users have at least one action in the period (licensed users only, when
    ``crm_users`` is present). A login is an action login / log in / sign in / ورود.

    >>> from crm_metrics.periods import custom_period
    >>> usage = pd.DataFrame({"user_id": ["a", "a", "a", "b"], "timestamp": pd.to_datetime(["2024-07-01"] * 4),
    ...                       "action": ["login", "Login", "create", "view_report"]})
    >>> r = logins_per_active_user({"crm_usage": usage}, custom_period("2024-07-01", "2024-07-14"))
    >>> r.value, r.logins, r.active_users, r.weeks
    (0.5, 2, 2, 2.0)
    """
    sub, reason = _usage(
        datasets, period, N_context("kpi reason", "logins per active user"), ("user_id", "timestamp", "action")
    )
    weeks = period.days / 7
    if sub is None:
        return LoginsResult(reason=reason, weeks=weeks, low_confidence=True)
    notes: tuple[str, ...] = ()
    users = get_frame(datasets, "crm_users")
    if users is not None and "user_id" in users.columns:
        sub = sub.loc[isin(sub["user_id"], _licensed_ids(users))]
    else:
        notes = ("no crm_users dataset: every user in crm_usage counts",)
    active = int(sub["user_id"].dropna().nunique())
    logins = int(label_in(sub["action"], LOGIN_ACTIONS).sum())
    counts = LoginsResult(logins=logins, active_users=active, weeks=weeks, low_confidence=active < min_n, notes=notes)
    if active == 0:
        return dataclasses.replace(counts, reason="no active users in the period")
    return dataclasses.replace(counts, value=logins / active / weeks)


def module_share(datasets: Datasets, period: Period) -> TableResult:
    """Share of the period's actions by CRM module: module, actions, share, users."""
    name = "module_share"
    sub, reason = _usage(
        datasets, period, N_context("kpi reason", "action share by module"), ("user_id", "timestamp", "module")
    )
    if sub is None:
        return TableResult(name=name, reason=reason)
    codes, names = group_codes(sub["module"])
    k = len(names)
    actions = np.bincount(codes, minlength=k)
    users = pd.Series(sub["user_id"].to_numpy()).groupby(codes).nunique().reindex(range(k), fill_value=0).to_numpy()
    total = actions.sum()
    out = pd.DataFrame(
        {"module": names, "actions": actions, "share": actions / total if total else np.nan, "users": users}
    )
    out = out.sort_values(["actions", "module"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return TableResult(name=name, table=out)


def activity_by_user(datasets: Datasets, period: Period) -> TableResult:
    """Each licensed user's use of the CRM in the period.

    Columns: user_id, the name / team / role columns present, actions, logins (actions
    named ``login``), active_days (days with at least one action) and last_action_at.
    Users with no action have zeros; the rows are sorted by actions, most first.
    """
    name = "activity_by_user"
    users, reason = need(datasets, "crm_users", ("user_id",), N_context("kpi reason", "activity by user"))
    if users is None:
        return TableResult(name=name, reason=reason)
    usage, reason = need(datasets, "crm_usage", ("user_id", "timestamp"), N_context("kpi reason", "activity by user"))
    if usage is None:
        return TableResult(name=name, reason=reason)
    ts = as_datetime(usage, "timestamp")
    rows = in_period(ts, period)
    ids = usage["user_id"].to_numpy()[rows]
    stamps = pd.Series(ts[rows])
    action = usage["action"].astype("str").str.strip().str.lower().to_numpy()[rows] if "action" in usage else None
    grouped = pd.DataFrame(
        {
            "user_id": ids,
            "day": stamps.dt.normalize().to_numpy(),
            "ts": stamps.to_numpy(),
            "login": (action == "login") if action is not None else False,
        }
    )
    agg = grouped.groupby("user_id").agg(
        actions=("ts", "size"), logins=("login", "sum"), active_days=("day", "nunique"), last_action_at=("ts", "max")
    )
    cols = ["user_id"] + [c for c in ("name", "team", "role") if c in users.columns]
    licensed = _licensed_ids(users)
    info = users.loc[isin(users["user_id"], licensed) & ~users["user_id"].duplicated().to_numpy(), cols]
    out = info.reset_index(drop=True)
    joined = agg.reindex(out["user_id"].to_numpy())
    for col in ("actions", "logins", "active_days"):
        out[col] = joined[col].fillna(0).astype("int64").to_numpy()
    out["last_action_at"] = joined["last_action_at"].to_numpy()
    out = out.sort_values(["actions", "user_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return TableResult(name=name, table=out)


def inactive_users(datasets: Datasets, period: Period) -> TableResult:
    """Licensed users with no action in the period.

    Columns: user_id, the name / team / role columns present, and last_action_at (the
    latest action on or before the period end; NaT when the user never acted).
    """
    name = "inactive_users"
    users, reason = need(datasets, "crm_users", ("user_id",), N_context("kpi reason", "inactive users"))
    if users is None:
        return TableResult(name=name, reason=reason)
    usage, reason = need(datasets, "crm_usage", ("user_id", "timestamp"), N_context("kpi reason", "inactive users"))
    if usage is None:
        return TableResult(name=name, reason=reason)
    ts = as_datetime(usage, "timestamp")
    sub_ids = usage["user_id"].loc[in_period(ts, period)]
    licensed = _licensed_ids(users)
    idle = licensed[~isin(licensed, pd.unique(sub_ids.dropna()))]
    cols = ["user_id"] + [c for c in ("name", "team", "role") if c in users.columns]
    info = users.loc[isin(users["user_id"], idle) & ~users["user_id"].duplicated().to_numpy(), cols]
    past = on_or_before_day(ts, period.end)
    idle_rows = isin(usage["user_id"], idle) & past
    last = pd.Series(ts[idle_rows]).groupby(usage["user_id"].to_numpy()[idle_rows]).max()
    out = info.reset_index(drop=True)
    out["last_action_at"] = last.reindex(out["user_id"].to_numpy()).to_numpy()
    out = out.sort_values(["last_action_at", "user_id"], na_position="first", kind="stable").reset_index(drop=True)
    return TableResult(name=name, table=out)


# ----------------------------------------------------------------- data-entry discipline


def _complete_mask(frame: pd.DataFrame, required: Sequence[str]) -> tuple[Mask, tuple[str, ...]]:
    """Rows with every requirement met, and the named columns the frame lacks."""
    ok = np.ones(len(frame), dtype=bool)
    missing: list[str] = []
    cache: dict[str, Mask] = {}

    def has(col: str) -> Mask:
        if col not in cache:
            if col in frame.columns:
                cache[col] = filled(frame, col)
            else:
                missing.append(col)
                cache[col] = np.zeros(len(frame), dtype=bool)
        return cache[col]

    for requirement in required:
        any_alt = np.zeros(len(frame), dtype=bool)
        for alternative in requirement.split("|"):
            all_cols = np.ones(len(frame), dtype=bool)
            for col in alternative.split("+"):
                all_cols = all_cols & has(col.strip())
            any_alt = any_alt | all_cols
        ok = ok & any_alt
    return ok, tuple(dict.fromkeys(missing))


def _created_in_period(datasets: Datasets, period: Period, what: str) -> tuple[pd.DataFrame | None, str | None]:
    customers, reason = need(datasets, "customers", ("created_at",), what)
    if customers is None:
        return None, reason
    return customers.loc[in_period(as_datetime(customers, "created_at"), period)], None


def data_entry_discipline(
    datasets: Datasets,
    period: Period,
    *,
    required: Sequence[str] = DEFAULT_REQUIRED_FIELDS,
    min_n: int = DEFAULT_MIN_N,
) -> CompletenessResult:
    """Share of customer records created in the period with every required field filled
    (higher is better). Per owner: :func:`data_entry_by_owner`.

    ``required`` entries use ``|`` for alternatives and ``+`` for columns needed
    together (see ``DEFAULT_REQUIRED_FIELDS``). A required column that the customers
    frame lacks counts as empty and is listed in ``missing_columns``.

    >>> from crm_metrics.periods import parse_period
    >>> c = pd.DataFrame({"created_at": pd.to_datetime(["2024-07-01"] * 3), "first_name": ["A", "B", None],
    ...                   "last_name": ["X", "Y", "Z"], "phone": ["1", None, "3"], "segment": ["s"] * 3,
    ...                   "acquisition_channel": ["web"] * 3})
    >>> r = data_entry_discipline({"customers": c}, parse_period("2024Q3"))
    >>> round(r.value, 3), r.complete, r.records, r.missing_columns
    (0.333, 1, 3, ('name', 'email'))
    """
    sub, reason = _created_in_period(datasets, period, N_context("kpi reason", "data-entry discipline"))
    req = tuple(required)
    if sub is None:
        return CompletenessResult(reason=reason, required=req, low_confidence=True)
    ok, missing = _complete_mask(sub, req)
    n, k = len(sub), int(ok.sum())
    notes = (f"customers has no {', '.join(missing)} column",) if missing else ()
    counts = CompletenessResult(
        complete=k, records=n, required=req, missing_columns=missing, low_confidence=n < min_n, notes=notes
    )
    if n == 0:
        return dataclasses.replace(counts, reason="no customer records created in the period")
    return dataclasses.replace(counts, value=k / n)


def data_entry_by_owner(
    datasets: Datasets,
    period: Period,
    *,
    required: Sequence[str] = DEFAULT_REQUIRED_FIELDS,
    min_n: int = DEFAULT_MIN_N,
) -> TableResult:
    """Per ``customers.owner``: records created in the period, complete records, share
    complete (Wilson interval), low_confidence."""
    name = "data_entry_by_owner"
    sub, reason = _created_in_period(datasets, period, N_context("kpi reason", "data-entry discipline by owner"))
    if sub is None:
        return TableResult(name=name, reason=reason)
    if "owner" not in sub.columns:
        return TableResult(
            name=name,
            reason=missing_columns(N_context("kpi reason", "data-entry discipline by owner"), "customers", ["owner"]),
        )
    ok, missing = _complete_mask(sub, tuple(required))
    table = rate_table(sub["owner"], ok, by="owner", total_name="records", success_name="complete", min_n=min_n)
    notes = (f"customers has no {', '.join(missing)} column",) if missing else ()
    return TableResult(name=name, table=table, notes=notes)
