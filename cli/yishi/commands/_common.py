"""The one boundary where core errors become messages and exit codes."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from yishi.errors import EXIT_USAGE, YishiError
from yishi.i18n import current_lang
from yishi.ui import warn

F = TypeVar("F", bound=Callable[..., Any])


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

    return wrapper  # type: ignore[return-value]


def records_dir(option: Path | None) -> Path:
    if option is not None:
        return option
    return Path(os.environ.get("YISHI_RECORDS") or "records")


__all__ = ["handle_errors", "records_dir", "EXIT_USAGE"]
