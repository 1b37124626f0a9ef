"""yishi.toml_write: tomli_w with a faster string formatter, and a faster `dumps` for the
values a record holds: the same text as tomli_w, or tomli_w writes it."""

from __future__ import annotations

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi import toml_write


def test_the_fast_formatter_is_installed() -> None:
    assert toml_write.INSTALLED
    assert tomli_w._writer.format_string is toml_write.format_string


@given(st.text(), st.booleans())
def test_a_string_is_formatted_as_tomli_w_formats_it(text: str, multiline: bool) -> None:
    fast = toml_write.format_string(text, allow_multiline=multiline)
    assert fast == toml_write.ORIGINAL(text, allow_multiline=multiline)


@given(st.text(alphabet=st.characters(max_codepoint=0x80)), st.booleans())
def test_control_characters_quotes_and_backslashes_too(text: str, multiline: bool) -> None:
    fast = toml_write.format_string(text, allow_multiline=multiline)
    assert fast == toml_write.ORIGINAL(text, allow_multiline=multiline)


def tomli_w_says(table: object) -> str:
    try:
        return "text " + tomli_w.dumps(table)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        return "error " + type(exc).__name__


def fast_says(table: object) -> str:
    try:
        return "text " + toml_write.dumps(table)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        return "error " + type(exc).__name__


scalars = (
    st.text(max_size=60)
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.dates()
    | st.tuples(st.integers())
)
keys = st.text(max_size=10) | st.sampled_from(["n", "at", "a-b_C9", "", "a.b", "中文", 'q"'])
tables = st.recursive(
    st.dictionaries(keys, scalars, max_size=6),
    lambda inner: st.dictionaries(
        keys,
        inner
        | st.lists(inner, max_size=3)  # arrays of tables, inline or not by their length
        | st.lists(scalars | inner, max_size=4)  # mixed arrays: inline tables in them
        | st.lists(st.lists(scalars, max_size=3), max_size=3),
        max_size=6,
    ),
    max_leaves=40,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_dumps_writes_what_tomli_w_writes(table: dict) -> None:
    assert fast_says(table) == tomli_w_says(table)


@pytest.mark.parametrize(
    "table",
    [
        {"t": [{"sub": {"k": "x" * 100}}]},  # an array's table holding only a table
        {"t": [{"sub": {"k": "x" * 100}, "n": 1}, {"m": [1, [2, []]]}]},
        {"a": {"b": {"c": 1}}},  # a table holding only a table: no header of its own
        {"a": {}, "b": {"c": {}}},  # empty tables have one
        {"a": [], "b": [[]], "c": [{}], "d": [{}, 1]},
        {"x y": {"中": {"": 1}}, 'q"': True},
    ],
)
def test_dumps_of_shapes(table: dict) -> None:
    assert toml_write.dumps(table) == tomli_w.dumps(table)


def test_dumps_at_the_inline_line_length() -> None:
    """An array of tables is inline while each of its tables fits on a line of 100."""
    for width in range(80, 100):
        table = {"t": [{"k": "x" * width}, {"k": "y"}]}
        assert toml_write.dumps(table) == tomli_w.dumps(table)
    assert toml_write.dumps({"t": [{"k": "a\nb"}]}) == tomli_w.dumps({"t": [{"k": "a\nb"}]})


def test_a_record_is_written_without_tomli_w(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record's header, seal and log entries (strings, ints, booleans, arrays, tables,
    arrays of tables) take the fast way; a date goes to tomli_w."""
    record = {
        "meeting": {"id": "m", "revision": 3, "emergency": False, "notified": ["a", "b"]},
        "seal": {
            "log": ["1:ab", "2:cd"],
            "signatures": [{"role": "office", "alg": "ed25519", "key": "k" * 16, "sig": "s" * 88}],
            "history": [{"generation": 1, "parts": {"header": {"id": "x"}}}],
        },
    }
    expected = tomli_w.dumps(record)
    monkeypatch.setattr(tomli_w, "dumps", lambda table: pytest.fail("tomli_w used"))
    assert toml_write.dumps(record) == expected
    monkeypatch.undo()
    import datetime

    dated = {"a": datetime.date(2024, 1, 1)}
    assert toml_write.dumps(dated) == tomli_w.dumps(dated)
