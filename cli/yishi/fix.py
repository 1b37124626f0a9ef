"""Corrections of one log entry without undoing everything after it (`yishi fix N ...`).

A fix is a new log entry like any other (so it is in the audit trail and `undo` reverts
it) that carries `replaces = N`: on replay it takes the place of entry N, with N's number
(so speaking order and item numbers stay where they were), and entry N is skipped. The
fix is built against the meeting as it stood just before entry N, then the whole log is
replayed: if any later entry no longer fits, the fix is refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from yishi import record as rec
from yishi.clock import stamp
from yishi.errors import InputError, StateError, YishiError
from yishi.store import Store, _clean, _next_n

# entries that cannot be replaced: they are not recording, or they seal the record
FIXED_OPS = {"undo", "close", "issue", "amend"}


def live_entry(log: list[dict[str, Any]], number: int) -> dict[str, Any]:
    """The entry `number` as it counts now (a fix of it, if fixed); refused when it was
    undone, is not a recording entry, or does not exist."""
    undone = {e.get("target") for e in log if e.get("op") == "undo"}
    entry = next((e for e in log if e.get("n") == number), None)
    if entry is None:
        known = max((int(e.get("n", 0)) for e in log), default=0)
        raise InputError("fix.no_entry", n=number, last=known or "-")
    if "replaces" in entry:  # `fix 30` where 30 fixed 12: fix 12 again
        return live_entry(log, int(entry["replaces"]))
    if entry.get("op") in FIXED_OPS:
        raise InputError("fix.not_fixable", n=number, op=entry.get("op"))
    if number in undone:
        raise InputError("fix.undone", n=number)
    return entry


class FixingStore(Store):
    """A Store whose `change` replaces entry `target` instead of appending: the command
    run under `yishi fix` builds its event exactly as it would live."""

    def __init__(self, root: Path | str, target: int) -> None:
        super().__init__(root)
        self.target = target
        self.used = False

    def change(
        self, meeting_id: str, build: Callable[[rec.Meeting], dict[str, Any] | None], cmd: str
    ) -> tuple[rec.Meeting, dict[str, Any]]:
        if self.used:
            raise InputError("fix.one_change")
        self.used = True
        return replace_entry(self, meeting_id, self.target, build, cmd)


def replace_entry(
    store: Store,
    meeting_id: str,
    target: int,
    build: Callable[[rec.Meeting], dict[str, Any] | None],
    cmd: str,
) -> tuple[rec.Meeting, dict[str, Any]]:
    with store.lock(meeting_id):
        store._clean_temp(meeting_id)
        doc = store.read(meeting_id)
        meeting = store.meeting_from(doc, meeting_id)
        if meeting.state == rec.ISSUED:
            raise StateError("meeting.issued", id=meeting_id)
        log = doc.setdefault("log", [])
        old = live_entry(log, target)
        number = int(old["n"])
        events = rec.active_events(log)
        position = next(i for i, e in enumerate(events) if e["n"] == number)
        rules = store.rules_of(doc, store.path(meeting_id))
        before = rec.replay(doc["meeting"], rules, [])
        for event in events[:position]:
            rec.apply(before, event)
        built = build(before)
        if built is None:
            raise InputError("fix.nothing")
        entry = {"n": _next_n(log), "at": stamp(), "cmd": cmd, **_clean(built), "replaces": number}
        rec.apply(before, {**entry, "n": number})  # refused here: the fix itself is wrong
        log.append(entry)
        check_later(doc, rules, number)
        store._write(meeting_id, doc, store.meeting_from(doc, meeting_id))
        # the command sees its event where it now stands: at entry `number`
        return before, {**entry, "n": number}


def check_later(doc: dict[str, Any], rules: Any, number: int) -> None:
    """Replay the whole log; the first entry that no longer fits refuses the fix."""
    meeting = rec.new_meeting(doc["meeting"], rules)
    for event in rec.active_events(doc["log"]):
        try:
            rec.apply(meeting, event)
        except YishiError as exc:
            if event["n"] == number:
                raise
            raise InputError(
                "fix.later_invalid",
                n=event["n"],
                cmd=event.get("cmd", ""),
                error=exc.as_message(),  # worded in the language of this message
            ) from None


__all__ = ["FixingStore", "replace_entry", "live_entry", "check_later"]
