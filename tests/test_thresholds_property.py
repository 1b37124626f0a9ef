"""Threshold arithmetic against brute force: every mode, every p/q with q <= 12, every total
up to 40, every count. Exact fractions only; `required` is the smallest count that meets."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.rules import Threshold
from yishi.schema import parse_fraction

FRACTIONS = [(p, q) for q in range(1, 13) for p in range(1, q + 1)]
TOTALS = range(0, 41)


def brute_met(mode: str, p: int, q: int, count: int, total: int) -> bool:
    # compare count/total with p/q without dividing by zero: the share is count/total
    share, bar = Fraction(count) * q, Fraction(total) * p
    return share >= bar if mode == "at_least" else share > bar


@pytest.mark.parametrize("mode", ["at_least", "more_than"])
def test_met_and_required_exhaustive(mode: str) -> None:
    checked = 0
    for p, q in FRACTIONS:
        t = Threshold(mode, Fraction(p, q))
        for total in TOTALS:
            brute_required = next(c for c in range(0, total + 2) if brute_met(mode, p, q, c, total))
            assert t.required(total) == brute_required, (mode, p, q, total)
            for count in range(0, total + 2):
                assert t.met(count, total) == brute_met(mode, p, q, count, total), (
                    mode,
                    p,
                    q,
                    count,
                    total,
                )
                assert t.met(count, total) == (count >= t.required(total))
                checked += 1
    assert checked > 30_000


def test_spec_examples() -> None:
    half_incl = Threshold("at_least", Fraction(1, 2))
    half_excl = Threshold("more_than", Fraction(1, 2))
    assert half_incl.required(8) == 4 and half_incl.met(4, 8) and not half_incl.met(3, 8)
    assert half_excl.required(8) == 5 and half_excl.met(5, 8) and not half_excl.met(4, 8)
    two_thirds = Threshold("at_least", Fraction(2, 3))
    assert two_thirds.required(8) == 6 and two_thirds.required(9) == 6
    assert Threshold("more_than", Fraction(1, 1)).required(7) == 8  # can never be met
    assert Threshold("at_least", Fraction(1, 2)).met(0, 0)


@settings(deadline=None, max_examples=300)
@given(
    p=st.integers(1, 12),
    q=st.integers(1, 12),
    sp=st.sampled_from(["", " ", "  "]),
    total=st.integers(0, 40),
    mode=st.sampled_from(["at_least", "more_than"]),
)
def test_threshold_from_text(p: int, q: int, sp: str, total: int, mode: str) -> None:
    """Unreduced and spaced fractions ("4/8", " 2 / 4") mean the same as reduced ones."""
    text = f"{sp}{p}{sp}/{sp}{q}{sp}"
    parsed = parse_fraction(text)
    if p > q:
        assert parsed is None
        return
    assert parsed == Fraction(p, q)
    t = Threshold.from_raw({mode: text})
    reduced = Threshold(mode, Fraction(p, q))
    assert t.required(total) == reduced.required(total)
    assert [t.met(c, total) for c in range(total + 2)] == [
        reduced.met(c, total) for c in range(total + 2)
    ]


@settings(deadline=None, max_examples=200)
@given(text=st.text(max_size=12))
def test_parse_fraction_never_raises(text: str) -> None:
    value = parse_fraction(text)
    assert value is None or 0 < value <= 1
