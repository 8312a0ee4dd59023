"""Interactions and orders."""

from __future__ import annotations

import datetime as dt
import math

import jdatetime

from .config import AS_OF, I_CHANNEL_W, I_CHANNELS
from .helpers import Customer, add_months, days, season_factor, weekday_factor


class ActivityMixin:
    """Part of :class:`~generator.core.Generator` (shares its state)."""

    # ------------------------------------------------------------------ interactions
    def make_interactions(self) -> None:
        rng = self.rng
        rows = []
        for c in self.customers:
            if c.event_rate == 0 or c.rejected:
                continue
            start = c.created.date() + dt.timedelta(days=1)
            for d in days(start, c.activity_end):
                rate = c.event_rate / 30.4
                if (d - start).days < 30:
                    rate += 0.9 / 30.4
                if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
                    rate *= 1.25
                if c.difficult:
                    rate *= 1.8
                if rng.random() >= rate * weekday_factor(d) * season_factor(d):
                    continue
                rows.append(self._interaction(c, d))
        P = self.planted
        # interactions logged before their customer existed (pre-sales calls on the later contact)
        before = []
        pool = [
            c
            for c in self.customers
            if c.role == "base"
            and c.event_rate > 0
            and c.created.date() >= dt.date(2025, 1, 15)
            and c.churned is None
            and not any(c in g for g in self._planted_customer_sets())
        ]
        for c in sorted(rng.sample(pool, 10), key=lambda c: c.key):
            d = c.created.date() - dt.timedelta(days=rng.randint(5, 60))
            row = self._interaction(c, d, kind="sales")
            row["tag"] = "before_customer_created"
            rows.append(row)
            before.append(row)
        # orphans: customers deleted from the CRM, their tickets kept
        orphans = []
        for oid in self.orphan_ids(8):
            d = rng.choice(list(days(dt.date(2025, 1, 1), dt.date(2026, 10, 31))))
            row = self._interaction(None, d)
            row["customer_id"] = oid
            row["tag"] = "orphan"
            rows.append(row)
            orphans.append(row)
        # future: Jalali year typed 1410 instead of 1405
        future = []
        pool = [
            r
            for r in rows
            if r["tag"] == ""
            and r["opened"].year == 2026
            and r["opened"].month in (5, 6)
            and r["opened"] < dt.datetime(2026, 6, 1)
        ]
        for r in sorted(rng.sample(pool, 2), key=lambda r: r["opened"]):
            j = jdatetime.datetime.fromgregorian(datetime=r["opened"])
            r["opened_written"] = j.replace(year=j.year + 5).togregorian()
            r["first_response"], r["resolved"] = None, None
            r["tag"] = "future"
            future.append(r)
        rows.sort(key=lambda r: (r["opened"], r["customer_id"]))
        tid = 20_417
        for r in rows:
            r["id"] = str(tid)
            tid += rng.choice([1, 1, 1, 2])
        self.interactions = rows
        P["interactions_before_created"] = before
        P["interactions_orphan"] = orphans
        P["interactions_future"] = future

    def _planted_customer_sets(self):
        P = self.planted
        sets = [
            P[k]
            for k in (
                "missing_email_and_phone",
                "missing_segment",
                "invalid_email",
                "invalid_phone",
                "invalid_national_id",
                "stale",
                "future_created_at",
                "literal_na_name",
                "formula_in_company",
            )
        ]
        sets += [g for g in P["duplicate_email"]] + [g for g in P["duplicate_phone"]]
        sets += [g for g, _ in P["fuzzy_duplicate"]]
        return sets

    def _interaction(self, c: Customer | None, d: dt.date, kind: str | None = None) -> dict:
        rng = self.rng
        seg = c.segment if c else "SMB"
        if kind is None:
            p_complaint = 0.10
            if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
                p_complaint = 0.19
            if c and c.difficult:
                p_complaint = 0.45
            kind = rng.pick(
                [
                    ("complaint", p_complaint),
                    ("support", 0.62 - p_complaint / 2),
                    ("sales", 0.12),
                    ("followup", 0.12),
                    ("training", 0.06),
                ]
            )
        opened = rng.clock(d, 8.0, 20.0, 11.0)
        if kind == "sales":
            staff = self.staff_on(self.sales, d) or self.staff_on(self.sales, d, need_active=False)
        else:
            staff = self.staff_on(self.support, d)
        agent = rng.choice(staff)["user_id"]
        first = opened + dt.timedelta(minutes=max(2, int(rng.lognormvariate(math.log(75), 1.0))))
        res_h = rng.lognormvariate(math.log(18 if kind != "complaint" else 40), 1.0)
        resolved = first + dt.timedelta(hours=res_h)
        if rng.random() < 0.01:
            first = None
        age = (AS_OF - d).days
        if (age < 10 and rng.random() < 0.5) or rng.random() < 0.015 or resolved.date() > AS_OF:
            resolved = None
        if first and first.date() > AS_OF:
            first = None
        ch = rng.choices(I_CHANNELS, I_CHANNEL_W[seg])[0]
        return dict(
            customer=c,
            customer_id=c.id if c else "",
            opened=opened,
            opened_written=opened,
            channel=ch,
            type=kind,
            agent=agent,
            first_response=first,
            resolved=resolved,
            tag="",
            id="",
        )

    # ------------------------------------------------------------------ orders
    def make_orders(self) -> None:
        rng = self.rng
        price = {"Individual": 420_000, "SMB": 3_100_000, "Enterprise": 14_500_000, "VIP": 38_000_000}
        rows = []
        for c in self.customers:
            if not c.orders_on or c.rejected:
                continue
            d = c.created.date() + dt.timedelta(days=rng.randint(1, 4))
            first = True
            while d <= c.activity_end and d <= AS_OF:
                months = c.cycle
                amount = price[c.segment] * months * (0.85 if months == 12 else 1.0)
                if d >= dt.date(2026, 3, 21):
                    amount *= 1.3
                amount *= rng.uniform(0.9, 1.25) * (1.4 if first else 1.0)
                rows.append(self._order(c, d, int(round(amount, -4))))
                if rng.random() < 0.08:  # add-on module
                    d2 = d + dt.timedelta(days=rng.randint(5, 60))
                    if d2 <= c.activity_end and d2 <= AS_OF:
                        rows.append(self._order(c, d2, int(round(price[c.segment] * rng.uniform(1, 4), -4))))
                first = False
                d = add_months(d, months)
        P = self.planted
        # refunds booked as negative invoices
        neg = []
        stale = self.planted["stale"]
        pool = [r for r in rows if r["order_date"] <= dt.date(2026, 10, 31) and r["customer"] not in stale]
        for src in sorted(rng.sample(pool, 6), key=lambda r: r["order_date"]):
            d = src["order_date"] + dt.timedelta(days=rng.randint(3, 14))
            r = dict(
                customer=src["customer"],
                customer_id=src["customer_id"],
                order_date=d,
                amount=-int(round(src["amount"] * rng.choice([1.0, 0.5, 0.25]), -4)),
                due=None,
                paid=None,
                status="Refunded",
                tag="negative",
                id="",
            )
            rows.append(r)
            neg.append(r)
        orphans = []
        for oid in self.orphan_ids(4):
            d = rng.choice(list(days(dt.date(2025, 2, 1), dt.date(2026, 10, 31))))
            r = self._order(None, d, int(round(3_100_000 * 3 * rng.uniform(0.9, 1.2), -4)))
            r["customer_id"], r["tag"] = oid, "orphan"
            rows.append(r)
            orphans.append(r)
        future = []
        pool = [r for r in rows if r["tag"] == "" and r["order_date"].year == 2026 and r["status"] == "Paid"]
        for r in sorted(rng.sample(pool, 2), key=lambda r: r["order_date"]):
            r["order_date_written"] = r["order_date"].replace(year=2031)
            r["due_written"] = r["due"].replace(year=2031) if r["due"] else None
            r["paid"], r["status"], r["tag"] = None, "Unpaid", "future"
            future.append(r)
        rows.sort(key=lambda r: (r["order_date"], r["customer_id"]))
        n = 140_003
        for r in rows:
            r["id"] = f"INV-{n}"
            n += rng.choice([1, 1, 2])
        self.orders = rows
        P["orders_negative"], P["orders_orphan"], P["orders_future"] = neg, orphans, future

    def _order(self, c: Customer | None, d: dt.date, amount: int) -> dict:
        rng = self.rng
        due = d + dt.timedelta(days=45 if c and c.segment in ("Enterprise", "VIP") else 30)
        late = c.late_payer if c else False
        u = rng.random()
        if u < 0.02:
            paid, status = None, "Cancelled"
        else:
            if u < (0.55 if late else 0.9):
                paid = d + dt.timedelta(days=rng.randint(0, (due - d).days))
            elif u < 0.97:
                paid = due + dt.timedelta(days=rng.randint(1, 75))
            else:
                paid = None
            if paid and paid > AS_OF:
                paid = None
            status = "Paid" if paid else ("Overdue" if due < AS_OF else "Unpaid")
        return dict(
            customer=c,
            customer_id=c.id if c else "",
            order_date=d,
            amount=amount,
            due=due,
            paid=paid,
            status=status,
            tag="",
            id="",
        )
