"""One exception hierarchy for the core; the CLI boundary maps it to exit codes.

Errors are data: a message key into the zh/en catalog plus parameters, so the core never
decides on a language or a terminal.
"""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # the check (or rules check) found problems
EXIT_USAGE = 2  # bad usage or bad input: nothing was written


class YishiError(Exception):
    """Base of every error yishi reports to a user."""

    exit_code = EXIT_USAGE

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        from yishi.i18n import t

        return t(self.key, lang, **self.params)

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
