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
_DATE_OR_TIME = re.compile(r"[=,\[\n][ \t]*\d\d(?:\d\d-|:)")


def fast_enabled() -> bool:
    return _rtoml is not None


def loads(text: str) -> dict[str, Any]:
    """The TOML document `text`, exactly as tomli reads it (TOMLDecodeError as tomli's)."""
    if _rtoml is not None and not text.startswith("\ufeff") and not _DATE_OR_TIME.search(text):
        try:
            return _rtoml.loads(text)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - whatever rtoml refuses, tomli says why
            pass
    return reference_loads(text)


__all__ = ["loads", "reference_loads", "TOMLDecodeError", "fast_enabled"]
