"""The context's control-character alarm (render.template_data._may_hold_control) is exact: every
character `strip_control` removes raises it, wherever it sits (alone, after a backslash,
in a str subclass, deep in a list of dicts or a tuple); clean text (newlines, tabs,
backslashes, quotes) does not."""

from __future__ import annotations

from pathlib import Path

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


# ------------------------------------------------- the record's bytes say it first (toml_read)

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from yishi.toml_read import loads, no_control  # noqa: E402


@pytest.mark.parametrize("char", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_a_record_text_that_can_give_a_control_character_is_not_plain(char: str) -> None:
    """However the character is written in TOML (tomli-w's escape, a hand-written \\u,
    \\U, \\b, \\f, \\e, \\x escape, or the character itself where TOML allows it), the
    text is not called plain."""
    import tomli_w

    written = [tomli_w.dumps({"title": f"议题{char}"}).encode("utf-8")]
    code = ord(char)
    written += [
        f'title = "a\\u{code:04X}b"\n'.encode(),
        f'title = "a\\U{code:08X}b"\n'.encode(),
        f'title = "a{char}b"\n'.encode(),  # (TOML refuses most of these raw)
    ]
    if char in "\b\f\x1b":
        written.append(
            {"\b": b'title = "a\\bb"\n', "\f": b'title = "a\\fb"\n'}.get(char, b'title = "a\\eb"\n')
        )
    for raw in written:
        assert not no_control(raw), raw


@given(st.text())
def test_a_plain_text_parses_to_strings_without_control_characters(text: str) -> None:
    import tomli_w

    raw = tomli_w.dumps({"log": [{"text": text, "n": 1}], "t": {"k": text}}).encode("utf-8")
    if no_control(raw):
        assert strip_control(loads(raw.decode("utf-8"))["log"][0]["text"]) == text


def test_records_yishi_writes_are_plain_and_their_context_the_same(tmp_path: Path) -> None:
    """A generated year's records (and one with a control character typed into a title,
    which must stay not plain): the context built with the hint is the one built without."""
    from tests.helpers import bench_gen
    from yishi.check import evaluate
    from yishi.render import context
    from yishi.store import Store

    gen = bench_gen()
    rules = tmp_path / "rules.toml"
    rules.write_text(gen.rules_text(2, 9), encoding="utf-8")
    gen.write_year(tmp_path / "records", rules, 4, year=2024)
    store = Store(tmp_path / "records")
    ids = sorted(store.ids(2024))
    doc = store.read(ids[0])
    doc["log"][0]["title" if "title" in doc["log"][0] else "op_note"] = "议题\x01"
    from yishi.store import atomic_write, dumps

    atomic_write(store.path(ids[0]), dumps(doc))
    plain = []
    for mid in ids:
        raw = store.raw(mid)
        meeting = store.meeting_from(store.parse(raw, mid), mid)
        report = evaluate(meeting)
        plain.append(no_control(raw))
        hinted = context(
            meeting, report, plain=no_control(raw), issued_at="2024-12-01T10:00:00+08:00"
        )
        assert hinted == context(meeting, report, issued_at="2024-12-01T10:00:00+08:00")
    assert plain == [False, True, True, True]
