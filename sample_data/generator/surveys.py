"""Satisfaction and NPS surveys, following the company's mood."""

from __future__ import annotations

import datetime as dt

from .config import AS_OF, DATA_START, NEGATIVE, NEUTRAL, POSITIVE
from .helpers import add_months, days, progress, quarter_label, season_factor, weekday_factor


class SurveysMixin:
    """Part of :class:`~generator.core.Generator` (shares its state)."""

    # ------------------------------------------------------------------ surveys
    def mood(self, d: dt.date) -> tuple[float, float]:
        p = progress(d)
        csat, nps = 4.25 + 0.3 * p, 7.8 + 0.6 * p
        if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
            csat, nps = csat - 0.25, nps - 0.5
        return csat, nps

    def make_surveys(self) -> None:
        rng = self.rng
        rows = []

        def csat(d, c, complaint):
            m = self.mood(d)[0] - (1.0 if complaint else 0) - (0.8 if c and c.difficult else 0)
            return min(5, max(1, int(round(m + rng.gauss(0, 1.0)))))

        def nps(d, c):
            m = self.mood(d)[1] - (1.5 if c and c.difficult else 0) + (0.3 if c and c.segment == "VIP" else 0)
            return min(10, max(0, int(round(m + rng.gauss(0, 2.0)))))

        def comment(score, scale):
            share = score / scale
            if rng.random() > 0.35:
                return ""
            pool = POSITIVE if share >= 0.8 else NEUTRAL if share >= 0.6 else NEGATIVE
            return rng.choice(pool)

        # CSAT after resolved tickets
        for it in self.interactions:
            if it["tag"] or it["resolved"] is None or it["customer"] is None or rng.random() >= 0.13:
                continue
            t = it["resolved"] + dt.timedelta(hours=rng.uniform(1, 40))
            if t.date() > AS_OF or t.date() > it["customer"].activity_end:
                continue
            s = csat(t.date(), it["customer"], it["type"] == "complaint")
            rows.append(
                dict(
                    customer_id=it["customer_id"],
                    customer=it["customer"],
                    submitted=t,
                    type="CSAT",
                    score=s,
                    channel=rng.choice(["SMS", "SMS", "Email", "In-app"]),
                    touchpoint="Support",
                    comment=comment(s, 5),
                    tag="",
                )
            )
        # relationship NPS campaign in the middle month of every quarter
        q = DATA_START
        while q <= AS_OF:
            camp = add_months(q, 1)
            for c in self.customers:
                if c.rejected or c.event_rate == 0 or c.created.date() >= camp or c.activity_end < camp:
                    continue
                if rng.random() >= 0.15:
                    continue
                d = camp + dt.timedelta(days=rng.randint(0, 20))
                if d > AS_OF or d > c.activity_end:
                    continue
                t = rng.clock(d, 8, 23, 13)
                s = nps(d, c)
                rows.append(
                    dict(
                        customer_id=c.id,
                        customer=c,
                        submitted=t,
                        type="NPS",
                        score=s,
                        channel=rng.choice(["Email", "SMS"]),
                        touchpoint="Relationship",
                        comment=comment(s, 10),
                        tag="",
                    )
                )
            q = add_months(q, 3)
        # onboarding CSAT, two weeks after purchase
        for c in self.customers:
            if c.rejected or c.event_rate == 0 or rng.random() >= 0.22:
                continue
            d = c.created.date() + dt.timedelta(days=rng.randint(10, 20))
            if d > AS_OF or d > c.activity_end:
                continue
            t = rng.clock(d, 8, 23, 12)
            s = csat(d, c, False)
            rows.append(
                dict(
                    customer_id=c.id,
                    customer=c,
                    submitted=t,
                    type="CSAT",
                    score=s,
                    channel="In-app",
                    touchpoint="Onboarding",
                    comment=comment(s, 5),
                    tag="",
                )
            )
        # anonymous website widget
        for d in days(DATA_START, AS_OF):
            for _ in range(rng.poisson(0.45 * weekday_factor(d) * season_factor(d))):
                t = rng.clock(d, 7, 24, 14)
                if rng.random() < 0.5:
                    s, typ = csat(d, None, False), "CSAT"
                else:
                    s, typ = nps(d, None), "NPS"
                rows.append(
                    dict(
                        customer_id="",
                        customer=None,
                        submitted=t,
                        type=typ,
                        score=s,
                        channel="Web",
                        touchpoint="Website",
                        comment=comment(s, 5 if typ == "CSAT" else 10),
                        tag="",
                    )
                )
        P = self.planted
        # orphans
        orphans = []
        for oid in self.orphan_ids(5):
            d = rng.choice(list(days(dt.date(2025, 3, 1), dt.date(2026, 10, 31))))
            t = rng.clock(d, 8, 22, 12)
            s = nps(d, None)
            r = dict(
                customer_id=oid,
                customer=None,
                submitted=t,
                type="NPS",
                score=s,
                channel="Email",
                touchpoint="Relationship",
                comment="",
                tag="orphan",
            )
            rows.append(r)
            orphans.append(r)
        # scores out of range: (type, score, period of the row)
        oor = []
        plan = [
            ("NPS", 11, "2026Q3"),
            ("NPS", 11, "2026Q3"),
            ("NPS", 11, "2026Q2"),
            ("CSAT", 0, "2026Q3"),
            ("CSAT", 0, "2026Q2"),
            ("CSAT", 7, "2026Q3"),
            ("CSAT", 7, "2026Q1"),
        ]
        for typ, score, label in plan:
            pool = [
                r for r in rows if r["type"] == typ and r["tag"] == "" and quarter_label(r["submitted"].date()) == label
            ]
            r = rng.choice(pool)
            r["score"], r["tag"] = score, "out_of_range"
            oor.append(r)
        # future: the year typed 2031
        future = []
        pool = [r for r in rows if r["tag"] == "" and r["submitted"].year == 2026 and r["submitted"].month <= 5]
        for r in rng.sample(pool, 3):
            r["submitted_written"] = r["submitted"].replace(year=2031)
            r["tag"] = "future"
            future.append(r)
        # HTML in a free-text comment
        pool = [
            r
            for r in rows
            if r["tag"] == "" and r["type"] == "CSAT" and quarter_label(r["submitted"].date()) == "2026Q3"
        ]
        xss = rng.choice(pool)
        xss["comment"], xss["score"], xss["tag"] = "<script>alert(1)</script>", 2, "script_comment"
        rows.sort(key=lambda r: (r["submitted"], r["customer_id"]))
        for i, r in enumerate(rows):
            r["id"] = f"R{500_001 + i}"
            r.setdefault("submitted_written", r["submitted"])
        self.surveys = rows
        P["surveys_orphan"], P["surveys_out_of_range"], P["surveys_future"] = orphans, oor, future
        P["surveys_script"] = [xss]
