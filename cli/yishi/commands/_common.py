"""The one boundary where core errors become messages and exit codes, plus the few
helpers every recording command shares (store, current meeting, member lists)."""

from __future__ import annotations

import functools
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from yishi.errors import EXIT_USAGE, InputError, YishiError
from yishi.i18n import current_lang
from yishi.ui import warn

F = TypeVar("F", bound=Callable[..., Any])

# no envvar here: YISHI_RECORDS is read by the root callback, so that `yishi --records DIR
# cmd` beats the environment (an envvar on this option would override the root flag)
RecordsOpt = Annotated[
    Path | None,
    typer.Option(
        "--records",
        help="Records directory (default: YISHI_RECORDS, else ./records).",
        show_default=False,
    ),
]

# set by the root callback (`yishi --records DIR ...`) or by the shell
state: dict[str, Any] = {"records": None, "cmd": None}


def handle_errors(func: F) -> F:
    """Run a command; a YishiError prints its message and exits with its code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except YishiError as exc:
            prefix = "错误：" if current_lang() == "zh" else "error: "
            warn(prefix + exc.message(current_lang()))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except (OSError, ValueError) as exc:
            # a path the system refuses (too long, a loop, a NUL byte) where no command
            # expected one: a message, never a traceback; every write is atomic, so
            # nothing half-written is left
            if isinstance(exc, ValueError) and "null byte" not in str(exc):
                raise
            from yishi.i18n import t

            prefix = "错误：" if current_lang() == "zh" else "error: "
            warn(prefix + t("os.failed", current_lang(), error=_os_error(exc)))
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper  # type: ignore[return-value]


def _os_error(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        name = str(exc.filename or "")
        name = name if len(name) <= 120 else name[:60] + "…" + name[-40:]
        return f"{name}: {exc.strerror or exc}" if name else str(exc.strerror or exc)
    return str(exc)


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


__all__ = [
    "handle_errors",
    "meeting_rules",
    "records_dir",
    "store",
    "command_line",
    "split_names",
    "count_or_names",
    "RecordsOpt",
    "EXIT_USAGE",
    "state",
]
