"""Value checks: the vectorised fast paths agree with the reference libraries."""

from __future__ import annotations

import datetime as dt

import numpy as np
import phonenumbers
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.normalize import match_key
from crm_metrics.quality._common import match_key_array, months_before, prefix_keys
from crm_metrics.quality.consistency import skeleton
from crm_metrics.quality.emails import email_keys, fast_valid, is_valid_email, role_mask, validate_emails
from crm_metrics.quality.national_id import check_national_ids, is_valid_national_id
from crm_metrics.quality.phones import normalize_phone, normalize_phones

FEW = settings(max_examples=150, deadline=None)


# ---------------------------------------------------------------- phones


def test_iranian_mobile_formats():
    vals = [
        "09121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "0912 123 4567",
        "(0912) 123-4567",
        "+98 (912) 123.45.67",
        "+98 0912 123 4567",
    ]
    e164, valid, present = normalize_phones(pa.array(vals))
    assert set(e164.tolist()) == {"+989121234567"} and valid.all() and present.all()


def test_invalid_and_missing_phones():
    e164, valid, present = normalize_phones(pa.array(["12345", "n/a", None, "", "abc", "+14155552671"]))
    assert present.tolist() == [True, False, False, False, True, True]
    assert valid.tolist() == [False, False, False, False, False, True]
    assert e164[5] == "+14155552671" and e164[4] is None


digit_strings = st.text(alphabet="0123456789", min_size=8, max_size=14)
decorations = st.sampled_from(["{}", "0{}", "+98{}", "0098{}", "98{}", "+98 {}", "({})", "{}-"])


@FEW
@given(digits=digit_strings, deco=decorations)
def test_fast_path_equals_phonenumbers(digits, deco):
    raw = deco.format(digits)
    e164, valid, _ = normalize_phones(pa.array([raw]))
    assert (e164[0], bool(valid[0])) == normalize_phone(raw)


@FEW
@given(nsn=st.from_regex(r"9[0-9]{9}", fullmatch=True))
def test_metadata_validity_equals_phonenumbers(nsn):
    _, valid, _ = normalize_phones(pa.array(["0" + nsn]))
    assert bool(valid[0]) == phonenumbers.is_valid_number(phonenumbers.parse("0" + nsn, "IR"))


# ---------------------------------------------------------------- emails


def test_email_validity_examples():
    vals = [
        "ali@example.com",
        " Ali.Rezaei@Gmail.COM ",
        "bad@",
        "a..b@x.com",
        "x@y.test",
        "n/a",
        None,
        "علی@مثال.ایران",
        "first last@x.com",
        "a@b",
    ]
    valid, present = validate_emails(pa.array(vals))
    assert valid.tolist() == [True, True, False, False, False, False, False, True, False, False]
    assert present.tolist() == [True, True, True, True, True, False, False, True, True, True]


local = st.text(alphabet="abcXYZ019._-+!#%&'*/=?^`{|}~", min_size=1, max_size=12)
domain = st.lists(st.text(alphabet="abcz09-", min_size=1, max_size=6), min_size=1, max_size=3).map(".".join)
tld = st.sampled_from(["com", "ir", "io", "test", "local", "c", "co1", "xn--p1ai"])


@FEW
@given(lp=local, dom=domain, t=tld)
def test_fast_email_pattern_only_accepts_what_email_validator_accepts(lp, dom, t):
    addr = f"{lp}@{dom}.{t}"
    if fast_valid(pa.array([addr]))[0]:
        assert is_valid_email(addr)
    valid, _ = validate_emails(pa.array([addr]))
    assert bool(valid[0]) == is_valid_email(addr)


def test_role_mailboxes():
    keys = email_keys(pa.array(["Info@acme.ir", "sales+x@acme.ir", "ali@acme.ir", None]))
    assert role_mask(keys).tolist() == [True, True, False, False]


# ---------------------------------------------------------------- national ID


def test_national_id_examples():
    vals = [
        "0013542419",
        "۰۰۱۳۵۴۲۴۱۹".translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")),
        "13542419",
        "1234567890",
        "1111111111",
        "0000000000",
        "12345",
        "001-354241-9",
        None,
    ]
    valid, suspicious, _present, code = check_national_ids(pa.array(vals))
    assert valid.tolist() == [True, True, True, False, True, True, False, True, False]
    assert suspicious.tolist() == [False, False, False, False, True, True, False, False, False]
    assert code[0] == 13542419 and code[3] == -1


@FEW
@given(st.text(alphabet="0123456789", min_size=8, max_size=10))
def test_vectorised_checksum_equals_scalar(value):
    valid, *_ = check_national_ids(pa.array([value]))
    assert bool(valid[0]) == is_valid_national_id(value)


# ---------------------------------------------------------------- keys

names = st.text(alphabet=st.sampled_from(list("abcXYZ  \t\u200cعلیيكکرضاىۀةأ۱٢ًـ\u00a0ß")), max_size=14)


@FEW
@given(st.lists(st.one_of(st.none(), names), max_size=8))
def test_match_key_array_equals_match_key(values):
    got = match_key_array(pa.array(values, pa.string())).to_pylist()
    assert got == [None if v is None else match_key(v) for v in values]


@FEW
@given(st.lists(st.text(max_size=20), min_size=1, max_size=20))
def test_prefix_keys_follow_string_order(values):
    k = prefix_keys(np.array(values, dtype=object))
    order = np.lexsort((k[:, 1], k[:, 0]))
    prefixes = [values[i].encode()[:16].ljust(16, b"\0") for i in order]  # zero-padded prefix order
    assert prefixes == sorted(prefixes)


def test_months_before():
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2025, 6, 30), 12) == dt.date(2024, 6, 30)
    assert months_before(dt.date(2025, 1, 15), 13) == dt.date(2023, 12, 15)


@pytest.mark.parametrize(
    "latin,persian",
    [("tehran", "تهران"), ("shiraz", "شیراز"), ("isfahan", "اصفهان"), ("mashhad", "مشهد"), ("instagram", "اینستاگرام")],
)
def test_skeletons_meet_across_scripts(latin, persian):
    assert skeleton(latin)[1] == skeleton(persian)[1]
