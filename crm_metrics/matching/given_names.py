"""Housemates, not duplicates: two names that share a surname but whose other names differ.

Relatives at one address often share a surname, a home phone, sometimes an email; a
whole-name similarity is then dominated by the long shared surname ("Michael
Baghersharifzadeh" / "Mohammad Baghersharifzadeh"). Two names *differ in their given
names* when they share at least one token, each has a token the other lacks, and no token
one lacks relates to a token the other lacks. Tokens relate when they are

- alike: one edit apart, or Jaro-Winkler similarity >= ``TOKEN_ALIKE`` (typos:
  "Mitchell"/"Mitchel", "Ali"/"Aki"),
- the same in another script (equal cross-script skeletons: "Reza"/"رضا"),
- an initial of the other ("M"/"Mohammad"), or
- nicknames of one name (:data:`NICKNAME_GROUPS`: "Bill"/"William", "ممد"/"محمد").

English nicknames come from the ``nicknames`` package (a curated table of about 2,700
name/nickname pairs); Persian ones (and their Latin spellings) are the short list below.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import OSA, JaroWinkler

from ..normalize import match_key
from .keys import token_skeleton

TOKEN_ALIKE = 0.85

# Persian given names and their common short forms, in Persian script and Latin spellings
PERSIAN_NICKNAMES: tuple[tuple[str, ...], ...] = (
    ("محمد", "ممد", "ممدی", "mohammad", "mohamad", "mohammed", "muhammad", "mamad", "mammad", "mamadi"),
    ("مصطفی", "مصی", "mostafa", "mustafa", "mosi"),
    ("فاطمه", "فاطی", "fatemeh", "fateme", "fatima", "fati"),
    ("مریم", "مری", "maryam", "mary"),
    ("زهرا", "زری", "zahra", "zari"),
    ("علیرضا", "علی", "alireza", "ali"),
    ("محمدرضا", "رضا", "mohammadreza", "reza"),
    ("غلامرضا", "رضا", "gholamreza", "reza"),
    ("ابوالفضل", "ابول", "abolfazl", "abol"),
    ("معصومه", "معصی", "masoumeh", "masoume", "masi"),
    ("طاهره", "طاهی", "tahereh", "tahi"),
    ("شهرزاد", "شهری", "shahrzad", "shahri"),
)


@lru_cache(maxsize=1)
def _groups_of() -> dict[str, frozenset[int]]:
    """Each known name (match key) → the ids of the nickname groups it belongs to."""
    from nicknames import NickNamer

    groups: list[set[str]] = [{match_key(x) for x in group} for group in PERSIAN_NICKNAMES]
    for canonical, nicks in NickNamer().nickname_lookup.items():
        groups.append({canonical, *nicks})
    out: dict[str, set[int]] = {}
    for gid, group in enumerate(groups):
        for name in group:
            out.setdefault(name, set()).add(gid)
    return {name: frozenset(ids) for name, ids in out.items()}


def nicknames_of_one_name(x: str, y: str) -> bool:
    """Whether ``x`` and ``y`` (match keys) are forms of one given name."""
    groups = _groups_of()
    gx, gy = groups.get(x), groups.get(y)
    return bool(gx and gy and gx & gy)


def tokens_relate(x: str, y: str) -> bool:
    """Whether two name tokens (match keys) may be one name: alike, same skeleton, initial, nickname."""
    if x == y or JaroWinkler.similarity(x, y) >= TOKEN_ALIKE or OSA.distance(x, y, score_cutoff=1) <= 1:
        return True
    if (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
        return True
    sx, sy = token_skeleton(x), token_skeleton(y)
    if sx and sx == sy:
        return True
    return nicknames_of_one_name(x, y)


def _differ(name_a: str, name_b: str) -> bool:
    ta, tb = set(name_a.split()), set(name_b.split())
    if not ta & tb:
        return False
    only_a, only_b = ta - tb, tb - ta
    if not only_a or not only_b:
        return False
    return not any(tokens_relate(x, y) for x in only_a for y in only_b)


def given_names_differ(names_a: NDArray[np.object_], names_b: NDArray[np.object_]) -> NDArray[np.bool_]:
    """Per pair of name keys (tokens separated by spaces; '' for none): do they share a token
    while their other tokens differ (see the module docstring)? Each distinct pair is judged once."""
    out = np.zeros(len(names_a), dtype=bool)
    seen: dict[tuple[str, str], bool] = {}
    for i, (x, y) in enumerate(zip(names_a.tolist(), names_b.tolist())):
        if not x or not y or x == y:
            continue
        key = (x, y) if x <= y else (y, x)
        hit = seen.get(key)
        if hit is None:
            hit = seen[key] = _differ(x, y)
        out[i] = hit
    return out
