"""The ground truth for expected.json: KPIs per period, period facts, the planted problems and
completeness, computed from the generator's own records (not with the product's library)."""

from __future__ import annotations

import datetime as dt
import math

from .config import AS_OF, FRESH_UPDATE_MIN, FUZZY_GUARD, STALE_BEFORE, STALE_LAST_TOUCH_MAX
from .core import Generator
from .helpers import jalali, quarter_label

# ----------------------------------------------------------------------------- ground truth


def compute_kpis(g: Generator, start: dt.date, end: dt.date) -> dict:
    """The seven headline KPIs, straight from KPI_DEFINITIONS.md, on the rows a correct reader keeps."""
    custs = [c for c in g.customers if not c.rejected]
    cday = {c.id: c.created.date() for c in custs}
    S = [c for c in custs if cday[c.id] < start and (c.churned is None or c.churned >= start)]
    N = [c for c in custs if start <= cday[c.id] <= end]
    lost = [c for c in S if c.churned and start <= c.churned <= end]
    new_lost = [c for c in N if c.churned and start <= c.churned <= end]
    E = [c for c in custs if cday[c.id] <= end and (c.churned is None or c.churned > end)]

    def in_p(t):
        return start <= t.date() <= end

    cs = [r["score"] for r in g.surveys if r["type"] == "CSAT" and in_p(r["submitted_written"])]
    cs_valid = [s for s in cs if 1 <= s <= 5]
    ns = [r["score"] for r in g.surveys if r["type"] == "NPS" and in_p(r["submitted_written"])]
    ns_valid = [s for s in ns if 0 <= s <= 10]
    prom = sum(1 for s in ns_valid if s >= 9)
    det = sum(1 for s in ns_valid if s <= 6)
    pas = len(ns_valid) - prom - det
    n = len(ns_valid)
    p, d = prom / n, det / n
    moe = 1.96 * 100 * math.sqrt((p + d - (p - d) ** 2) / n)
    spend = sum(a for m, _, _, a in g.spend if start <= m <= end)
    licensed = [u["user_id"] for u in g.users if u["licensed"]]
    active = sorted({u for u, t, _, _ in g.usage if in_p(t)} & set(licensed))
    leads = [r for r in g.leads if in_p(r["created_written"])]
    conv = [r for r in leads if r["converted"] is not None and r["converted"].date() <= AS_OF]
    good = sum(1 for s in cs_valid if s >= 4)
    return {
        "csat": {
            "value": good / len(cs_valid),
            "n": len(cs_valid),
            "satisfied": good,
            "mean": sum(cs_valid) / len(cs_valid),
            "distribution": {str(k): cs_valid.count(k) for k in range(1, 6)},
            "excluded_out_of_range": len(cs) - len(cs_valid),
        },
        "nps": {
            "value": 100 * (prom - det) / n,
            "n": n,
            "promoters": prom,
            "passives": pas,
            "detractors": det,
            "margin_of_error": moe,
            "excluded_out_of_range": len(ns) - len(ns_valid),
        },
        "cac": {"value": spend / len(N), "spend": spend, "new_customers": len(N)},
        "churn_rate": {
            "value": len(lost) / len(S),
            "lost": len(lost),
            "customers_at_start": len(S),
            "new_lost": len(new_lost),
        },
        "retention_rate": {
            "value": (len(E) - len(N)) / len(S),
            "customers_at_start": len(S),
            "customers_at_end": len(E),
            "new_customers": len(N),
        },
        "adoption_rate": {
            "value": len(active) / len(licensed),
            "active_users": len(active),
            "licensed_users": len(licensed),
        },
        "lead_conversion_rate": {"value": len(conv) / len(leads), "converted": len(conv), "leads": len(leads)},
    }


def extras(g: Generator, start: dt.date, end: dt.date) -> dict:
    """Further numbers for the period (informational; definitions in KPI_DEFINITIONS.md)."""
    ids = {c.id for c in g.customers if not c.rejected}
    comp = [r for r in g.interactions if r["type"] == "complaint" and start <= r["opened_written"].date() <= end]
    per: dict[str, int] = {}
    for r in comp:
        if r["customer_id"] in ids:
            per[r["customer_id"]] = per.get(r["customer_id"], 0) + 1
    new_by_channel: dict[str, int] = {}
    for c in g.customers:
        if not c.rejected and start <= c.created.date() <= end:
            new_by_channel[c.channel_out] = new_by_channel.get(c.channel_out, 0) + 1
    spend_by_channel: dict[str, int] = {}
    for m, ch, _, a in g.spend:
        if start <= m <= end:
            spend_by_channel[ch] = spend_by_channel.get(ch, 0) + a
    return {
        "interactions": sum(1 for r in g.interactions if start <= r["opened_written"].date() <= end),
        "complaints": len(comp),
        "serial_complainers_3_plus": sorted(k for k, v in per.items() if v >= 3),
        "surveys_csat_rows": sum(
            1 for r in g.surveys if r["type"] == "CSAT" and start <= r["submitted_written"].date() <= end
        ),
        "surveys_nps_rows": sum(
            1 for r in g.surveys if r["type"] == "NPS" and start <= r["submitted_written"].date() <= end
        ),
        "orders": sum(1 for r in g.orders if start <= r.get("order_date_written", r["order_date"]) <= end),
        "new_customers_by_channel_as_written": dict(sorted(new_by_channel.items())),
        "spend_by_channel": dict(sorted(spend_by_channel.items())),
    }


def planted_summary(g: Generator) -> dict:
    P = g.planted

    def ids(cs):
        return [c.id for c in sorted(cs, key=lambda c: int(c.id))]

    def group(gs):
        return sorted(([c.id for c in sorted(m, key=lambda c: int(c.id))] for m in gs), key=lambda x: int(x[0]))

    email_groups, phone_groups = group(P["duplicate_email"]), group(P["duplicate_phone"])
    fuzzy = sorted(
        (
            {
                "ids": sorted([m[0].id, m[1].id], key=int),
                "variant": k,
                "names": [f"{x.first} {x.last}" for x in sorted(m, key=lambda c: int(c.id))],
            }
            for m, k in P["fuzzy_duplicate"]
        ),
        key=lambda x: int(x["ids"][0]),
    )
    variants: dict = {}
    for (col, canon), items in sorted(P["category_variants"].items()):
        forms: dict[str, list] = {}
        for form, c in items:
            forms.setdefault(form, []).append(c.id)
        col_map = variants.setdefault(col, {})
        canon_count = sum(
            1 for c in g.customers if not c.rejected and (c.city_out if col == "city" else c.channel_out) == canon
        )
        col_map[canon] = {
            "canonical_rows": canon_count,
            "variants": {f: {"count": len(v), "ids": sorted(v, key=int)} for f, v in forms.items()},
        }
    accepted = [c for c in g.customers if not c.rejected]
    no_act = [c for c in accepted if (c.last_activity is None or c.last_activity.date() < STALE_BEFORE)]
    not_upd = [c for c in accepted if c.updated.date() < STALE_BEFORE]

    def rows(rs, key="id"):
        return [r[key] for r in sorted(rs, key=lambda r: (len(r["id"]), r["id"]))]

    out = {
        "customers": {
            "duplicate_email": {
                "groups": email_groups,
                "group_count": len(email_groups),
                "records": sum(map(len, email_groups)),
                "extra_records": sum(map(len, email_groups)) - len(email_groups),
                "rule": "same e-mail after trimming spaces and folding case",
            },
            "duplicate_phone": {
                "groups": phone_groups,
                "group_count": len(phone_groups),
                "records": sum(map(len, phone_groups)),
                "extra_records": sum(map(len, phone_groups)) - len(phone_groups),
                "rule": "same Iranian mobile after normalising (0912…, +98912…, 98912…, 0098…, "
                "spaces, dashes, Persian digits)",
            },
            "fuzzy_duplicate": {
                "pairs": fuzzy,
                "count": len(fuzzy),
                "by_variant": {
                    k: sum(1 for f in fuzzy if f["variant"] == k)
                    for k in ("typo", "swapped", "arabic_letters", "zwnj_space")
                },
                "rule": "similar names (first + last) sharing a company (B2B) or city; the name is "
                "carried by no other record; one record has only a phone, the other only an "
                "e-mail (no conflicting contact, no national id on the copy). "
                "No other pair of customers sharing a city, company or phone scores "
                f">= {FUZZY_GUARD} (rapidfuzz ratio, token_sort_ratio, token_set_ratio on "
                "names with Arabic/Persian letters, ZWNJ, case folded); exact-duplicate "
                "copies are written in the other script, so they are not fuzzy matches",
            },
            "missing_email_and_phone": {
                "count": len(P["missing_email_and_phone"]),
                "ids": ids(P["missing_email_and_phone"]),
            },
            "missing_segment": {"count": len(P["missing_segment"]), "ids": ids(P["missing_segment"])},
            "invalid_email": {
                "count": len(P["invalid_email"]),
                "ids": ids(P["invalid_email"]),
                "values": [c.email for c in sorted(P["invalid_email"], key=lambda c: int(c.id))],
            },
            "invalid_phone": {
                "count": len(P["invalid_phone"]),
                "ids": ids(P["invalid_phone"]),
                "values": [c.phone for c in sorted(P["invalid_phone"], key=lambda c: int(c.id))],
            },
            "invalid_national_id": {
                "count": len(P["invalid_national_id"]),
                "ids": ids(P["invalid_national_id"]),
                "values": [c.national_id for c in sorted(P["invalid_national_id"], key=lambda c: int(c.id))],
            },
            "future_created_at": {"count": 1, "ids": ids(P["future_created_at"])},
            "stale": {
                "count": len(P["stale"]),
                "ids": ids(P["stale"]),
                "rule": f"Last Modified Date and Last Activity Date (or none) both before {STALE_BEFORE} "
                f"(12 months before {AS_OF}); the planted ones were last touched on/before "
                f"{STALE_LAST_TOUCH_MAX}, every other record was modified on/after {FRESH_UPDATE_MIN}",
                "also_no_activity_12m": len(no_act),
                "also_not_updated_12m": len(not_upd),
            },
            "category_variants": variants,
            "literal_na_name": {"count": 1, "ids": ids(P["literal_na_name"]), "column": "First Name", "value": "NA"},
            "formula_in_company": {
                "count": 1,
                "ids": ids(P["formula_in_company"]),
                "column": "Company Name",
                "value": '=HYPERLINK("http://x","y")',
            },
        },
        "interactions": {
            "orphan_customer_id": {
                "count": len(P["interactions_orphan"]),
                "ids": rows(P["interactions_orphan"]),
                "customer_ids": rows(P["interactions_orphan"], "customer_id"),
            },
            "before_customer_created": {
                "count": len(P["interactions_before_created"]),
                "ids": rows(P["interactions_before_created"]),
                "customer_ids": rows(P["interactions_before_created"], "customer_id"),
                "rule": "opened 5-60 days before the customer's Create Date; no other "
                "interaction is dated on or before its customer's creation day",
            },
            "future_opened_at": {
                "count": len(P["interactions_future"]),
                "ids": rows(P["interactions_future"]),
                "written": [jalali(r["opened_written"]) for r in P["interactions_future"]],
                "gregorian": [r["opened_written"].strftime("%Y-%m-%d %H:%M") for r in P["interactions_future"]],
            },
        },
        "surveys": {
            "orphan_customer_id": {
                "count": len(P["surveys_orphan"]),
                "ids": rows(P["surveys_orphan"]),
                "customer_ids": rows(P["surveys_orphan"], "customer_id"),
            },
            "score_out_of_range": {
                "count": len(P["surveys_out_of_range"]),
                "ids": rows(P["surveys_out_of_range"]),
                "by_kind": {
                    "nps_11": sum(1 for r in P["surveys_out_of_range"] if r["score"] == 11),
                    "csat_0": sum(1 for r in P["surveys_out_of_range"] if r["type"] == "CSAT" and r["score"] == 0),
                    "csat_7": sum(1 for r in P["surveys_out_of_range"] if r["type"] == "CSAT" and r["score"] == 7),
                },
                "by_quarter": {
                    q: sum(1 for r in P["surveys_out_of_range"] if quarter_label(r["submitted"].date()) == q)
                    for q in ("2026Q1", "2026Q2", "2026Q3")
                },
            },
            "future_submitted_at": {"count": len(P["surveys_future"]), "ids": sorted(rows(P["surveys_future"]))},
            "script_in_comment": {"count": 1, "ids": rows(P["surveys_script"]), "value": "<script>alert(1)</script>"},
            "anonymous_rows": sum(1 for r in g.surveys if r["customer_id"] == ""),
        },
        "leads": {
            "converted_without_customer_id": {
                "count": len(P["leads_converted_no_customer"]),
                "ids": rows(P["leads_converted_no_customer"]),
            },
            "future_created_at": {"count": 1, "ids": rows(P["leads_future"])},
        },
        "orders": {
            "negative_amount": {"count": len(P["orders_negative"]), "ids": rows(P["orders_negative"])},
            "orphan_customer_id": {
                "count": len(P["orders_orphan"]),
                "ids": rows(P["orders_orphan"]),
                "customer_ids": rows(P["orders_orphan"], "customer_id"),
            },
            "future_order_date": {"count": len(P["orders_future"]), "ids": rows(P["orders_future"])},
        },
    }
    out["future_dated_rows_total"] = (
        1 + len(P["interactions_future"]) + len(P["surveys_future"]) + 1 + len(P["orders_future"])
    )
    out["orphan_rows_total"] = len(P["interactions_orphan"]) + len(P["surveys_orphan"]) + len(P["orders_orphan"])
    out["not_problems"] = {
        "orders_due_after_as_of": sum(1 for r in g.orders if r["tag"] != "future" and r["due"] and r["due"] > AS_OF),
        "note": "due dates after the audit date are normal (invoices not yet due), not future-dated rows; "
        "anonymous survey rows (no customer id) are not orphans",
    }
    return out


def completeness(g: Generator) -> dict:
    accepted = [c for c in g.customers if not c.rejected]
    cols = {
        "First Name": lambda c: c.first,
        "Last Name": lambda c: c.last,
        "Email": lambda c: c.email,
        "Phone Number": lambda c: c.phone,
        "Company Name": lambda c: c.company,
        "City": lambda c: c.city_out,
        "Customer Segment": lambda c: c.segment_out,
        "Original Source": lambda c: c.channel_out,
        "Contact owner": lambda c: c.owner,
        "Last Activity Date": lambda c: c.last_activity or "",
        "National ID": lambda c: c.national_id,
    }
    return {k: sum(1 for c in accepted if not str(f(c)).strip()) for k, f in cols.items()}
