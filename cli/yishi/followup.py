"""What happens after a meeting is sealed, kept beside the record without touching it.

An issued record is sealed (yishi.seal: the digest covers the whole file but `[seal]`), so
a later fact — a 情况报告 sent 15 days after a 民主生活会 — cannot be appended to its log
without `yishi verify` reporting a change. Such facts go to a follow-up file,
`RECORDS/followup/<meeting-id>.toml`: an append-only list of `[[entry]]` tables, each with
its number `n`, time `at`, command `cmd`, `op` and fields, chained by `prev` (the SHA-256 of
the previous entry, "" for the first) so that an edited, removed or reordered entry is
detected (`check_chain`). The directory is not a record (Store.ids() lists `*.toml` of the
records directory itself only).

Generic on purpose: any "after the seal" event (a report sent, a 督办 task update) can use
`append` / `entries`; `yishi reported` is the first user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yishi.clock import stamp

DIR = "followup"


def path(store: Any, meeting_id: str) -> Path:
    store.path(meeting_id)  # validates the id
    return Path(store.root) / DIR / f"{meeting_id}.toml"


def entries(store: Any, meeting_id: str) -> list[dict[str, Any]]:
    """The follow-up entries of a meeting (none when it has no file)."""
    from yishi import toml_read as tomllib
    from yishi.errors import RecordError

    file = path(store, meeting_id)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError("record.unreadable", path=str(file), error=str(exc)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecordError("record.damaged", path=str(file), line="?", col="?",
                          error=str(exc)) from None
    found = data.get("entry", [])
    if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
        raise RecordError("record.bad_shape", path=str(file), what="[[entry]]")
    return found


def _digest(entry: dict[str, Any]) -> str:
    from yishi.seal import digest

    return digest(entry)


def check_chain(found: list[dict[str, Any]]) -> list[int]:
    """The numbers of entries whose `prev` does not match the entry before them."""
    broken, prev = [], ""
    for entry in found:
        if entry.get("prev", "") != prev:
            broken.append(int(entry.get("n", 0)))
        prev = _digest(entry)
    return broken


def append(store: Any, meeting_id: str, event: dict[str, Any], cmd: str) -> dict[str, Any]:
    """Append one entry under the meeting's lock (atomic write); return it."""
    import tomli_w

    from yishi.store import atomic_write

    file = path(store, meeting_id)
    with store.lock(meeting_id):
        found = entries(store, meeting_id)
        entry = {"n": len(found) + 1, "at": stamp(), "cmd": cmd,
                 **{k: v for k, v in event.items() if v is not None},
                 "prev": _digest(found[-1]) if found else ""}
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, tomli_w.dumps({"entry": found + [entry]}).encode("utf-8"))
    return entry


__all__ = ["entries", "append", "check_chain", "path", "DIR"]
