"""What every command shares and that needs no typer: the shared state, the records
directory, the store, the command line for the audit log, member lists, and the error
boundary's message and exit code (`failure`, over `yishi.errors.boundary`).

Kept free of typer (and so of pydantic) because the fast path of the recording commands
(yishi.fastpath) runs them without it; `_common` re-exports all of it beside the typer
parts (RecordsOpt, handle_errors).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path
from typing import Any

from yishi.errors import InputError, boundary
from yishi.i18n import current_lang
from yishi.ui import warn

# set by the root callback (`yishi --records DIR ...`), by the fast path or by the shell
state: dict[str, Any] = {"records": None, "cmd": None}


def failure(exc: BaseException) -> int:
    """The exit code of an exception a command raised, what it says printed to stderr:
    `yishi.errors.boundary` decides both (a bug is one line and a crash report)."""
    code, text = boundary(exc, current_lang())
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
    if text:
        warn(text)
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def records_dir(option: Path | None = None) -> Path:
    if option is not None:
        return option
    if state["records"] is not None:
        return Path(state["records"])
    return Path(os.environ.get("YISHI_RECORDS") or "records")


def store(option: Path | None = None) -> Any:
    if state.get("fix") is not None:  # under `yishi fix N ...`: replaces entry N
        return state["fix"]
    from yishi.store import Store

    return Store(records_dir(option))


def command_line() -> str:
    """What the secretary typed, for the audit log."""
    if state["cmd"]:
        return str(state["cmd"])
    return "yishi " + " ".join(_quote(a) for a in sys.argv[1:])


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w@%+=:,./，、-]+", arg) else shlex.quote(arg)


def split_names(values: list[str] | None) -> list[str]:
    """`--yes 张伟,李明` or `--yes 张伟 --yes 李明`; Chinese separators welcome."""
    out: list[str] = []
    for value in values or []:
        out.extend(part for part in re.split(r"[,，、;；\s]+", value) if part)
    return out


def count_or_names(values: list[str] | None) -> tuple[int | None, list[str]]:
    """A secret tally (`--yes 5`) or names (`--yes A,B`)."""
    parts = split_names(values)
    if len(parts) == 1 and re.fullmatch(r"-?\d+", parts[0]):
        number = int(parts[0])
        if number < 0:
            raise InputError("vote.secret_counts")
        return number, []
    return None, parts


def meeting_rules(rules_file: Path, type: str, time: str = "") -> tuple[Any, Any]:
    """The rules of `open` and `plan`, and the meeting type asked for: an unknown type or a
    time that is not HH:MM is refused before anything is written."""
    from yishi import rules as rules_mod

    rules = rules_mod.load(rules_file)
    if type not in rules.meeting_types:
        raise InputError("meeting.unknown_type", type=type, known=", ".join(rules.meeting_types))
    if time and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", time):
        raise InputError("input.bad_time", value=time)
    return rules, rules.meeting_types[type]
