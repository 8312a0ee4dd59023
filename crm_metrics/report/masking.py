"""The "shareable" masking profile: emails, phones, national IDs and names, everywhere.

- email ``ali.rezaei@parsnegar.ir`` → ``a***@p***.ir``
- phone ``+98 912 123 4567`` → ``0912***4567`` (Iranian numbers in their 0-led form)
- national ID ``0013542419`` → ``***-***-419``
- a person's name → initials (``سارا احمدی`` → ``س. ا.``)
- free text (finding messages, survey comments, review notes): every email, every run
  of 10-13 digits (phones, national IDs), and every known personal value of the
  workspace (its customers' emails, phones, IDs and names) is masked.

With ``enabled=False`` every method returns its input unchanged, so callers never branch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..datasets import DATASETS
from ..normalize import to_ascii_digits

# Columns (dataset, column) holding a person's name that the datasets do not flag personal:
# staff names are names too.
STAFF_NAME_COLUMNS = {("customers", "owner"), ("leads", "owner")}
_EMAIL_RE = re.compile(r"[^\s@<>()\[\]{},;:\"'`|]+@[^\s@<>()\[\]{},;:\"'`|]+")
_DIGITS = "0-9\u06f0-\u06f9\u0660-\u0669"
_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?!\d)")
_NUMBER_RUN_RE = re.compile(rf"(?<![\w.])\+?[{_DIGITS}](?:[{_DIGITS}]|[ \-](?=[{_DIGITS}])){{6,}}(?![\w])")


def mask_email(value: str) -> str:
    """``a***@d***.ir``.

    >>> mask_email("Ali.Rezaei@parsnegar.co.ir")
    'A***@p***.ir'
    >>> mask_email("no-at-sign")
    'n***'
    """
    s = value.strip()
    if not s:
        return s
    if "@" not in s:
        return s[:1] + "***"
    local, domain = s.split("@", 1)[0], s.rsplit("@", 1)[1]
    if "." in domain.strip("."):
        host, tld = domain.strip(".").split(".", 1)[0], domain.strip(".").rsplit(".", 1)[1]
        masked_domain = f"{host[:1]}***.{tld}"
    else:
        masked_domain = domain[:1] + "***"
    return f"{local[:1]}***@{masked_domain}"


def _phone_digits(value: str) -> str:
    d = re.sub(r"\D", "", to_ascii_digits(value))
    if d.startswith("0098"):
        d = "0" + d[4:]
    elif d.startswith("98") and len(d) == 12:
        d = "0" + d[2:]
    elif d.startswith("9") and len(d) == 10:
        d = "0" + d
    return d


def mask_phone(value: str) -> str:
    """``0912***4567``: the first four and last four digits of the 0-led form.

    >>> mask_phone("+98 912 123 4567"), mask_phone("۰۹۱۲۱۲۳۴۵۶۷"), mask_phone("12345")
    ('0912***4567', '0912***4567', '***45')
    """
    d = _phone_digits(value)
    if not d:
        return "***" if value.strip() else value
    if len(d) >= 10:
        return f"{d[:4]}***{d[-4:]}"
    return "***" + d[-2:]


def mask_national_id(value: str) -> str:
    """``***-***-419``: only the last three digits remain.

    >>> mask_national_id("0013542419"), mask_national_id("۰۰۱۳۵۴۲۴۱۹"), mask_national_id("OO1")
    ('***-***-419', '***-***-419', '***')
    """
    d = re.sub(r"\D", "", to_ascii_digits(value))
    if not value.strip():
        return value
    return f"***-***-{d[-3:]}" if len(d) >= 6 else "***"


def mask_name(value: str) -> str:
    """Initials only.

    >>> mask_name("سارا احمدی"), mask_name("sara  ahmadi"), mask_name("(no owner)")
    ('س. ا.', 'S. A.', '(no owner)')
    """
    s = value.strip()
    if not s or (s.startswith("(") and s.endswith(")")):
        return s
    parts = [p for p in re.split(r"[\s._\-]+", s) if p]  # a ZWNJ joins one name (علی‌رضا)
    initials = []
    for p in parts:
        ch = next((c for c in p if c.isalpha()), "")
        if ch:
            initials.append(ch.upper() + ".")
    return " ".join(initials) if initials else "***"


def mask_number_run(run: str) -> str:
    """A run of 10-13 digits in free text: a phone when it looks like one, else an ID."""
    d = re.sub(r"\D", "", to_ascii_digits(run))
    if not 10 <= len(d) <= 13 or _DATE_RE.match(to_ascii_digits(run)):
        return run
    phone = _phone_digits(run)
    if phone.startswith("09") or run.lstrip().startswith("+"):
        return mask_phone(run)
    return mask_national_id(run)


KIND_MASKS = {"email": mask_email, "phone": mask_phone, "national_id": mask_national_id, "name": mask_name}


def column_mask_kind(dataset: str | None, column: str) -> str | None:
    """How a column is masked: email, phone, national_id, name, text (free text) or None."""
    if column == "email" or column.endswith("_email"):
        return "email"
    if column == "phone" or column.endswith("_phone"):
        return "phone"
    if column == "national_id":
        return "national_id"
    if column in ("name", "first_name", "last_name", "owner", "customer_name"):
        return "name"
    if dataset and (dataset, column) in STAFF_NAME_COLUMNS:
        return "name"
    spec = DATASETS.get(dataset or "")
    if spec is not None and column in spec.names and spec.column(column).personal:
        kind = spec.column(column).kind
        return {"email": "email", "phone": "phone"}.get(kind, "text")
    return None


class Masker:
    """Masks values for a shareable export; ``enabled=False`` leaves everything as is.

    ``known(frames)`` registers the workspace's personal values so free text that repeats
    one of them (a name in a survey comment, an email in a reader's example) is masked too.
    """

    def __init__(self, enabled: bool = False, frames: dict[str, pd.DataFrame] | None = None):
        self.enabled = bool(enabled)
        self._known: dict[str, str] = {}
        self._known_sorted: list[tuple[str, str]] = []
        self._known_digits: re.Pattern[str] | None = None
        self._digit_masks: dict[str, str] = {}
        self._people: dict[str, str] = {}
        if self.enabled and frames:
            self.known(frames)

    def known(self, frames: dict[str, pd.DataFrame]) -> None:
        found: dict[str, str] = {}
        digit_values: dict[str, str] = {}
        for ds, frame in frames.items():
            for col in frame.columns:
                kind = column_mask_kind(ds, col)
                if kind not in KIND_MASKS:
                    continue
                if kind == "name" and col in ("first_name", "last_name"):
                    continue  # single name parts are too common to replace in prose
                vals = frame[col].dropna().astype(str).str.strip().unique()
                for v in vals:
                    if v in found:
                        continue
                    if kind in ("phone", "national_id"):
                        if len(re.sub(r"\D", "", to_ascii_digits(v))) >= 7:
                            digit_values[v] = KIND_MASKS[kind](v)
                    elif len(v) >= 3:
                        found[v] = KIND_MASKS[kind](v)
            if {"first_name", "last_name"} <= set(frame.columns):
                full = (
                    frame["first_name"].fillna("").astype(str).str.strip()
                    + " "
                    + frame["last_name"].fillna("").astype(str).str.strip()
                ).str.strip()
                for v in full.unique():
                    if " " in v and v not in found:
                        found[v] = mask_name(v)
        self._known.update(found)
        self._known_sorted = sorted(self._known.items(), key=lambda kv: -len(kv[0]))
        self._digit_masks = digit_values
        if digit_values:
            alternatives = "|".join(re.escape(v) for v in sorted(digit_values, key=len, reverse=True))
            self._known_digits = re.compile(rf"(?<![0-9\u06f0-\u06f9])(?:{alternatives})(?![0-9\u06f0-\u06f9])")

    # ---- single values -------------------------------------------------------------------
    def value(self, kind: str | None, value: Any) -> Any:
        """Mask ``value`` as ``kind`` (email, phone, national_id, name, text); other values pass."""
        if not self.enabled or kind is None or value is None or not isinstance(value, str):
            return value
        if kind == "text":
            return self.text(value)
        return KIND_MASKS[kind](value)

    def column(self, dataset: str | None, column: str, value: Any) -> Any:
        return self.value(column_mask_kind(dataset, column), value) if self.enabled else value

    def name(self, value: str) -> str:
        return mask_name(value) if self.enabled else value

    def register_people(self, names: Iterable[str]) -> None:
        """Give staff names distinct masked labels: two owners with the same initials become
        ``س. ا.`` and ``س. ا. 2``, so fix lists per owner never merge two people."""
        if not self.enabled:
            return
        used = set(self._people.values())
        for raw in sorted({str(n).strip() for n in names if n is not None and str(n).strip()} - set(self._people)):
            label, n = mask_name(raw), 2
            base = label
            while label in used:
                label = f"{base} {n}"
                n += 1
            used.add(label)
            self._people[raw] = label

    def person(self, value: str) -> str:
        """A staff member's name: its distinct masked label (see :meth:`register_people`)."""
        if not self.enabled:
            return value
        raw = value.strip()
        if not raw:
            return value
        if raw not in self._people:
            self.register_people([raw])
        return self._people[raw]

    # ---- free text -----------------------------------------------------------------------
    def text(self, value: str) -> str:
        """Free text with every personal value in it masked."""
        if not self.enabled or not value:
            return value
        s = value
        for raw, masked in self._known_sorted:
            if raw in s:
                s = s.replace(raw, masked)
        if self._known_digits is not None:
            s = self._known_digits.sub(lambda m: self._digit_masks[m.group(0)], s)
        s = _EMAIL_RE.sub(lambda m: mask_email(m.group(0)), s)
        s = _NUMBER_RUN_RE.sub(lambda m: mask_number_run(m.group(0)), s)
        return s

    def texts(self, values: Iterable[str]) -> list[str]:
        return [self.text(v) for v in values]
