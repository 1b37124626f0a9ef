"""The one boundary where core errors become messages and exit codes, plus the few
helpers every recording command shares (store, current meeting, member lists).

The helpers and the message/exit code of an error live in `_base` (no typer there: the
fast path of the recording commands runs without typer); this module adds the typer
parts and re-exports the rest."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.exceptions import TyperException

from yishi.commands._base import (
    _quote,
    command_line,
    count_or_names,
    failure,
    meeting_rules,
    records_dir,
    split_names,
    state,
    store,
)
from yishi.errors import EXIT_USAGE

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


def handle_errors(func: F) -> F:
    """Run a command; whatever it raises becomes an exit code and (at most) a message on
    stderr through `yishi.errors.boundary` (`_base.failure`): the one mapping, never a
    traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, TyperException):
            raise  # typer's own exits and usage errors (worded by commands/_help.py)
        except (Exception, KeyboardInterrupt) as exc:
            raise typer.Exit(failure(exc)) from None

    return wrapper  # type: ignore[return-value]


__all__ = [
    "handle_errors",
    "failure",
    "meeting_rules",
    "records_dir",
    "store",
    "command_line",
    "split_names",
    "count_or_names",
    "RecordsOpt",
    "EXIT_USAGE",
    "state",
    "_quote",
]
