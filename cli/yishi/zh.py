"""Chinese numerals and dates in official style (GB/T 9704-2012)."""

from __future__ import annotations

import datetime as dt
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
