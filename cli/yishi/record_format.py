"""The on-disk format version of a meeting record, and upgrades of older ones.

A record says which format it was written in (`format = N` at the top). Reading one:
- the current format is used as it is;
- an older format is upgraded *in memory*, step by step (`UPGRADES[n]` turns format n into
  n + 1), so a sealed record is never rewritten just because yishi got newer;
- a newer format (written by a later yishi) is refused with a clear message, never guessed.

Format history:
  1  yishi 0.1: [meeting] header, [seal], [rules] snapshot, [[log]] of events.
A change to the file's shape adds an entry to UPGRADES and bumps CURRENT; the 0.1 fixtures
under tests/fixtures/records-0.1 must keep loading, checking, rendering and verifying.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from yishi.errors import RecordError

CURRENT = 1
Doc = dict[str, Any]
# format n -> a function turning a format-n document into format n + 1 (in memory)
UPGRADES: dict[int, Callable[[Doc], Doc]] = {}


def version_of(doc: Doc, path: Path | str) -> int:
    found = doc.get("format", 1)  # a hand-made record without the key reads as format 1
    if not isinstance(found, int) or isinstance(found, bool) or found < 1:
        raise RecordError("record.bad_shape", path=str(path), what="format")
    return found


def upgrade(doc: Doc, path: Path | str) -> Doc:
    """`doc` in the current format: upgraded in memory if older, refused if newer."""
    found = version_of(doc, path)
    if found > CURRENT:
        raise RecordError("record.newer_format", path=str(path), found=found, supported=CURRENT)
    while found < CURRENT:
        doc = UPGRADES[found](doc)
        found += 1
        doc["format"] = found
    return doc


__all__ = ["CURRENT", "UPGRADES", "upgrade", "version_of"]
