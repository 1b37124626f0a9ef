"""The template sandbox and the text formats (Markdown, HTML).

Every template -- the packaged ones and a user's -- runs in a sandbox:
`ImmutableSandboxedEnvironment` with `StrictUndefined`, autoescape for HTML and Word XML,
guards on `*`/`**`, on huge string methods and widths, an output cap and a wall-clock
limit (SIGALRM in the main thread). Whatever goes wrong in a template becomes a
`TemplateFailure` (exit 2) and nothing is written. jinja2 is imported inside the
functions that need it, so recording commands stay fast.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import threading
from collections.abc import Iterator
from typing import Any

from yishi.errors import TemplateFailure
from yishi.render.template_data import METHOD_WORDS, OUTCOME_WORDS, POSITION_WORDS, names, sentence
from yishi.zh import cn_date, cn_number

MAX_OUTPUT = 20 * 1024 * 1024  # characters a template may produce (= sandbox.MAX_OUTPUT)


class _Timeout(Exception):
    pass


def _timeout() -> float:
    from yishi.sandbox import timeout

    return timeout()


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Timeout after `seconds` of wall-clock time (main thread only; elsewhere the
    output cap and the loop limits still apply)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@functools.cache
def environment(autoescape: bool, search: tuple[str, ...]) -> Any:
    """A sandboxed environment (cached: packaged templates compile once per process);
    the guards live in yishi.sandbox."""
    from jinja2 import FileSystemLoader, StrictUndefined

    from yishi.sandbox import harden, sandbox_class

    env = harden(
        sandbox_class()(
            loader=FileSystemLoader(list(search)),
            undefined=StrictUndefined,
            autoescape=autoescape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
    )
    env.filters.update(cndate=cn_date, cnnum=cn_number, sentence=sentence, names=names)
    env.globals.update(
        method_words=METHOD_WORDS, position_words=POSITION_WORDS, outcome_words=OUTCOME_WORDS
    )
    return env


def _fail(exc: BaseException, name: str) -> TemplateFailure:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    if isinstance(exc, TemplateSyntaxError):
        return TemplateFailure(
            "template.syntax",
            name=exc.filename or name,
            line=exc.lineno,
            error=exc.message or str(exc),
        )
    if isinstance(exc, SecurityError):
        return TemplateFailure("template.unsafe", name=name, error=str(exc))
    if isinstance(exc, UndefinedError):
        return TemplateFailure("template.undefined", name=name, error=exc.message or str(exc))
    if isinstance(exc, TemplateNotFound):
        return TemplateFailure("template.not_found", name=name, error=str(exc))
    if isinstance(exc, _Timeout):
        return TemplateFailure("template.timeout", name=name, seconds=_timeout())
    if isinstance(exc, OverflowError | MemoryError | RecursionError):
        return TemplateFailure("template.too_big", name=name, error=str(exc) or type(exc).__name__)
    return TemplateFailure("template.failed", name=name, error=f"{type(exc).__name__}: {exc}")


class _TooLarge(Exception):
    pass


def render_text(env: Any, source: tuple[str, str | None], ctx: dict[str, Any]) -> str:
    name, text = source
    with _time_limit(_timeout()):
        template = env.get_template(name) if text is None else env.from_string(text)
        out: list[str] = []
        size = 0
        for chunk in template.generate(ctx):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _TooLarge()
            out.append(chunk)
    return "".join(out)


__all__ = ["environment", "render_text", "MAX_OUTPUT"]
