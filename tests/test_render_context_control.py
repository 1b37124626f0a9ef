"""The context's control-character alarm (render.context._may_hold_control) is exact: every
character `strip_control` removes raises it, wherever it sits (alone, after a backslash,
in a str subclass, deep in a list of dicts or a tuple); clean text (newlines, tabs,
backslashes, quotes) does not."""

from __future__ import annotations

import pytest

from yishi.render import _clean, _may_hold_control, strip_control

CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_every_control_character_raises_the_alarm(char: str) -> None:
    assert strip_control(f"a{char}b") == "ab"  # the class the alarm stands in for
    for text in (char, f"议题{char}", f"\\{char}", f"\\\\{char}x", f'"{char}"'):
        ctx = {"items": [{"paragraphs": ["正常", text]}], "n": 1, "ok": True}
        assert _may_hold_control(ctx), repr(text)
        assert _clean(ctx)["items"][0]["paragraphs"][1] == strip_control(text)
    assert _may_hold_control({"a": {"b": ("x", [Word(f"y{char}")])}})
    assert _may_hold_control({"a": [1, True, None, 2.5, {"b": Word(f"{char}")}]})


class Word(str):
    """A str subclass (as a template-safe string would be)."""


def test_clean_text_with_backslashes_and_quotes_raises_none() -> None:
    ctx = {
        "text": '正常\n\t\r文字 "引号" \\ 反斜杠 \\n \\t \\b \\f \\u0001 \\x01',
        "fonts": {"css": '"Noto Serif CJK SC", serif'},
        "list": [1, None, 2.5, "é", "\u2028"],
    }
    assert not _may_hold_control(ctx)
