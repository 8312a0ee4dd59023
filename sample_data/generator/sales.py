"""Leads and the marketing spend."""

from __future__ import annotations

import datetime as dt
import math

import jdatetime

from .config import AS_OF, CHANNEL_MIX, COMPANY_TAILS, COMPANY_WORDS, DATA_START, LOST_REASONS, PAID_CHANNELS
from .helpers import add_months, days, progress, season_factor, weekday_factor


class SalesMixin:
    """Part of :class:`~generator.core.Generator` (shares its state)."""

    # ------------------------------------------------------------------ leads
    def make_leads(self) -> None:
        rng = self.rng
        rows = []
        p_lead = {"Individual": 0.12, "SMB": 0.6, "Enterprise": 0.85, "VIP": 0.85}
        for c in self.customers:
            if c.role != "base" or c in self.planted["future_created_at"] or rng.random() >= p_lead[c.segment]:
                continue
            lag = int(rng.lognormvariate(math.log(20), 0.7))
            created = c.created - dt.timedelta(days=lag, minutes=rng.randint(30, 600))
            if created.date() < DATA_START:
                continue
            owner = c.owner or rng.choice(self.staff_on(self.sales, created.date(), need_active=False))["name"]
            rows.append(
                dict(
                    created=created,
                    source=c.channel,
                    owner=owner,
                    stage="Converted",
                    converted=c.created,
                    customer_id=c.id,
                    lost_reason="",
                    amount=self._lead_amount(c.segment),
                    company=c.company,
                    tag="",
                )
            )
        # leads that did not convert
        for d in days(DATA_START, AS_OF):
            lam = 3.3 * (2.0 ** progress(d)) * weekday_factor(d) * season_factor(d)
            for _ in range(rng.poisson(lam)):
                created = rng.clock(d)
                seg = rng.pick([("SMB", 60), ("Enterprise", 20), ("Individual", 15), ("VIP", 5)])
                src = rng.pick((c, a + (b - a) * progress(d)) for c, (a, b) in CHANNEL_MIX[seg].items())
                owner = rng.choice(self.staff_on(self.sales, d, need_active=False))["name"]
                age = (AS_OF - d).days
                if (age > 75 and rng.random() < 0.93) or (age <= 75 and rng.random() < age / 110):
                    stage, reason = "Lost Lead", rng.pick(LOST_REASONS)
                else:
                    stage, reason = (
                        rng.pick([("Not Contacted", 25), ("Contacted", 40), ("Qualified", 25), ("Proposal Sent", 10)]),
                        "",
                    )
                company = self._lead_company() if seg != "Individual" else ""
                rows.append(
                    dict(
                        created=created,
                        source=src,
                        owner=owner,
                        stage=stage,
                        converted=None,
                        customer_id="",
                        lost_reason=reason,
                        amount=self._lead_amount(seg),
                        company=company,
                        tag="",
                    )
                )
        P = self.planted
        noid = []
        for i in range(7):
            d = (
                rng.choice(list(days(dt.date(2026, 7, 1), dt.date(2026, 9, 30))))
                if i < 2
                else rng.choice(list(days(dt.date(2025, 1, 10), dt.date(2026, 6, 15))))
            )
            created = rng.clock(d)
            conv = rng.clock(d + dt.timedelta(days=rng.randint(5, 40)))
            r = dict(
                created=created,
                source=rng.choice(["Exhibition", "Referral"]),
                owner=rng.choice(self.staff_on(self.sales, d, need_active=False))["name"],
                stage="Converted",
                converted=conv,
                customer_id="",
                lost_reason="",
                amount=self._lead_amount("SMB"),
                company=self._lead_company(),
                tag="converted_no_customer",
            )
            rows.append(r)
            noid.append(r)
        pool = [r for r in rows if r["tag"] == "" and r["stage"] == "Lost Lead" and r["created"].year == 2025]
        fut = rng.choice(pool)
        fut["created_written"] = fut["created"].replace(year=2031)
        fut["tag"] = "future"
        rows.sort(key=lambda r: r["created"])
        base = 5_725_767_000_000_000_000
        n = 40_117
        for r in rows:
            r["id"] = str(base + n)
            n += rng.choice([1, 2, 3, 7])
            r.setdefault("created_written", r["created"])
        self.leads = rows
        P["leads_converted_no_customer"], P["leads_future"] = noid, [fut]

    def _lead_amount(self, seg: str) -> int:
        base = {"Individual": 4_500_000, "SMB": 35_000_000, "Enterprise": 160_000_000, "VIP": 420_000_000}[seg]
        return int(round(base * self.rng.uniform(0.6, 1.6), -5))

    def _lead_company(self) -> str:
        w, t = self.rng.choice(COMPANY_WORDS), self.rng.choice(COMPANY_TAILS)
        return self.rng.choice(["شرکت {} {}", "{} {}", "گروه {} {}"]).format(w[0], t[0])

    # ------------------------------------------------------------------ marketing spend
    def make_spend(self) -> None:
        rng = self.rng
        levels = {
            "Instagram": (110, 270),
            "Yektanet": (75, 140),
            "Google Ads": (70, 105),
            "SMS": (45, 22),
            "Telegram": (28, 52),
        }
        campaigns = {
            "Instagram": ["Reels", "Influencers", "Stories"],
            "Yektanet": ["Native", "Retargeting"],
            "Google Ads": ["Search", "Brand"],
            "SMS": ["Bulk SMS"],
            "Telegram": ["Channel ads"],
        }
        exhibitions = {
            dt.date(2024, 11, 1): ("Elecomp 1403", 380),
            dt.date(2025, 5, 1): ("Iran Expo 1404", 260),
            dt.date(2025, 11, 1): ("Elecomp 1404", 420),
            dt.date(2026, 5, 1): ("Iran Expo 1405", 300),
            dt.date(2026, 9, 1): ("ITEX Tehran 1405", 330),
            dt.date(2026, 11, 1): ("Elecomp 1405", 460),
        }
        m = DATA_START
        while m <= AS_OF:
            p = progress(m)
            for ch in PAID_CHANNELS:
                if ch == "Exhibition":
                    if m in exhibitions:
                        name, mil = exhibitions[m]
                        self.spend.append((m, ch, name, mil * 1_000_000 + rng.randrange(0, 50) * 1_000_000))
                    continue
                a, b = levels[ch]
                total = (a + (b - a) * p) * rng.uniform(0.85, 1.15) * 1_000_000
                if m.month == 3:
                    total *= 1.25  # pre-Nowruz push
                if m.month == 4:
                    total *= 0.6
                names = campaigns[ch]
                k = rng.randint(1, len(names))
                shares = [rng.uniform(0.5, 1.5) for _ in range(k)]
                for nm, sh in zip(names[:k], shares):
                    amount = int(round(total * sh / sum(shares), -5))
                    jm = jdatetime.date.fromgregorian(date=m + dt.timedelta(days=20))
                    self.spend.append((m, ch, f"{ch} - {nm} {jm.year}-{jm.month:02d}", amount))
            m = add_months(m, 1)
