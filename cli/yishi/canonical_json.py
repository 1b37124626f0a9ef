"""Canonical JSON bytes (sorted keys, no spaces, UTF-8, nothing escaped but what JSON
must): what seals, ledgers and the 督办 chain hash and sign.

The reference is `json.dumps(value, sort_keys=True, ensure_ascii=False,
separators=(",", ":")).encode()`. orjson (Rust) writes the same bytes for strings, ints,
booleans, None, lists and dicts with string keys (keys sorted by code point both ways;
the same escapes: tests/test_canonical_json.py compares every character) about 7x
faster, and a first `yishi batch` run digests ~15 KB of JSON per meeting. A float (its
digits are written another way: `1e+16` against `1e16`, `NaN` against `null`), a date,
any other type or subclass, an int beyond 64 bits or a lone surrogate goes the
reference way, so no value is ever digested differently.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

_LEAF = frozenset({str, int, bool, type(None)})
# orjson's dumps with sorted keys, or None without orjson: imported when first needed (it
# brings uuid and platform, ~5 ms a recording command that digests nothing need not pay)
_FAST: list[Callable[[Any], bytes] | None] = []


def _fast() -> Callable[[Any], bytes] | None:
    if not _FAST:
        try:
            import orjson
        except ImportError:  # pragma: no cover - a dependency; the reference is the same
            _FAST.append(None)
        else:
            _FAST.append(functools.partial(orjson.dumps, option=orjson.OPT_SORT_KEYS))
    return _FAST[0]


def _plain(value: Any) -> bool:
    """Only exact str, int, bool, None, list, tuple and dict (what TOML and yishi's own
    ledgers hold, floats and dates aside): nothing orjson could write another way."""
    kind = type(value)
    if kind in _LEAF:
        return True
    if kind is dict:
        items = value.values()
    elif kind is list or kind is tuple:
        items = value
    else:
        return False
    for item in items:
        sort = type(item)
        if sort in _LEAF:
            continue
        if (sort is dict or sort is list or sort is tuple) and _plain(item):
            continue
        return False
    return True


def _walked(value: Any) -> bool:
    try:
        return _plain(value)
    except RecursionError:  # nested deeper than Python goes: the reference says what then
        return False


def encode(value: Any, reference: Callable[[Any], bytes]) -> bytes:
    """The canonical bytes of `value`; `reference(value)` (the caller's json encoding)
    where orjson is missing or could differ."""
    fast = _FAST[0] if _FAST else _fast()
    if fast is not None and _walked(value):
        try:
            return fast(value)
        except TypeError:  # a key that is not a string, an int beyond 64 bits, a surrogate
            pass
    return reference(value)


def reference(value: Any) -> bytes:
    """The reference encoding (json's): what the ledgers and the 督办 chain are defined by."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def canonical(value: Any) -> bytes:
    """`encode` against the reference: a date or any value json cannot write raises."""
    return encode(value, reference)


def enabled() -> bool:
    return _fast() is not None


# orjson's loads, or None without orjson (imported when first needed, as _FAST)
_LOADS: list[Callable[[bytes], Any] | None] = []


def _fast_loader() -> Callable[[bytes], Any] | None:
    if not _LOADS:
        try:
            import orjson
        except ImportError:  # pragma: no cover - a dependency; json reads the same
            _LOADS.append(None)
        else:
            _LOADS.append(orjson.loads)
    return _LOADS[0]


def fast_loads(data: bytes) -> Any:
    """`json.loads(data)`, the same value, and its errors (ValueError). orjson reads
    JSON about 4x faster, and the same for strings, integers, booleans, null, arrays and
    objects (duplicate keys: the last one, as json), but it reads an integer past 64 bits
    as a float, and refuses NaN, 1e400, a lone surrogate or a byte-order mark that json
    reads: a document it refuses, or one with a float in it, is read by json."""
    fast = _LOADS[0] if _LOADS else _fast_loader()
    if fast is not None:
        try:
            value = fast(data)
        except ValueError:  # (orjson.JSONDecodeError is one)
            pass
        else:
            # orjson reads only str, int, float, bool, None, lists and dicts: plain (see
            # _plain) is without a float (nested deeper than Python goes: json's say)
            if _walked(value):
                return value
    return json.loads(data)


__all__ = ["canonical", "encode", "enabled", "fast_loads", "reference"]
