"""The CRM's users and their usage log."""

from __future__ import annotations

import datetime as dt

from .config import ACTIONS, AS_OF, DATA_START, TEAM_MODULES, USERS
from .helpers import days, progress, season_factor, weekday_factor


class StaffMixin:
    """Part of :class:`~generator.core.Generator` (shares its state)."""

    # ------------------------------------------------------------------ users
    def make_users(self) -> None:
        for uname, name, team, role, licensed, start, end, intensity, leave in USERS:
            self.users.append(
                dict(
                    user_id=uname,
                    name=name,
                    team=team,
                    role=role,
                    licensed=licensed,
                    start=start or DATA_START,
                    end=end or AS_OF,
                    intensity=intensity,
                    leave=leave,
                )
            )
        self.sales = [u for u in self.users if u["team"] == "فروش"]
        self.support = [u for u in self.users if u["team"] == "پشتیبانی"]

    def staff_on(self, team: list, d: dt.date, need_active: bool = True):
        out = []
        for u in team:
            if not (u["start"] <= d <= u["end"]):
                continue
            if u["leave"] and u["leave"][0] <= d <= u["leave"][1]:
                continue
            if need_active and u["intensity"] == 0:
                continue
            out.append(u)
        return out

    def make_usage(self) -> None:
        rng = self.rng
        for u in self.users:
            if u["intensity"] == 0:
                continue
            modules = TEAM_MODULES[u["team"]]
            for d in days(max(u["start"], DATA_START), min(u["end"], AS_OF)):
                if u["leave"] and u["leave"][0] <= d <= u["leave"][1]:
                    continue
                p = u["intensity"] * weekday_factor(d) * min(1.0, season_factor(d)) * (0.55 + 0.45 * progress(d))
                if rng.random() >= p:
                    continue
                t = rng.clock(d, 8.0, 18.5, 9.5)
                self.usage.append((u["user_id"], t, "login", ""))
                if u["user_id"] == "guest.report":
                    n, acts = rng.randint(1, 3), [("view_report", 1)]
                else:
                    n, acts = rng.poisson(1.6 + 0.8 * u["intensity"]), ACTIONS
                for _ in range(n):
                    t = t + dt.timedelta(minutes=rng.randint(1, 95), seconds=rng.randrange(60))
                    if t.date() != d:
                        break
                    mod = "reports" if u["user_id"] == "guest.report" else rng.pick(modules)
                    act = rng.pick(acts)
                    if mod == "reports" and act in ("create", "delete"):
                        act = "view_report"
                    self.usage.append((u["user_id"], t, act, mod))
        self.usage.sort(key=lambda r: (r[1], r[0]))
