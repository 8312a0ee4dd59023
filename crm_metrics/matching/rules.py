"""Today's rules: name agreement levels and the rule and band of each candidate pair."""

from __future__ import annotations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .blocking import near_names
from .features import Features
from .settings import REVIEW, SURE, DuplicateSettings


def evidence_flags(f: Features, a: np.ndarray, b: np.ndarray, s: DuplicateSettings) -> dict[str, np.ndarray]:
    out = {}
    for name, code in (
        ("phone", f.phone),
        ("email", f.email),
        ("nid", f.nid),
        ("company", f.company),
        ("city", f.city),
    ):
        ca, cb = code[a], code[b]
        both = (ca >= 0) & (cb >= 0)
        out[f"{name}_eq"] = both & (ca == cb)
        out[f"{name}_conf"] = both & (ca != cb)
    out["rare"] = np.maximum(f.name_freq[a], f.name_freq[b]) <= s.rare_name
    return out


def _name_levels(f: Features, a: np.ndarray, b: np.ndarray, exact: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(edits, similarity 0..1) of the names of each pair; edits -1 when a name is missing.

    Pairs without an exact identifier only need to know whether the names are within one
    edit: names that cannot be (no shared token, lengths 2+ apart) get edits 3 without a
    comparison, and distances above 2 are reported as 3 ("3 or more", similarity 0).
    """
    m = len(a)
    edits = np.full(m, -1, dtype=np.int64)
    score = np.full(m, np.nan)
    both = f.has_name[a] & f.has_name[b]
    same = both & (f.skr[a] == f.skr[b])
    edits[same] = 0
    score[same] = 1.0
    # without an exact identifier only names within one edit matter
    near = near_names(f, a, b)
    far = both & ~same & ~exact & ~near
    edits[far] = 3
    score[far] = 0.0
    for sel, cutoff in ((both & ~same & exact, None), (both & ~same & ~exact & near, 2)):
        todo = np.flatnonzero(sel)
        if not len(todo):
            continue
        ta, tb = a[todo], b[todo]
        d1 = process.cpdist(f.sk[ta], f.sk[tb], scorer=OSA.distance, score_cutoff=cutoff, workers=-1, dtype=np.int32)
        s1 = 1 - d1 / np.maximum(np.maximum(f.sk_len[ta], f.sk_len[tb]), 1)
        d = d1.astype(np.int64)
        sc = s1
        # the joined form matters only where the sorted form is not already within one edit
        again = np.flatnonzero(d1 > (1 if cutoff is not None else 0))
        if len(again):
            xa, xb = ta[again], tb[again]
            d2 = process.cpdist(
                f.lk[xa], f.lk[xb], scorer=OSA.distance, score_cutoff=cutoff, workers=-1, dtype=np.int32
            )
            s2 = 1 - d2 / np.maximum(np.maximum(f.lk_len[xa], f.lk_len[xb]), 1)
            d[again] = np.minimum(d[again], d2)
            sc = sc.copy()
            sc[again] = np.maximum(sc[again], s2)
        edits[todo] = d
        if cutoff is not None:
            sc = np.where(d > cutoff, 0.0, sc)
        score[todo] = sc
    return edits, score


def _rare_difference(f: Features, a: np.ndarray, b: np.ndarray, rare: int, ratio: int = 20) -> np.ndarray:
    """For each pair, whether the tokens one name has and the other lacks look like a typo.

    They do when they are rare in the data (at most ``rare`` records) or at least ``ratio``
    times rarer than the tokens they replace (Rezaie next to Rezaei); two common tokens
    (Hasan, Hossein) are different names.
    """
    out = np.zeros(len(a), dtype=bool)
    # names of at most two tokens (most): on token codes, column-wise
    few = np.flatnonzero(f.few_tokens[a] & f.few_tokens[b])
    out[few] = _rare_difference_of_codes(
        f.token_code_counts,
        f.first_tok[a[few]],
        f.last_tok[a[few]],
        f.first_tok[b[few]],
        f.last_tok[b[few]],
        rare,
        ratio,
    )
    counts = f.token_counts

    def typo_side(mine: set[str], other: set[str]) -> bool:
        if not mine:
            return False
        worst = max(counts.get(t, 0) for t in mine)
        if worst <= rare:
            return True
        base = min((counts.get(t, 0) for t in other), default=0)
        return bool(worst * ratio <= base)

    rest = np.flatnonzero(~(f.few_tokens[a] & f.few_tokens[b]))
    for k, x, y in zip(rest.tolist(), f.sk[a[rest]].tolist(), f.sk[b[rest]].tolist()):
        ta, tb = set(x.split()), set(y.split())
        da, db = ta - tb, tb - ta
        out[k] = (not da and not db) or typo_side(da, db) or typo_side(db, da)
    return out


def _rare_difference_of_codes(
    counts: np.ndarray,
    fa: np.ndarray,
    la: np.ndarray,
    fb: np.ndarray,
    lb: np.ndarray,
    rare: int,
    ratio: int,
) -> np.ndarray:
    """:func:`_rare_difference` of names whose tokens are all among their first and last token
    codes (``counts``: records carrying each token code)."""
    # the tokens of each name that the other lacks (a token twice in one name counts once)
    fa_out, la_out = (fa != fb) & (fa != lb), (la != fb) & (la != lb)
    fb_out, lb_out = (fb != fa) & (fb != la), (lb != fa) & (lb != la)

    def typo_side(mine: tuple[np.ndarray, ...], other: tuple[np.ndarray, ...]) -> np.ndarray:
        """The tokens ``mine`` (f, l, f lacking, l lacking) lacks in ``other`` look like a typo."""
        f1, l1, f1_out, l1_out = mine
        f2, l2, f2_out, l2_out = other
        worst = np.maximum(np.where(f1_out, counts[f1], -1), np.where(l1_out, counts[l1], -1))
        lacking = f2_out | l2_out
        base = np.where(
            lacking,
            np.minimum(
                np.where(f2_out, counts[f2], np.iinfo(np.int64).max),
                np.where(l2_out, counts[l2], np.iinfo(np.int64).max),
            ),
            0,
        )
        has = f1_out | l1_out
        out: np.ndarray = has & ((worst <= rare) | (worst * ratio <= base))
        return out

    side_a, side_b = (fa, la, fa_out, la_out), (fb, lb, fb_out, lb_out)
    same_tokens = ~(fa_out | la_out | fb_out | lb_out)
    out: np.ndarray = same_tokens | typo_side(side_a, side_b) | typo_side(side_b, side_a)
    return out


def rule_pairs(
    f: Features, a: np.ndarray, b: np.ndarray, s: DuplicateSettings
) -> tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    dict[str, np.ndarray],
    np.ndarray,
    np.ndarray,
    np.ndarray,
]:
    """(accepted, rule, band, edits, name score, evidence flags, close, similar, missing) per pair."""
    e = evidence_flags(f, a, b, s)
    exact_any = e["phone_eq"] | e["email_eq"] | e["nid_eq"]
    edits, score = _name_levels(f, a, b, exact_any)
    missing = edits < 0
    # one edit is a typo only when the differing tokens of one record are rare in the data:
    # Hasan/Hossein or Reza/Roya, both common, are different names
    typo = edits == 1
    typo[typo] = _rare_difference(f, a[typo], b[typo], s.rare_token)
    close = ~missing & ((edits == 0) | typo)
    similar = ~missing & (score >= 0.75)
    nid_block = e["nid_conf"]

    phone_own = e["phone_eq"] & ~f.phone_shared[a]
    email_own = e["email_eq"] & ~f.email_shared[a]
    exact = phone_own | email_own | e["nid_eq"]
    shared = (e["phone_eq"] | e["email_eq"]) & ~exact & close & ~nid_block
    soft = e["phone_conf"].astype(np.int8) + e["email_conf"]
    small_company = f.company_size[a] <= s.big_company
    comp_base = e["company_eq"] & close & ~nid_block
    comp_sure = comp_base & (soft == 0) & (small_company | e["rare"])
    comp_review = comp_base & (soft <= 1) & e["rare"] & ~comp_sure
    city_review = (
        e["city_eq"] & close & ~nid_block & e["rare"] & ~e["phone_conf"] & ~e["email_conf"] & ~e["company_conf"]
    )

    rule = np.full(len(a), "", dtype=object)
    band = np.full(len(a), "", dtype=object)
    # lowest priority first; later assignments win
    if not s.fuzzy:
        city_review = comp_review = comp_sure = np.zeros(len(a), dtype=bool)
    rule[city_review], band[city_review] = "name_city", REVIEW
    rule[comp_review], band[comp_review] = "name_company", REVIEW
    rule[comp_sure], band[comp_sure] = "name_company", SURE
    rule[shared], band[shared] = "shared_contact", SURE
    for flag, name in ((phone_own, "exact_phone"), (email_own, "exact_email"), (e["nid_eq"], "exact_national_id")):
        rule[flag] = name
        band[flag] = np.where((similar | missing)[flag] & ~nid_block[flag], SURE, REVIEW)
    accepted = rule != ""
    return accepted, rule, band, edits, score, e, close, similar, missing
