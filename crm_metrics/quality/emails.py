"""Email addresses: the matching form, syntax validity and role mailboxes, per column.

Rules:
- matching form: trimmed and lower-cased;
- valid: what ``email_validator.validate_email(..., check_deliverability=False)`` accepts
  (no network). A strict ASCII pattern accepts the common addresses at column speed;
  every address it does not accept is decided by email-validator, once per distinct value
  (the pattern accepts only addresses email-validator accepts, which the tests check);
- role mailbox: a shared local part such as ``info@``, ``sales@``, ``support@``; it does
  not identify a person, so equal role mailboxes are duplicates only when names agree.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from email_validator import EmailNotValidError, validate_email
from numpy.typing import NDArray

from ._common import TextValues, present_mask, to_arrow

ROLE_MAILBOXES = frozenset(
    {
        "info",
        "sales",
        "support",
        "contact",
        "admin",
        "office",
        "hello",
        "team",
        "marketing",
        "hr",
        "jobs",
        "careers",
        "billing",
        "accounts",
        "accounting",
        "finance",
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "webmaster",
        "postmaster",
        "service",
        "services",
        "customerservice",
        "customer.service",
        "help",
        "helpdesk",
        "enquiries",
        "inquiries",
        "enquiry",
        "inquiry",
        "mail",
        "email",
        "post",
        "reception",
        "orders",
        "order",
        "shop",
        "store",
        "management",
        "manager",
        "ceo",
        "it",
        "tech",
        "crm",
        "feedback",
        "media",
        "pr",
        "press",
        "purchase",
        "purchasing",
        "procurement",
        "legal",
        "security",
        "test",
        "user",
        "example",
        "company",
        "general",
        "main",
        "bazargani",
        "forosh",
        "foroosh",
        "modiriat",
    }
)

_ATEXT = r"A-Za-z0-9_!#$%&'*+/=?^`{|}~\-"
FAST_EMAIL_RE = (
    rf"^[{_ATEXT}]+(?:\.[{_ATEXT}]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?\.)+[A-Za-z]{{2,63}}$"
)
# email-validator rejects these special-use top-level domains.
_SPECIAL_TLDS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def is_valid_email(value: str) -> bool:
    """One address, by email-validator without deliverability checks."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def fast_valid(arr: pa.Array) -> NDArray[np.bool_]:
    """Vectorised strict pattern: True only for addresses email-validator accepts."""
    if len(arr) == 0:
        return np.zeros(0, dtype=bool)
    ok = pc.match_substring_regex(arr, FAST_EMAIL_RE)
    ok = pc.and_kleene(ok, pc.less_equal(pc.find_substring(arr, "@"), 64))  # local part <= 64
    ok = pc.and_kleene(ok, pc.less_equal(pc.utf8_length(arr), 254))
    ok = pc.and_kleene(ok, pc.invert(pc.match_substring_regex(arr, r"@.*--")))  # IDNA "xx--" labels
    low = pc.utf8_lower(arr)
    for t in _SPECIAL_TLDS:
        ok = pc.and_kleene(ok, pc.invert(pc.ends_with(low, "." + t)))
    valid: NDArray[np.bool_] = ok.fill_null(False).to_numpy(zero_copy_only=False)
    return valid


def validate_emails(values: TextValues) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """An email column to (valid mask, present mask); blanks and placeholders are absent."""
    arr = pc.utf8_trim_whitespace(to_arrow(values))
    present = present_mask(arr)
    valid = fast_valid(arr) & present
    slow = present & ~valid
    if slow.any():
        idx = np.flatnonzero(slow)
        enc = pc.dictionary_encode(arr.take(pa.array(idx)))
        verdict = np.array([is_valid_email(v) for v in enc.dictionary.to_pylist()], dtype=bool)
        valid[idx] = verdict[enc.indices.to_numpy(zero_copy_only=False)]
    return valid, present


def email_keys(values: TextValues) -> pa.Array:
    """The matching form: trimmed, lower case (nulls stay null)."""
    return pc.utf8_lower(pc.utf8_trim_whitespace(to_arrow(values)))


def role_mask(keys: pa.Array) -> NDArray[np.bool_]:
    """True where the local part (before "@", "+tags" dropped) is a role mailbox."""
    if len(keys) == 0:
        return np.zeros(0, dtype=bool)
    local = pc.extract_regex(keys, r"^(?P<local>[^@+]*)")
    local = local.field("local")
    role: NDArray[np.bool_] = (
        pc.is_in(local, value_set=pa.array(sorted(ROLE_MAILBOXES))).fill_null(False).to_numpy(zero_copy_only=False)
    )
    return role
