"""Amounts of money, as a secretary types them: exact, bounded, never floats.

Accepted: `800`, `186000`, `186,000`, `186000元`, `18.6万`, `8.5万元`, `1.2亿`, `800.50`
(full-width digits and commas too). Refused: exponents (`1e6`), fractions and powers
(`10^400/3`), negative amounts, more than 15 digits before or 2 (after 万/亿: 6/10)
after the point, and anything longer than `MAX_CHARS`. Every check is a bounded regular
expression over at most `MAX_CHARS` characters, so parsing costs O(1) whatever is typed.

One parser for every command that takes an amount; `canonical` is how an amount is stored
in a record (a plain decimal in yuan, e.g. `186000` or `800.5`).
"""

from __future__ import annotations

import re
from fractions import Fraction

from yishi.errors import InputError

MAX_CHARS = 40
MAX_INTEGER_DIGITS = 15  # < 10^15 yuan
UNITS = {"": 1, "万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_NUMBER = re.compile(
    r"(?P<int>\d{1,15}|\d{1,3}(?:,\d{3}){1,4})(?:\.(?P<frac>\d{1,10}))?(?P<unit>[万亿]?)元?"
)


def parse(text: str) -> Fraction:
    """The amount in yuan, exactly; InputError("amount.invalid") for anything else."""
    raw = str(text)
    if len(raw) > MAX_CHARS:
        raise InputError("amount.too_long", value=raw[:20] + "…", limit=MAX_CHARS)
    value = raw.strip().translate(_FULLWIDTH).replace(" ", "")
    match = _NUMBER.fullmatch(value)
    if match is None:
        raise InputError("amount.invalid", value=raw)
    digits = match.group("int").replace(",", "")
    frac = match.group("frac") or ""
    unit = UNITS[match.group("unit")]
    amount = (
        Fraction(int(digits + frac), 10 ** len(frac)) if frac else Fraction(int(digits))
    ) * unit
    if amount >= 10**MAX_INTEGER_DIGITS:
        raise InputError("amount.too_large", value=raw)
    if (amount * 100).denominator != 1:
        raise InputError("amount.below_fen", value=raw)
    return amount


def canonical(amount: Fraction) -> str:
    """A plain decimal in yuan (`186000`, `800.5`) that `parse` reads back to `amount`."""
    whole, rest = divmod(amount.numerator * 100 // amount.denominator, 100)
    if rest == 0:
        return str(whole)
    return f"{whole}.{rest:02d}".rstrip("0")


_LEGACY = re.compile(
    r"\d{1,30}(?:\.\d{1,30})?|\d{1,30}/\d{1,30}"
    r"|\d{1,15}(?:\.\d{1,15})?[eE][+-]?\d{1,2}"
)


def from_record(value: object) -> Fraction:
    """An amount stored in a record: a canonical decimal, or what yishi 0.1 stored (the text
    as typed: `800`, `1e6`, `10/3`), read only when short and with a small exponent so a
    hostile record cannot make a replay hang."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError("amount.invalid", value=str(value)[:40])
    try:
        return parse(value)
    except InputError:
        if _LEGACY.fullmatch(value.strip()) is None:
            raise
    try:
        amount = Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        raise InputError("amount.invalid", value=value) from None
    if amount >= 10**MAX_INTEGER_DIGITS:
        raise InputError("amount.too_large", value=value)
    return amount


__all__ = ["parse", "canonical", "from_record", "MAX_CHARS"]
