"""Chinese numerals and dates in official style (GB/T 9704-2012)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一 (section numbers 一、二、…, 三分之二)."""
    if 0 < n < 10:
        return _DIGITS[n]
    if 10 <= n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def cn_date(value: Any, style: str = "arabic") -> str:
    """2024年3月5日 (GB/T 9704-2012); style="hanzi" gives the older 二〇二四年三月五日."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if style in ("hanzi", "〇", "chinese"):
        year = "".join(_DIGITS[int(c)] for c in str(value.year))
        return f"{year}年{cn_number(value.month)}月{cn_number(value.day)}日"
    return f"{value.year}年{value.month}月{value.day}日"


def decimal_text(value: Fraction, places: int = 2) -> str:
    """An exact number as a plain decimal, never through a float: 500, 500.5, 1234567.89.
    A value with more decimals than `places` (which amounts typed by people never have) is
    rounded half-up at `places`."""
    sign = "-" if value < 0 else ""
    scaled = abs(value) * 10**places
    units = int(scaled + Fraction(1, 2))  # half-up, exact
    whole, frac = divmod(units, 10**places)
    decimals = str(frac).rjust(places, "0").rstrip("0") if places else ""
    return sign + str(whole) + ("." + decimals if decimals else "")


def amount_text(value: Fraction) -> str:
    """An amount in yuan as people write it in findings and messages: 800, 500.5."""
    return decimal_text(value)


def amount_wan(value: Fraction) -> str:
    """An amount as a 纪要 writes it: 800元, 8.5万元, 235万元, 1.2亿元 (exact, no floats)."""
    if abs(value) >= 10**8:
        return decimal_text(value / 10**8, 4) + "亿元"
    if abs(value) >= 10**4:
        return decimal_text(value / 10**4, 4) + "万元"
    return decimal_text(value) + "元"
