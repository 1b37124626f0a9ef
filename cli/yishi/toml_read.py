"""TOML reading, with tomli as the reference parser.

tomli's compiled wheels parse a meeting record about 3x faster than the pure-Python
tomllib (same code, same errors); rtoml (Rust) about 4x faster again. rtoml reads first
where it is installed, but tomli has the last word: a text rtoml refuses is parsed by
tomli, so every error and its line and column are tomli's; so is a text whose values could
come out differently: a byte-order mark (tomli refuses it, rtoml skips it) or any date or
time value (rtoml's time zones are a class of its own: a document rtoml gives with a value
of any other type than str, int, float and bool in it is read again by tomli). What is left,
strings, numbers, booleans, arrays and tables, is the same from both
(tests/test_toml_read.py compares them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tomli import TOMLDecodeError
    from tomli import loads as reference_loads


def _reference() -> Any:
    """tomli (tomllib without it), imported when first needed: a document rtoml reads
    never needs it, and a batch re-run from its cache reads only such documents (tomli's
    compiled modules take ~1.5 ms to load)."""
    try:
        import tomli as reference
    except ImportError:  # pragma: no cover - tomli is a dependency, but tomllib is always there
        import tomllib as reference  # type: ignore[no-redef]
    globals().update(TOMLDecodeError=reference.TOMLDecodeError, reference_loads=reference.loads)
    return reference


def __getattr__(name: str) -> Any:
    if name in ("TOMLDecodeError", "reference_loads"):
        _reference()
        return globals()[name]
    raise AttributeError(f"module 'yishi.toml_read' has no attribute {name!r}")


try:
    import rtoml as _rtoml
except ImportError:  # pragma: no cover - rtoml is a dependency; tomli alone is the same
    _rtoml = None  # type: ignore[assignment]

# what a document holds when its text holds no date or time value
_DATELESS = frozenset({str, int, float, bool})


def _dateless(value: Any) -> bool:
    """No value in the table or array `value` (as rtoml gives it) is a date or time.
    Looking through the parsed document costs less than half of what searching its text
    for a date did (one pattern per character before one, ~0.14 ms for a 20 KB record)."""
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind in _DATELESS:
            continue
        if (kind is dict or kind is list) and _dateless(item):
            continue
        return False
    return True


# what a TOML text needs to hold for a string parsed from it to hold a control character
# (render.template_data's _CONTROL): TOML allows none raw but tab (nor in comments), so only an
# escape (\b, \f, \e, \xHH, \uXXXX, \UXXXXXXXX) or U+FFFE / U+FFFF written as they are
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL = bytes(sorted(set(range(256)) - set(_CONTROL_BYTES)))
_CONTROL_ESCAPE = re.compile(rb"\\[bfexuU]")


def fast_enabled() -> bool:
    return _rtoml is not None


def loads(text: str) -> dict[str, Any]:
    """The TOML document `text`, exactly as tomli reads it (TOMLDecodeError as tomli's)."""
    if _rtoml is not None and not text.startswith("\ufeff"):
        try:
            doc = _rtoml.loads(text)
            if _dateless(doc):
                return doc  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - whatever rtoml refuses, tomli says why
            pass  # (a RecursionError too: the reference's is the one to raise)
    if "reference_loads" not in globals():
        _reference()
    return reference_loads(text)


def no_control(raw: bytes) -> bool:
    """No string parsed from the TOML text `raw` can hold a control character (False: one
    may; look at the strings). A backslash before `b` that is itself escaped (`\\\\b`) is
    counted too: a false alarm costs time only."""
    return (
        not raw.translate(None, _NOT_CONTROL)
        and _CONTROL_ESCAPE.search(raw) is None
        and b"\xef\xbf\xbe" not in raw
        and b"\xef\xbf\xbf" not in raw
    )


__all__ = ["no_control", "loads", "reference_loads", "TOMLDecodeError", "fast_enabled"]
