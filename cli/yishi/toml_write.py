"""tomli_w, with a faster string formatter: `from yishi.toml_write import tomli_w`.

tomli_w formats every string by walking its characters one by one in Python
(`tomli_w._writer.format_string`), the largest part of writing a record: a seal alone holds
~120 strings (0.38 ms of the ~1.3 ms it takes to seal a meeting). A string holding nothing
TOML escapes in a basic string (a quote, a backslash, a control character other than tab)
is written as it is between quotes, which is exactly what tomli_w writes for it; any other
string goes to tomli_w's own formatter. The fast formatter is put in place only when it
gives tomli_w's bytes for a set of probes, so a tomli_w that formats strings another way
keeps its own (tests/test_toml_write.py compares the two on random text).
"""

from __future__ import annotations

import re
from typing import Any

import tomli_w

# what tomli_w escapes in a basic string: '"', '\\' and ASCII control characters but tab
_ESCAPED = re.compile('[\x00-\x08\x0a-\x1f\x7f"\\\\]')
_PROBES = ("", "a", "中文", "a b\tc", 'x"y', "a\\b", "\n", "a\nb", "\r\n", "\x00", "\x1f", "\x7f")

ORIGINAL: Any = getattr(getattr(tomli_w, "_writer", None), "format_string", None)


def format_string(s: str, *, allow_multiline: bool) -> str:
    if _ESCAPED.search(s) is None:  # nothing to escape, no newline: one line as it is
        return '"' + s + '"'
    return ORIGINAL(s, allow_multiline=allow_multiline)  # type: ignore[no-any-return]


def _install() -> bool:
    if ORIGINAL is None:
        return False
    try:
        same = all(
            format_string(p, allow_multiline=m) == ORIGINAL(p, allow_multiline=m)
            for p in _PROBES
            for m in (False, True)
        )
    except Exception:  # noqa: BLE001 - a tomli_w of another shape keeps its formatter
        return False
    if same:
        tomli_w._writer.format_string = format_string
    return same


INSTALLED = _install()

__all__ = ["tomli_w", "format_string", "ORIGINAL", "INSTALLED"]
