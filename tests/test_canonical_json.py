"""yishi.canonical_json: orjson writes what json writes, byte for byte, or json writes it.

Seals, ledger lines and the 督办 chain are SHA-256 digests of these bytes: one byte of
difference would make every record sealed before look tampered with. Driven by every
character, by random documents of every type TOML and the ledgers hold, and at the
values orjson writes another way (floats, dates, big ints, subclasses, deep nesting)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi import canonical_json, ledger, seal, tasks


def reference(value: Any) -> bytes:
    """json.dumps as the ledgers define their bytes (written out here, not imported)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def outcome(encode: Any, value: Any) -> str:
    try:
        return "bytes " + encode(value).hex()
    except (TypeError, ValueError, RecursionError) as exc:  # UnicodeEncodeError: a ValueError
        return "error " + type(exc).__name__


def test_orjson_is_installed() -> None:
    """orjson is a dependency: the fast way is what these tests exercise."""
    assert canonical_json.enabled()


def test_every_character_is_written_as_json_writes_it() -> None:
    points = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    for start in range(0, len(points), 512):
        text = "".join(map(chr, points[start : start + 512]))
        value = {text: [text, {"k": text}]}
        assert canonical_json.encode(value, reference) == reference(value), hex(points[start])


scalars = (
    st.text(max_size=30)
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats()
    | st.dates()
    | st.datetimes(timezones=st.none() | st.timezones())
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents(value: Any) -> None:
    assert outcome(ledger.canonical, value) == outcome(reference, value)
    assert outcome(tasks.canonical, value) == outcome(reference, value)
    # the seal's encoder also writes dates (typed) and anything else by its repr
    assert outcome(seal.canonical, value) == outcome(seal._reference, value)


class Text(str):
    pass


class Number(int):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"a": 1e16, "b": 1e-5, "c": 0.1, "d": -0.0},  # json: 1e+16, 1e-05
        [float("nan"), float("inf"), float("-inf")],  # json: NaN; orjson: null
        {"n": 2**64, "m": -(2**63) - 1, "k": 2**63},  # beyond what orjson writes
        {1: "a", "2": "b"},  # a key that is not a string (json writes "1")
        {"b": 1, "a": {"d": [1, 2], "c": None}, "中": "文", "\U0001f600": "😀"},
        {"a": "\ud800"},  # a lone surrogate: json's str is not UTF-8
        {"a": dt.date(2024, 1, 1)},
        {"a": Text("x")},
        {"a": Number(3)},
        ("a", ["b", ("c",)]),
        '\x00\x1f\x7f\u2028\u2029\\"',
        ["x", [["y", [[[]]]]]],
    ],
)
def test_where_orjson_could_differ_json_writes(value: Any) -> None:
    assert outcome(ledger.canonical, value) == outcome(reference, value)
    assert outcome(seal.canonical, value) == outcome(seal._reference, value)


def test_nesting_beyond_orjsons_limit() -> None:
    deep: Any = "x"
    for _ in range(300):  # orjson stops at 255 levels; json goes on
        deep = [deep]
    assert outcome(ledger.canonical, deep) == outcome(reference, deep)
    deeper: Any = "x"
    for _ in range(100_000):
        deeper = {"a": deeper}
    assert outcome(ledger.canonical, deeper) == outcome(reference, deeper) == "error RecursionError"


def test_plain_values_are_orjsons(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record's values take the fast way; a float does not."""
    used: list[Any] = []
    fast = canonical_json._fast()
    assert fast is not None
    monkeypatch.setattr(canonical_json, "_FAST", [lambda v: used.append(v) or fast(v)])
    entry = {"n": 1, "op": "present", "ids": ["a", "b"], "at": "2024-01-01T09:00:00+08:00"}
    assert seal.canonical(entry) == reference(entry)
    assert used == [entry]
    assert seal.canonical({"x": 1.5}) == b'{"x":1.5}'
    assert len(used) == 1


# --- reading: fast_loads gives what json.loads gives


def loaded(load: Any, data: bytes) -> str:
    """The value read, typed all the way down (1 and 1.0 and True told apart), or the
    kind of error: ValueError for every refusal, as json's JSONDecodeError and
    UnicodeDecodeError both are."""
    try:
        return "value " + ascii(typed(load(data)))
    except ValueError:
        return "refused"
    except RecursionError:
        return "error RecursionError"


def typed(value: Any) -> Any:
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


json_values = st.recursive(
    st.text(max_size=20) | st.integers() | st.booleans() | st.none() | st.floats(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.booleans())
def test_reading_random_documents(value: Any, ascii_only: bool) -> None:
    """Big integers, floats (NaN and infinities as json writes them), lone surrogates
    (escaped, or refused raw as not UTF-8) come out as json reads them."""
    try:
        text = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True).encode("utf-8")
    assert loaded(canonical_json.fast_loads, text) == loaded(json.loads, text)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=40) | st.text(alphabet='{}[]":,0123456789.eE+-tfnul \\"', max_size=30))
def test_reading_random_bytes(data: Any) -> None:
    raw = data if isinstance(data, bytes) else data.encode()
    assert loaded(canonical_json.fast_loads, raw) == loaded(json.loads, raw)


@pytest.mark.parametrize(
    "text",
    [
        b"123456789012345678901234567890",  # orjson alone: a float
        b"[18446744073709551616, -9223372036854775809]",
        b'{"a": {"b": [1, 2, 99999999999999999999]}}',
        b"18446744073709551615",
        b"NaN",
        b"[Infinity, -Infinity]",
        b"1e400",
        b'"\\ud800"',
        b'{"\\udc00": 1}',
        b"\xef\xbb\xbf{}",  # a byte-order mark
        '{"a": 1}'.encode("utf-16"),
        b'{"a": 1, "a": 2}',
        b"-0.0",
        b"0.1",
        b"5e-324",
        b"\xff",
        b"",
        b" [] ",
    ],
)
def test_reading_where_orjson_differs(text: bytes) -> None:
    assert loaded(canonical_json.fast_loads, text) == loaded(json.loads, text)


def test_reading_nesting_beyond_orjsons_limit() -> None:
    for depth in (200, 1023, 1100, 50_000):
        text = b"[" * depth + b"]" * depth
        assert loaded(canonical_json.fast_loads, text) == loaded(json.loads, text), depth


def test_reading_plain_documents_is_orjsons(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[bytes] = []
    fast = canonical_json._fast_loader()
    assert fast is not None
    monkeypatch.setattr(canonical_json, "_LOADS", [lambda d: used.append(d) or fast(d)])
    line = b'{"i":3,"op":"issue","meeting":"m","sig":{"key":"k"}}'
    assert canonical_json.fast_loads(line) == json.loads(line)
    assert used == [line]
