"""Threshold arithmetic at the boundaries: exact fractions, both readings of 半数以上."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.rules import Threshold


def th(mode: str, frac: str) -> Threshold:
    p, q = frac.split("/")
    return Threshold(mode, Fraction(int(p), int(q)))


@pytest.mark.parametrize(
    "mode,frac,total,required",
    [
        ("at_least", "1/2", 8, 4),  # 半数以上 (以上含本数): 4 of 8 is enough
        ("more_than", "1/2", 8, 5),  # 超过半数: 5 of 8
        ("at_least", "1/2", 9, 5),
        ("more_than", "1/2", 9, 5),
        ("at_least", "2/3", 8, 6),  # 三分之二以上 of 8 -> 6 (16/3 = 5.33)
        ("at_least", "2/3", 9, 6),  # of 9 -> exactly 6
        ("more_than", "2/3", 9, 7),
        ("at_least", "2/3", 7, 5),
        ("at_least", "1/1", 5, 5),
        ("more_than", "1/2", 0, 1),
        ("at_least", "1/2", 1, 1),
        ("more_than", "1/2", 7, 4),
        ("at_least", "1/3", 10, 4),
    ],
)
def test_required(mode, frac, total, required):
    threshold = th(mode, frac)
    assert threshold.required(total) == required
    assert threshold.met(required, total)
    assert required == 0 or not threshold.met(required - 1, total)


@pytest.mark.parametrize(
    "count,total,at_least,more_than",
    [
        (4, 8, True, False),
        (5, 8, True, True),
        (3, 8, False, False),
        (3, 6, True, False),
        (4, 6, True, True),
    ],
)
def test_half_boundaries(count, total, at_least, more_than):
    assert th("at_least", "1/2").met(count, total) is at_least
    assert th("more_than", "1/2").met(count, total) is more_than


@given(
    p=st.integers(1, 12),
    q=st.integers(1, 12),
    total=st.integers(0, 60),
    mode=st.sampled_from(["at_least", "more_than"]),
)
def test_required_matches_brute_force(p, q, total, mode):
    if p > q:
        p, q = q, p
    threshold = Threshold(mode, Fraction(p, q))
    exact = Fraction(p, q) * total
    brute = next(c for c in range(total + 2) if (c >= exact if mode == "at_least" else c > exact))
    assert threshold.required(total) == brute
    for count in range(total + 1):
        assert threshold.met(count, total) == (count >= brute)
