"""Money is exact: integer fen, typed as yuan only where it can mean one amount, shown with separators."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhitong.core.errors import InputError
from zhitong.core.money import format_yuan, parse_yuan, yuan_json


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("5370000", 537_000_000),
        ("5,370,000.00", 537_000_000),
        ("5,370,000", 537_000_000),
        ("537万", 537_000_000),
        ("537万元", 537_000_000),
        ("1.5亿", 15_000_000_000),
        ("0.01", 1),
        ("12.5", 1250),
        ("¥300000", 30_000_000),
        ("１０００万", 1_000_000_000),  # full-width digits, as a Chinese IME types them
        ("5.37万", 5_370_000),
        ("1000万", 1_000_000_000),
    ],
)
def test_amounts_as_typed(typed, fen):
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize(
    "typed", ["", "abc", "1.234", "5,37,0000", "5.370.000", "1,0000", "-5", "1e6", "0", "0.00", "1.0000001万", "5370000.5.0", "1,000.5,0"]
)
def test_what_could_mean_two_amounts_or_none_is_refused(typed):
    with pytest.raises(InputError):
        parse_yuan(typed)


def test_a_float_never_enters():
    # 0.1 + 0.2 in floats is 0.30000000000000004: in fen it is exact
    assert parse_yuan("0.1") + parse_yuan("0.2") == parse_yuan("0.3")
    assert isinstance(parse_yuan("1.5亿"), int)


def test_shown_with_thousands_separators():
    assert format_yuan(1_000_000_000) == "10,000,000"
    assert format_yuan(537_000_000) == "5,370,000"
    assert format_yuan(12345) == "123.45"
    assert format_yuan(5) == "0.05"
    assert yuan_json(537_000_000) == "5370000.00"


@given(st.integers(min_value=1, max_value=10**14))
def test_what_is_shown_reads_back(fen):
    assert parse_yuan(format_yuan(fen)) == fen
    assert parse_yuan(yuan_json(fen)) == fen
