"""Customers: names, companies, contacts, churn, ids, final fields."""

from __future__ import annotations

import datetime as dt

import numpy as np
from rapidfuzz import fuzz, process

from .config import (
    AS_OF,
    CHANNEL_MIX,
    CITIES,
    COMPANY_FORMS,
    COMPANY_TAILS,
    COMPANY_WORDS,
    DATA_START,
    EMAIL_DOMAINS,
    FRESH_UPDATE_MIN,
    FUZZY_GUARD,
    MOBILE_PREFIXES,
    SEGMENTS,
    STALE_LAST_TOUCH_MAX,
)
from .helpers import Customer, days, fa_digits, fold, name_key, nid_check_digit, progress, season_factor, weekday_factor


class CustomersMixin:
    """Part of :class:`~generator.core.Generator` (shares its state)."""

    # ------------------------------------------------------------------ customers
    def make_customers(self) -> None:
        rng = self.rng
        base_rate_start, base_rate_end = 3.25, 7.05  # per full working day
        for d in days(DATA_START, AS_OF):
            p = progress(d)
            lam = base_rate_start * (base_rate_end / base_rate_start) ** p * weekday_factor(d) * season_factor(d)
            for _ in range(rng.poisson(lam)):
                ts = rng.clock(d)
                seg = rng.pick(SEGMENTS)
                mix = CHANNEL_MIX[seg]
                ch = rng.pick((c, a + (b - a) * p) for c, (a, b) in mix.items())
                city = rng.pick((c[0], c[2]) for c in CITIES)
                c = Customer(len(self.customers), ts, ts, seg, ch, city, "fa" if rng.random() < 0.88 else "en")
                self.customers.append(c)
        self.customers.sort(key=lambda c: c.true_created)
        for i, c in enumerate(self.customers):
            c.key = i
        self._assign_companies()
        seen: dict[tuple, list[str]] = {}
        for c in self.customers:
            blocks = [("city", c.city)] + ([("company", c.company_key)] if c.company_key else [])
            for _ in range(200):
                self._assign_name(c)
                name = fold(f"{c.first} {c.last}")
                if not any(
                    process.extractOne(name, seen.get(b, []), scorer=sc, score_cutoff=FUZZY_GUARD)
                    for b in blocks
                    for sc in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio)
                ):
                    break
            else:
                raise RuntimeError("could not find a distinct name")
            for b in blocks:
                seen.setdefault(b, []).append(name)
        for c in self.customers:
            self._assign_contact(c)
            c.city_out, c.channel_out, c.segment_out = c.city, c.channel, c.segment
            sales_now = self.staff_on(self.sales, c.true_created.date(), need_active=False)
            if c.segment != "Individual" or rng.random() < 0.3:
                c.owner = rng.choice(sales_now)["name"]
            c.difficult = rng.random() < 0.012
            c.late_payer = rng.random() < 0.06
            c.cycle = {
                "Individual": rng.choice([12, 12, 3]),
                "SMB": rng.choice([3, 3, 12]),
                "Enterprise": rng.choice([3, 12]),
                "VIP": 1,
            }[c.segment]
            c.event_rate = {"Individual": 0.52, "SMB": 0.95, "Enterprise": 1.75, "VIP": 2.6}[c.segment]

    def _assign_companies(self) -> None:
        rng = self.rng
        companies: dict[str, list] = {"SMB": [], "Enterprise": [], "VIP": []}
        used = set()
        for c in self.customers:
            if c.segment == "Individual":
                continue
            pool = [co for co in companies[c.segment] if co["n"] < 3]
            if pool and rng.random() < 0.18:
                co = rng.choice(pool)
            else:
                while True:
                    words = rng.sample(COMPANY_WORDS, rng.choice([1, 2, 2]))
                    t, f = rng.choice(COMPANY_TAILS), rng.choice(COMPANY_FORMS)
                    key = "".join(w[1] for w in words) + t[1]
                    if key not in used:
                        used.add(key)
                        break
                fa = " ".join(w[0] for w in words) + " " + t[0]
                en = " ".join(w[1] for w in words) + " " + t[1]
                name = f[1].format(en) if rng.random() < 0.25 else f[0].format(fa)
                co = {
                    "name": name,
                    "key": key.lower(),
                    "domain": f"{key.lower()}.{rng.choice(['ir', 'ir', 'com'])}",
                    "n": 0,
                }
                companies[c.segment].append(co)
            co["n"] += 1
            c.company, c.company_key, c.company_domain = co["name"], co["key"], co["domain"]

    def _assign_name(self, c: Customer) -> None:
        (c.first_fa, c.first_en), (c.last_fa, c.last_en) = (
            self.rng.choice(self.first_pool),
            self.rng.choice(self.last_pool),
        )
        c.first, c.last = (c.first_fa, c.last_fa) if c.script == "fa" else (c.first_en, c.last_en)

    def _blocks(self, custs):
        blocks: dict[tuple, list] = {}
        for c in custs:
            if not (c.first or c.last):
                continue
            blocks.setdefault(("city", c.city), []).append(c)
            if c.company_key:
                blocks.setdefault(("company", c.company_key), []).append(c)
            if c.phone_digits:
                blocks.setdefault(("phone", c.phone_digits), []).append(c)
        return blocks

    def similar_pairs(self, custs) -> list[tuple[int, int, float]]:
        """Pairs of customers sharing a city, company or phone whose names score >= FUZZY_GUARD."""
        found: dict[tuple[int, int], float] = {}
        for members in self._blocks(custs).values():
            if len(members) < 2:
                continue
            names = [fold(f"{m.first} {m.last}") for m in members]
            best = None
            for scorer in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio):
                m = process.cdist(names, names, scorer=scorer, score_cutoff=FUZZY_GUARD, workers=1)
                best = m if best is None else np.maximum(best, m)
            n = len(members)
            for i in range(n):
                row = best[i]
                for j in range(i + 1, n):
                    if row[j] >= FUZZY_GUARD:
                        a, b = sorted((members[i].key, members[j].key))
                        found[(a, b)] = max(found.get((a, b), 0), float(row[j]))
        return sorted((a, b, s) for (a, b), s in found.items())

    def new_phone(self) -> str:
        while True:
            digits = self.rng.choice(MOBILE_PREFIXES)[1:] + f"{self.rng.randrange(10**7):07d}"
            if digits not in self.used_phones:
                self.used_phones.add(digits)
                return digits

    def fmt_phone(self, digits: str, style: str | None = None) -> str:
        style = style or self.rng.pick(
            [("0", 30), ("0s", 20), ("0d", 8), ("+98", 15), ("+98s", 10), ("98", 10), ("0098", 3), ("fa", 4)]
        )
        a, b, c = digits[:3], digits[3:6], digits[6:]
        return {
            "0": f"0{digits}",
            "0s": f"0{a} {b} {c}",
            "0d": f"0{a}-{b}-{c}",
            "+98": f"+98{digits}",
            "+98s": f"+98 {a} {b} {c}",
            "98": f"98{digits}",
            "0098": f"0098 {a} {b} {c}",
            "fa": fa_digits(f"0{digits}"),
        }[style]

    def new_email(self, first_en: str, last_en: str, domain: str | None = None) -> str:
        rng = self.rng
        first, last = first_en.lower(), last_en.lower()
        for attempt in range(100):
            pat = rng.choice(["{f}.{l}", "{f}{l}", "{f0}.{l}", "{l}.{f}", "{f}_{l}", "{f}{l}{n}", "{f}.{l}{n}"])
            if attempt > 3 and "{n}" not in pat:
                pat += "{n}"
            local = pat.format(
                f=first, l=last, f0=first[0], n=rng.randint(1, 99) if attempt < 50 else rng.randint(100, 9999)
            )
            dom = domain or rng.pick(EMAIL_DOMAINS)
            email = f"{local}@{dom}"
            if email not in self.used_emails:
                self.used_emails.add(email)
                return email
        raise RuntimeError("email space exhausted")

    def new_nid(self) -> str:
        while True:
            body = f"{self.rng.randrange(10**9):09d}"
            nid = body + str(nid_check_digit(body))
            if len(set(nid)) > 2 and nid not in self.used_nids:
                self.used_nids.add(nid)
                return nid

    def _assign_contact(self, c: Customer) -> None:
        rng = self.rng
        c.phone_digits = self.new_phone()
        c.phone = self.fmt_phone(c.phone_digits)
        if c.company and rng.random() < 0.75:
            c.email = self.new_email(c.first_en, c.last_en, c.company_domain)
        elif rng.random() < 0.93:
            c.email = self.new_email(c.first_en, c.last_en)
        if rng.random() < 0.05:
            c.email = c.email.capitalize()
        if rng.random() < 0.96:
            c.national_id = self.new_nid()
            if rng.random() < 0.01:
                c.national_id = fa_digits(c.national_id)

    # ------------------------------------------------------------------ churn
    def simulate_churn(self) -> None:
        rng = self.rng
        hazard = {"Individual": 0.027, "SMB": 0.019, "Enterprise": 0.009, "VIP": 0.005}
        for c in self.customers:
            start = c.created.date() + dt.timedelta(days=21)
            for d in days(start, AS_OF):
                h = hazard[c.segment] / 30.4
                if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
                    h *= 1.6  # price increase after Nowruz 1405
                if c.difficult:
                    h *= 2
                if rng.random() < h:
                    c.churned = d
                    c.activity_end = d
                    break

    def repair_names(self) -> None:
        """Rename unplanted customers whose names came close to a planted record's (other-script copies)."""
        P = self.planted
        fixed = {c.key for grp in self._planted_customer_sets() for c in grp}
        fixed -= {
            c.key
            for c in P["missing_email_and_phone"]
            + P["missing_segment"]
            + P["invalid_phone"]
            + P["invalid_national_id"]
            + P["stale"]
        }
        planted_pairs = {tuple(sorted((m[0].key, m[1].key))) for m, _ in P["fuzzy_duplicate"]}
        for _ in range(20):
            accepted = [c for c in self.customers if not c.rejected]
            extra = [(a, b) for a, b, _ in self.similar_pairs(accepted) if (a, b) not in planted_pairs]
            if not extra:
                return
            for a, b in extra:
                free = [k for k in (b, a) if k not in fixed and self.customers[k].role == "base"]
                na = [k for k in (a, b) if self.customers[k] in P["literal_na_name"]]
                if na and not free:
                    c = self.customers[na[0]]
                    c.last_fa, c.last_en = self.rng.choice(self.last_pool)
                    c.last = c.last_en
                    continue
                if not free:
                    raise RuntimeError(f"cannot separate planted records {a} and {b}")
                c = self.customers[free[0]]
                self._distinct_name(c, accepted)
                if c.email:
                    c.email = self.new_email(c.first_en, c.last_en, c.email.split("@")[1])
        raise RuntimeError("could not separate customer names")

    def name_clash(self, first: str, last: str, where: Customer, exclude: set) -> bool:
        """Whether a name would come close to a record sharing the city or company of ``where``."""
        if name_key(first, last) in self.reserved_names:
            return True
        others = [
            fold(f"{o.first} {o.last}")
            for o in self.customers
            if o.key not in exclude
            and not o.rejected
            and (o.first or o.last)
            and (o.city == where.city or (where.company_key and o.company_key == where.company_key))
        ]
        name = fold(f"{first} {last}")
        return any(
            process.extractOne(name, others, scorer=sc, score_cutoff=FUZZY_GUARD)
            for sc in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio)
        )

    def _distinct_name(self, c: Customer, custs: list) -> None:
        """Give ``c`` a new name (same script) that is not similar to anyone sharing its city or company."""
        others = [
            fold(f"{o.first} {o.last}")
            for o in custs
            if o is not c
            and (o.first or o.last)
            and (
                o.city == c.city
                or (c.company_key and o.company_key == c.company_key)
                or (c.phone_digits and o.phone_digits == c.phone_digits)
            )
        ]
        for _ in range(500):
            self._assign_name(c)
            name = fold(f"{c.first} {c.last}")
            if name_key(c.first, c.last) in self.reserved_names:
                continue
            if not any(
                process.extractOne(name, others, scorer=sc, score_cutoff=FUZZY_GUARD)
                for sc in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio)
            ):
                return
        raise RuntimeError("could not find a distinct name")

    def assign_ids(self) -> None:
        rng = self.rng
        order = sorted(self.customers, key=lambda c: (c.true_created, c.key))
        nxt = 100_231
        for c in order:
            c.id = str(nxt)
            nxt += rng.choice([1, 1, 1, 2, 2, 3, 5])
        self.by_id = {c.id: c for c in self.customers}
        used = {int(c.id) for c in self.customers}
        self.gap_ids = [str(i) for i in range(100_231, nxt) if i not in used]

    def orphan_ids(self, n: int) -> list[str]:
        out = self.rng.sample(self.gap_ids, n)
        for o in out:
            self.gap_ids.remove(o)
        return out

    # ------------------------------------------------------------------ customer summary fields
    def finish_customers(self) -> None:
        rng = self.rng
        last: dict[str, dt.datetime] = {}

        def touch(cid, t):
            if cid and (cid not in last or t > last[cid]):
                last[cid] = t

        for r in self.interactions:
            if r["tag"] == "":
                touch(r["customer_id"], r["opened"])
        for r in self.surveys:
            if r["tag"] in ("", "out_of_range", "script_comment"):
                touch(r["customer_id"], r["submitted"])
        revenue: dict[str, int] = {}
        for r in self.orders:
            if r["tag"] == "" and r["status"] != "Cancelled":
                revenue[r["customer_id"]] = revenue.get(r["customer_id"], 0) + r["amount"]
        stale = self.planted["stale"]
        for c in self.customers:
            c.last_activity = last.get(c.id)
            c.revenue = revenue.get(c.id, 0)
            floor = max(
                [
                    c.created,
                    c.last_activity or c.created,
                    dt.datetime.combine(c.churned, dt.time(9)) if c.churned else c.created,
                ]
            )
            if c in stale:
                lo = floor
                hi = dt.datetime.combine(STALE_LAST_TOUCH_MAX, dt.time(18))
                if lo > hi:
                    raise RuntimeError("stale customer has late activity")
                c.updated = lo + (hi - lo) * rng.random() * 0.3
            else:
                lo = max(floor, dt.datetime.combine(FRESH_UPDATE_MIN, dt.time(8)))
                if c.created.year == 2031:
                    lo = dt.datetime.combine(FRESH_UPDATE_MIN, dt.time(8))
                hi = dt.datetime.combine(AS_OF, dt.time(18))
                c.updated = lo + (hi - lo) * (1 - rng.random() ** 2) if hi > lo else lo
            c.updated = c.updated.replace(second=0, microsecond=0)
            c.status = "Churned" if c.churned else "Active"
