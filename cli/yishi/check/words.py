"""Threshold, base and fraction wording shared by findings, outcomes and the minutes."""

from __future__ import annotations

from fractions import Fraction

from yishi.rules import Threshold
from yishi.zh import cn_number


def fraction_words(fraction: Fraction, lang: str) -> str:
    if lang == "zh":
        if fraction == Fraction(1, 2):
            return "半数"
        if fraction == 1:
            return "全体"
        return f"{cn_number(fraction.denominator)}分之{cn_number(fraction.numerator)}"
    if fraction == Fraction(1, 2):
        return "half"
    if fraction == 1:
        return "all"
    return f"{fraction.numerator}/{fraction.denominator}"


def threshold_words(threshold: Threshold, lang: str) -> str:
    """超过半数 / 三分之二以上 (以上含本数); more than half / at least 2/3."""
    words = fraction_words(threshold.fraction, lang)
    if threshold.fraction == 1 and threshold.mode == "at_least":
        return "全体" if lang == "zh" else "all"
    if lang == "zh":
        return f"超过{words}" if threshold.mode == "more_than" else f"达到{words}以上"
    return f"more than {words}" if threshold.mode == "more_than" else f"at least {words}"


def base_words(base: str, size: int, lang: str) -> str:
    if lang == "zh":
        return {
            "members": f"应到会{size}人",
            "eligible": f"除回避外应到会{size}人",
            "present": f"到会{size}人",
            "cast": f"投票{size}票",
        }.get(base, str(size))
    return {
        "members": f"of {size} members",
        "eligible": f"of {size} eligible members",
        "present": f"of {size} present",
        "cast": f"of {size} votes cast",
    }.get(base, str(size))


__all__ = ["fraction_words", "threshold_words", "base_words"]
