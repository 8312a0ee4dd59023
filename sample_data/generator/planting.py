"""The data problems planted in the customer records."""

from __future__ import annotations

import datetime as dt

from .config import AS_OF, STALE_LAST_TOUCH_MAX, ZWNJ
from .helpers import Customer, days, fa_digits, fold, name_key, nid_valid


class PlantingMixin:
    """Part of :class:`~generator.core.Generator` (shares its state)."""

    # ------------------------------------------------------------------ planted customer problems
    def plant_customers(self) -> None:
        rng = self.rng
        P = self.planted
        base = list(self.customers)
        taken: set[int] = set()

        def take(pred, n):
            pool = [c for c in base if c.key not in taken and pred(c)]
            chosen = rng.sample(pool, n)
            for c in chosen:
                taken.add(c.key)
            return sorted(chosen, key=lambda c: c.key)

        def take_checked(pred, check):
            pool = [c for c in base if c.key not in taken and pred(c)]
            for c in rng.sample(pool, len(pool)):
                if check(c):
                    taken.add(c.key)
                    return c
            raise RuntimeError("no candidate passes the check")

        def other_ok(c: Customer) -> bool:
            first, last = (c.first_en, c.last_en) if c.script == "fa" else (c.first_fa, c.last_fa)
            return not self.name_clash(first, last, c, {c.key})

        def new_record(orig: Customer, created: dt.datetime, role: str) -> Customer:
            r = Customer(len(self.customers), created, created, orig.segment, orig.channel, orig.city, orig.script)
            r.role = role
            r.company, r.company_key, r.company_domain = orig.company, orig.company_key, orig.company_domain
            r.city_out, r.segment_out, r.channel_out = orig.city, orig.segment, orig.channel
            r.cycle, r.event_rate, r.orders_on = orig.cycle, orig.event_rate * 0.3, False
            self.customers.append(r)
            return r

        def later(orig: Customer, lo=20, hi=240) -> dt.datetime:
            d = orig.created.date() + dt.timedelta(days=rng.randint(lo, hi))
            d = min(d, AS_OF - dt.timedelta(days=3))
            return rng.clock(d)

        def other_script(r: Customer, orig: Customer):
            r.first_fa, r.last_fa, r.first_en, r.last_en = orig.first_fa, orig.last_fa, orig.first_en, orig.last_en
            r.script = "en" if orig.script == "fa" else "fa"
            r.first, r.last = (r.first_fa, r.last_fa) if r.script == "fa" else (r.first_en, r.last_en)

        def ok_base(c: Customer) -> bool:
            return c.role == "base" and c.email != "" and c.churned is None and c.created.date() <= dt.date(2026, 9, 1)

        # exact duplicates by e-mail: case/space variants; the copy is written in the other script
        groups = []
        for g in range(15):
            orig = take_checked(lambda c: ok_base(c) and c.email[0].isalpha(), other_ok)
            orig.email = orig.email.lower()
            members = [orig]
            copies = 2 if g in (4, 11) else 1
            variants = [
                lambda e: e.upper(),
                lambda e: e.capitalize() + " ",
                lambda e: " " + e,
                lambda e: e.split("@")[0].title() + "@" + e.split("@")[1].upper(),
                lambda e: e + " ",
            ]
            for k in range(copies):
                r = new_record(orig, later(orig), "dup")
                if k == 0:
                    other_script(r, orig)
                    if rng.random() < 0.5:
                        r.phone_digits = self.new_phone()
                        r.phone = self.fmt_phone(r.phone_digits)
                r.email = variants[(g + k) % len(variants)](orig.email)
                r.channel, r.channel_out = "Organic", "Organic"
                members.append(r)
            groups.append(members)
        P["duplicate_email"] = groups

        # exact duplicates by phone: same mobile in another format (Persian digits in five groups)
        groups = []
        styles = [
            ("0", "+98"),
            ("0s", "98"),
            ("+98s", "0d"),
            ("0d", "0"),
            ("fa", "+98"),
            ("98", "0s"),
            ("fa", "0"),
            ("0", "+98s"),
            ("fa", "98"),
            ("0098", "0"),
            ("fa", "0s"),
            ("fa", "+98"),
        ]
        for g in range(12):
            orig = take_checked(lambda c: ok_base(c) and c.script == "fa", other_ok)
            r = new_record(orig, later(orig), "dup")
            other_script(r, orig)
            r.phone_digits = orig.phone_digits
            orig.phone = self.fmt_phone(orig.phone_digits, styles[g][0])
            r.phone = self.fmt_phone(orig.phone_digits, styles[g][1])
            if rng.random() < 0.6:
                r.email = self.new_email(orig.first_en, orig.last_en)
            groups.append([orig, r])
        P["duplicate_phone"] = groups

        # fuzzy duplicates: same person typed differently, sharing company or city
        # (the name is carried by nobody else; the original keeps only its phone, the copy has only
        # an e-mail, so no contact value conflicts)
        pairs = []
        counts: dict[str, int] = {}

        def ok_fuzzy(c: Customer) -> bool:
            return ok_base(c) and counts[name_key(c.first, c.last)] == 1

        plan = ["typo"] * 4 + ["swapped"] * 3 + ["arabic_letters"] * 3 + ["zwnj_space"] * 4
        for g, kind in enumerate(plan):
            counts.clear()
            for c in self.customers:
                counts[name_key(c.first, c.last)] = counts.get(name_key(c.first, c.last), 0) + 1

            def pred(c: Customer, kind: str = kind, g: int = g) -> bool:
                if kind == "arabic_letters":
                    return ok_fuzzy(c) and c.script == "fa" and any(ch in c.first + c.last for ch in "یک")
                if kind == "zwnj_space":
                    return ok_fuzzy(c) and c.script == "fa" and ZWNJ in c.last
                if kind == "typo" and g % 2:
                    return ok_fuzzy(c) and c.script == "en" and len(c.last) >= 6
                return ok_fuzzy(c) and len(fold(c.last)) >= 5

            def variant(c: Customer, kind: str = kind, g: int = g) -> tuple[str, str, str, str]:
                """(copy first, copy last, original first, original last)."""
                first, last, olast = c.first, c.last, c.last
                if kind == "typo":
                    i = rng.randrange(2, len(last) - 1)
                    last = last[:i] + last[i + 1 :] if g % 2 == 0 else last[:i] + last[i] + last[i:]
                    if fold(last) == fold(c.last):
                        raise RuntimeError("typo did not change the name")
                elif kind == "swapped":
                    first, last = c.last, c.first
                elif kind == "arabic_letters":
                    first = c.first.replace("ی", "ي").replace("ک", "ك")
                    last = c.last.replace("ی", "ي").replace("ک", "ك")
                else:
                    last = c.last.replace(ZWNJ, " ")
                    if g % 2:  # the original has the space, the copy the ZWNJ
                        olast, last = last, c.last
                return first, last, c.first, olast

            chosen: dict[str, tuple[str, str, str, str]] = {}

            def fuzzy_ok(c: Customer, chosen: dict[str, tuple[str, str, str, str]] = chosen) -> bool:
                v = variant(c)
                keys = {name_key(v[0], v[1]), name_key(v[2], v[3])}
                if any(counts.get(k, 0) > (k == name_key(c.first, c.last)) for k in keys):
                    return False
                if self.name_clash(v[0], v[1], c, {c.key}) or self.name_clash(v[2], v[3], c, {c.key}):
                    return False
                chosen[c.key] = v
                return True

            orig = take_checked(pred, fuzzy_ok)
            r = new_record(orig, later(orig), "fuzzy")
            r.first_fa, r.last_fa, r.first_en, r.last_en = orig.first_fa, orig.last_fa, orig.first_en, orig.last_en
            r.first, r.last, orig.first, orig.last = chosen[orig.key]
            orig.email = ""
            r.email = self.new_email(orig.first_en, orig.last_en)
            self.reserved_names |= {name_key(orig.first, orig.last), name_key(r.first, r.last)}
            pairs.append(([orig, r], kind))
        P["fuzzy_duplicate"] = pairs

        # incomplete: no e-mail and no phone (exhibition business cards), no segment
        P["missing_email_and_phone"] = take(ok_base, 25)
        for c in P["missing_email_and_phone"]:
            c.email, c.phone, c.phone_digits = "", "", ""
        P["missing_segment"] = take(ok_base, 40)
        for c in P["missing_segment"]:
            c.segment_out = ""

        # invalid values
        bad_emails = []
        for i, c in enumerate(take(lambda c: ok_base(c) and "@" in c.email and c.email[0].isalpha(), 20)):
            local, dom = c.email.split("@")
            c.email = [
                f"{local}{dom}",
                f"{local}@@{dom}",
                f"{local} @{dom}",
                f"{local}@{dom.split('.')[0]}",
                f"{local}@",
                f"@{dom}",
                f"{local}@{dom}@{dom}",
                f"{local}@{dom[:3]} {dom[3:]}",
            ][i % 8]
            if (
                "@" not in c.email
                or c.email.count("@") > 1
                or " " in c.email
                or "." not in c.email.split("@")[-1]
                or not c.email.split("@")[0]
            ):
                bad_emails.append(c)
            else:
                raise RuntimeError(f"planted e-mail is not clearly invalid: {c.email}")
        P["invalid_email"] = bad_emails
        bad_phones = []
        for i, c in enumerate(take(lambda c: ok_base(c) and c.phone != "", 15)):
            d = c.phone_digits
            c.phone = [
                f"0{d[:6]}",
                f"0{d[:3]} {d[3:6]} {d[6:8]}",
                f"+98 {d[:3]} {d[3:7]}",
                f"0{d}{d[-3:]}",
                f"0{d[:3]}-{d[3:6]}-{d[6:]}{d[:4]}",
                fa_digits(f"0{d[:7]}"),
                f"{d[:5]}",
            ][i % 7]
            c.phone_digits = ""
            bad_phones.append(c)
        P["invalid_phone"] = bad_phones
        bad_nids = []
        for i, c in enumerate(
            take(
                lambda c: ok_base(c) and c.national_id.isascii() and c.national_id != "" and "0" in c.national_id[:9],
                18,
            )
        ):
            v = c.national_id
            if i < 14:
                c.national_id = v[:9] + str((int(v[9]) + rng.randint(1, 9)) % 10)
            elif i < 16:
                c.national_id = v + str(rng.randrange(10))
            else:
                j = v.index("0")
                c.national_id = v[:j] + "O" + v[j + 1 :]
            assert not nid_valid(c.national_id)
            bad_nids.append(c)
        P["invalid_national_id"] = bad_nids

        # stale: active, created before July 2025, nothing after mid-October 2025
        stale = take(lambda c: c.role == "base" and c.churned is None and c.created.date() <= dt.date(2025, 6, 30), 30)
        for c in stale:
            c.activity_end = rng.choice(list(days(c.created.date() + dt.timedelta(days=30), STALE_LAST_TOUCH_MAX)))
        P["stale"] = stale

        # a record created "in 2031" (the year typed wrong); nothing points at it
        fut = take(lambda c: ok_base(c) and c.created.year == 2025, 1)[0]
        fut.created = fut.created.replace(year=2031)
        fut.orders_on, fut.event_rate = False, 0.0
        fut.activity_end = fut.true_created.date()
        P["future_created_at"] = [fut]

        # category variants: city and acquisition channel written in other cases, scripts, spaces
        variants = {}
        for city, forms in (
            ("Tehran", [("tehran", 6), ("تهران", 9), ("Tehran ", 5), ("TEHRAN", 3)]),
            ("Isfahan", [("isfahan", 3), ("اصفهان", 4)]),
            ("Mashhad", [("مشهد", 3)]),
        ):
            for form, n in forms:
                for c in take(lambda c, city=city: c.role == "base" and c.city == city, n):
                    c.city_out = form
                    variants.setdefault(("city", city), []).append((form, c))
        for form, n in (("instagram", 7), ("اینستاگرام", 6), ("INSTAGRAM", 2)):
            for c in take(lambda c: c.role == "base" and c.channel == "Instagram", n):
                c.channel_out = form
                variants.setdefault(("acquisition_channel", "Instagram"), []).append((form, c))
        for c in take(lambda c: c.role == "base" and c.channel == "Google Ads", 3):
            c.channel_out = "google ads"
            variants.setdefault(("acquisition_channel", "Google Ads"), []).append(("google ads", c))
        P["category_variants"] = variants

        # cells a robust reader must keep as text
        na = take(lambda c: ok_base(c) and c.script == "en", 1)[0]
        na.first = "NA"
        P["literal_na_name"] = [na]
        hyper = take(
            lambda c: ok_base(c) and c.company != "" and sum(1 for o in base if o.company_key == c.company_key) == 1, 1
        )[0]
        hyper.company = '=HYPERLINK("http://x","y")'
        hyper.company_key = "=hyperlink"
        P["formula_in_company"] = [hyper]

        # two structurally broken rows (wrong number of fields), created in 2026Q3
        rejected = []
        for reason in ("too_many_fields", "too_few_fields"):
            d = rng.choice(list(days(dt.date(2026, 7, 5), dt.date(2026, 9, 25))))
            r = Customer(len(self.customers), rng.clock(d), rng.clock(d), "SMB", "Referral", "Tehran", "en")
            r.created = r.true_created
            r.role, r.rejected, r.orders_on, r.event_rate = "rejected", reason, False, 0.0
            self._assign_name(r)
            r.phone_digits = self.new_phone()
            r.phone = self.fmt_phone(r.phone_digits, "0")
            r.email = self.new_email(r.first_en, r.last_en)
            r.company = "Pars, Tejarat" if reason == "too_many_fields" else "Kian Sanat"
            r.city_out, r.channel_out, r.segment_out = r.city, r.channel, r.segment
            r.national_id = self.new_nid()
            self.customers.append(r)
            rejected.append(r)
        P["rejected_customers"] = rejected

        for c in self.customers:
            if c.role in ("dup", "fuzzy"):
                c.national_id = ""
