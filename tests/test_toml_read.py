"""yishi.toml_read: rtoml reads first, tomli (the reference) has the last word.

Whatever the text, `loads` gives what tomli gives: the same document (compared by repr,
so that a value of another type or class would show), or tomli's error with its line
and column. Driven three ways: cases at the known differences between the two parsers,
documents tomli-w writes (every kind of value a record or rules file holds), and
mutations of a real meeting record and of the rules files in sample_configs."""

from __future__ import annotations

import datetime
import random
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import bench_gen
from yishi import toml_read

ROOT = Path(__file__).parent.parent
FUZZ = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def outcome(parse, text: str) -> str:
    """What a parser makes of `text`, as text: the document's repr, or the error."""
    try:
        return "doc " + repr(parse(text))
    except toml_read.TOMLDecodeError as exc:
        return f"error {exc}"
    except RecursionError:
        return "error recursion"


def same_as_reference(text: str) -> None:
    assert outcome(toml_read.loads, text) == outcome(toml_read.reference_loads, text)


def test_the_fast_parser_is_installed() -> None:
    """rtoml is a dependency: the fast path is what these tests exercise."""
    assert toml_read.fast_enabled()


@pytest.mark.parametrize(
    "text",
    [
        "a = 2024-01-01T00:00:00+08:00",  # rtoml's time zone class differs from tomli's
        "a = 2024-01-01T00:00:00Z",
        "a=1979-05-27T07:32:00-07:00",
        "a = [\n  1979-05-27T07:32:00Z,\n]",
        "a = [ # a comment\n\t2024-01-01 ]",
        "a = { b = 07:32:00 }",
        "a = [1,2024-01-01]",
        "\ufeffa = 1",  # tomli refuses a byte-order mark; rtoml skips it
        "a = 1e400",  # tomli reads inf; rtoml refuses
        "a = 99999999999999999999",  # beyond 64 bits: tomli reads it, rtoml refuses
        "a = " + "[" * 2000 + "]" * 2000,  # tomli's recursion; rtoml's depth limit
        "a = 1\na = 2",
        "[a]\n[a]",
        'a = "\\e"',
        "a = {b = 1,\n c = 2}",
        'a = """x\x7fy"""',
        "a = nan\nb = -inf\nc = -0.0",
        "a = 0x_1",
        "",
        "a = 1\rb = 2",
    ],
)
def test_where_the_parsers_differ_tomli_decides(text: str) -> None:
    same_as_reference(text)


def test_an_offset_time_is_tomlis_timezone() -> None:
    value = toml_read.loads("a = 2024-01-01T09:00:00+08:00")["a"]
    assert type(value.tzinfo) is datetime.timezone


scalars = (
    st.text(max_size=40)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.integers()
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.times()
    | st.datetimes(timezones=st.none() | st.timezones())
)
keys = st.text(min_size=1, max_size=12)
documents = st.recursive(
    st.dictionaries(keys, scalars, max_size=5),
    lambda inner: st.dictionaries(
        keys, inner | st.lists(inner, max_size=3) | st.lists(scalars, max_size=4), max_size=5
    ),
    max_leaves=30,
)


@FUZZ
@given(documents)
def test_documents_tomli_w_writes(doc: dict) -> None:
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # a value tomli-w cannot write (e.g. a zone it cannot name)
        return
    same_as_reference(text)


def _real_texts() -> list[str]:
    """Two generated meeting records (as yishi writes them) and four sample rules files."""
    import tempfile

    gen = bench_gen()
    with tempfile.TemporaryDirectory(prefix="yishi-toml-") as where:
        work = Path(where)
        rules = work / "rules.toml"
        rules.write_text(gen.rules_text(1, 9), encoding="utf-8")
        gen.write_year(work / "rec", rules, 2, year=2024)
        records = [p.read_text(encoding="utf-8") for p in sorted((work / "rec").glob("*.toml"))]
    configs = sorted((ROOT / "sample_configs").rglob("*.toml"))
    samples = [p.read_text(encoding="utf-8") for p in configs]
    return records[:2] + samples[:4]


REAL = _real_texts()
PIECES = list("\"'=[]{},.\n\r\t #\\\x01eE+-:0123456789abcntuU_TZ\x7f\u00e9\u4e2d\ufeff")


@FUZZ
@given(st.integers(0, len(REAL) - 1), st.randoms(use_true_random=False), st.integers(1, 4))
def test_mutated_records_and_rules(which: int, rng: random.Random, edits: int) -> None:
    text = REAL[which]
    text = text[: rng.randrange(1, len(text) + 1)]
    for _ in range(edits):
        at = rng.randrange(len(text) + 1)
        piece = rng.choice(PIECES)
        if rng.random() < 0.5:
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + 1 :]
    same_as_reference(text)


def test_real_texts_parse_the_same_whole() -> None:
    for text in REAL:
        assert repr(toml_read.loads(text)) == repr(tomllib.loads(text))


@pytest.mark.parametrize(
    "text",
    [
        "a = 1979-05-27",
        "a = 07:32:00",
        "[t]\nb = [[1], [1979-05-27T07:32:00]]",
        "[[t]]\nb = { c = { d = 1979-05-27T07:32:00.5 } }",
        'a = "1979-05-27"\nb = 1979-05-27',
    ],
)
def test_a_date_anywhere_is_read_by_tomli(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """rtoml reads first; a date or time value anywhere in what it gives sends the text to
    tomli, whose classes and zones the document then holds."""
    calls = []
    reference = toml_read.reference_loads
    monkeypatch.setattr(toml_read, "reference_loads", lambda t: calls.append(t) or reference(t))
    assert repr(toml_read.loads(text)) == repr(reference(text))
    assert calls == [text]


def test_a_dateless_record_is_rtomls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toml_read, "reference_loads", lambda t: pytest.fail("read by tomli"))
    for text in REAL:
        toml_read.loads(text)
