"""Threshold, base, fraction and day-unit wording shared by findings, outcomes and the
minutes: the words themselves are catalog entries (catalog/words.py)."""

from __future__ import annotations

from fractions import Fraction

from yishi.i18n import t
from yishi.rules import Threshold
from yishi.workdays import day_unit
from yishi.zh import cn_number


def fraction_words(fraction: Fraction, lang: str) -> str:
    """半数, 全体, 三分之二; half, all, 2/3."""
    if fraction == Fraction(1, 2):
        return t("words.half", lang)
    if fraction == 1:
        return t("words.all", lang)
    num, den = fraction.numerator, fraction.denominator
    return t("words.fraction", lang, num=num, den=den, num_zh=cn_number(num), den_zh=cn_number(den))


def threshold_words(threshold: Threshold, lang: str) -> str:
    """超过半数 / 三分之二以上 (以上含本数); more than half / at least 2/3."""
    if threshold.fraction == 1 and threshold.mode == "at_least":
        return t("words.all", lang)
    words = fraction_words(threshold.fraction, lang)
    key = "words.more_than" if threshold.mode == "more_than" else "words.at_least"
    return t(key, lang, words=words)


BASES = ("members", "eligible", "present", "cast")


def base_words(base: str, size: int, lang: str) -> str:
    """应到会8人, 除回避外应到会7人, 到会6人, 投票6票; of 8 members ..."""
    if base not in BASES:
        return str(size)
    return t(f"words.base.{base}", lang, size=size)


__all__ = ["fraction_words", "threshold_words", "base_words", "day_unit", "BASES"]
