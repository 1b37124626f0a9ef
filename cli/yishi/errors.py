"""One exception hierarchy for the core, and the one boundary that maps every exception
to an exit code and the text a user sees (`boundary`).

Errors are data: a message key into the zh/en catalog plus parameters, so the core never
decides on a language or a terminal. A command that has printed its report and only has
an exit code left raises `Failed`. Anything else that escapes a command is a bug: one line
says so and where the crash report (the traceback) went; no traceback reaches a user.
"""

from __future__ import annotations

from typing import Any

from yishi.message import Keyed

EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # the check (or rules check) found problems
EXIT_USAGE = 2  # bad usage or bad input: nothing was written
# a bug in yishi: SPEC §2 allows 0, 1 and 2 only, so it is 2 like a refusal (nothing is
# written past a crash), told apart by its one line naming the crash report
EXIT_INTERNAL = 2
EXIT_INTERRUPTED = 130  # Ctrl-C


class YishiError(Keyed, Exception):
    """Base of every error yishi reports to a user: a message (key + params)."""

    exit_code = EXIT_USAGE
    prefixed = True  # the boundary leads the message with 错误： / error:

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # for logs and tests
        return self.message("en")


class InputError(YishiError):
    """The user typed something we refuse (unknown member, bad number, ...)."""


class StateError(YishiError):
    """The command does not fit the meeting's state (closed, issued, no current meeting)."""


class RecordError(YishiError):
    """A record file on disk is damaged or cannot be read; it is never overwritten."""


class RulesError(YishiError):
    """A rules file cannot be used; carries the problems found in it."""

    def __init__(self, path: str, problems: list[Any]) -> None:
        super().__init__("rules.invalid", path=path, count=len(problems))
        self.path = path
        self.problems = problems

    def message(self, lang: str) -> str:
        """The summary, then each problem as `rules check` prints it: FILE:LINE:COL: CODE."""
        lines = [super().message(lang)]
        for p in self.problems:
            if hasattr(p, "line"):  # located in a file
                lines.append(f"{p.file}:{p.line}:{p.col}: {p.code} {p.text(lang)}")
            else:  # a rules snapshot inside a record: no file position
                from yishi.i18n import t

                lines.append(f"{p.code} {t(p.key, lang, **p.params)}")
        return "\n".join(lines)


class ConcurrentUpdate(YishiError):
    """Another process changed the record since we read it."""


class TemplateFailure(YishiError):
    """A user template failed: unsafe access, undefined variable, syntax error."""


class Failed(YishiError):
    """The command has printed why (a check report, what is overdue): only its exit code
    is left, 1 unless said otherwise."""

    prefixed = False

    def __init__(self, exit_code: int = EXIT_CHECK_FAILED, key: str = "", /, **params: Any) -> None:
        super().__init__(key, **params)
        self.exit_code = exit_code

    def message(self, lang: str) -> str:
        return super().message(lang) if self.key else ""


# ---------------------------------------------------------------------------- the boundary


def boundary(exc: BaseException, lang: str) -> tuple[int, str]:
    """The exit code for `exc` and what stderr says ("" for nothing): the one mapping of
    every command (commands/_common.handle_errors and the root group use it)."""
    from yishi.i18n import t

    prefix = t("error.prefix", lang)
    if isinstance(exc, YishiError):
        text = exc.message(lang)
        return exc.exit_code, (prefix + text if text and exc.prefixed else text)
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED, ""
    if isinstance(exc, BrokenPipeError):
        # the reader went away (`yishi rules check ... | head`): stop quietly, as click
        # does for the same case (exit 1), not "the system refused a path"
        return EXIT_CHECK_FAILED, ""
    if isinstance(exc, OSError) or (isinstance(exc, ValueError) and "null byte" in str(exc)):
        # a path the system refuses (too long, a loop, a NUL byte) where no command
        # expected one: a message, never a traceback; every write is atomic, so nothing
        # half-written is left
        return EXIT_USAGE, prefix + t("os.failed", lang, error=os_error(exc))
    what = (str(exc).strip().splitlines() or [""])[0][:200]
    error = f"{type(exc).__name__}: {what}" if what else type(exc).__name__
    report = crash_report(exc)
    if report is None:
        return EXIT_INTERNAL, prefix + t("internal.error_unsaved", lang, error=error)
    return EXIT_INTERNAL, prefix + t("internal.error", lang, error=error, report=report)


def os_error(exc: BaseException) -> str:
    """An OSError as `path: reason` (a long path shortened)."""
    if isinstance(exc, OSError):
        name = str(exc.filename or "")
        name = name if len(name) <= 120 else name[:60] + "…" + name[-40:]
        return f"{name}: {exc.strerror or exc}" if name else str(exc.strerror or exc)
    return str(exc)


def crash_report(exc: BaseException) -> str | None:
    """Write the traceback of a bug, with the version and command line, to a new file in
    the temporary directory; its path, or None when it could not be written."""
    import os
    import platform
    import sys
    import tempfile
    import traceback

    from yishi import __version__

    text = "".join(
        [
            f"yishi {__version__}, Python {platform.python_version()}, {platform.platform()}\n",
            "command: " + " ".join(sys.argv) + "\n\n",
            *traceback.format_exception(exc),
        ]
    )
    try:
        fd, path = tempfile.mkstemp(prefix="yishi-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as out:
            out.write(text)
    except OSError:
        return None
    return path
