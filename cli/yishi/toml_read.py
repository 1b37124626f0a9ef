"""TOML reading, with tomli as the reference parser.

tomli's compiled wheels parse a meeting record about 3x faster than the pure-Python
tomllib (same code, same errors); rtoml (Rust) about 4x faster again. rtoml reads first
where it is installed, but tomli has the last word: a text rtoml refuses is parsed by
tomli, so every error and its line and column are tomli's; so is a text whose values could
come out differently: a byte-order mark (tomli refuses it, rtoml skips it) or any date or
time value (rtoml's time zones are a class of its own). What is left, strings, numbers,
booleans, arrays and tables, is the same from both (tests/test_toml_read.py compares them).
"""

from __future__ import annotations

import re
from typing import Any

try:
    from tomli import TOMLDecodeError
    from tomli import loads as reference_loads
except ImportError:  # pragma: no cover - tomli is a dependency, but tomllib is always there
    from tomllib import TOMLDecodeError  # type: ignore[assignment]
    from tomllib import loads as reference_loads  # type: ignore[assignment]

try:
    import rtoml as _rtoml
except ImportError:  # pragma: no cover - rtoml is a dependency; tomli alone is the same
    _rtoml = None  # type: ignore[assignment]

# a date or time value: after `=`, `[`, `,` or a line break (a value in a multi-line
# array), 4 digits and `-` or 2 digits and `:`. A string that merely holds such text at a
# line's start goes to tomli too, which costs time, never a different result.
_DATE_OR_TIME = [  # one pattern per character before it: each has a literal to look for
    re.compile(before + r"[ \t]*\d\d(?:\d\d-|:)") for before in ("=", ",", r"\[", "\n")
]  # (~1.6x faster than one pattern that starts with the class [=,\[\n])

# what a TOML text needs to hold for a string parsed from it to hold a control character
# (render.context's _CONTROL): TOML allows none raw but tab (nor in comments), so only an
# escape (\b, \f, \e, \xHH, \uXXXX, \UXXXXXXXX) or U+FFFE / U+FFFF written as they are
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL = bytes(sorted(set(range(256)) - set(_CONTROL_BYTES)))
_CONTROL_ESCAPE = re.compile(rb"\\[bfexuU]")


def fast_enabled() -> bool:
    return _rtoml is not None


def loads(text: str) -> dict[str, Any]:
    """The TOML document `text`, exactly as tomli reads it (TOMLDecodeError as tomli's)."""
    if (
        _rtoml is not None
        and not text.startswith("\ufeff")
        and not any(pattern.search(text) for pattern in _DATE_OR_TIME)
    ):
        try:
            return _rtoml.loads(text)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - whatever rtoml refuses, tomli says why
            pass
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
