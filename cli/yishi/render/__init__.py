"""Minutes (会议纪要) and records (会议记录) from a meeting and its check report.

The package is split along the format registry (`yishi.render.formats`):

- `context`  -- the template API: a replayed meeting and its check report as plain data
- `engine`   -- the jinja sandbox and the text formats (md, html)
- `docx`     -- Word output (docxtpl, reproducible zip, finishing); pdf is the docx through
  LibreOffice (`yishi.pdf`)
- `formats`  -- one `Format` per output format: suffixes, template file, stdout or -o,
  producer

This module is the API the commands use: `resolve` a template and format, `render_context`
a prepared context, `write_output` atomically. jinja2 and docxtpl are imported only inside
the functions that need them, so recording commands stay fast.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yishi.errors import InputError, TemplateFailure
from yishi.render.formats import FORMATS
from yishi.render.formats import get as format_of

if TYPE_CHECKING:
    from yishi import record as rec
    from yishi.render.docx import stable_zip
    from yishi.render.engine import MAX_OUTPUT, environment
    from yishi.render.template_data import (
        METHOD_WORDS,
        OUTCOME_WORDS,
        POSITION_WORDS,
        _clean,
        _may_hold_control,
        _period,
        _time_text,
        context,
        meeting_name,
        names,
        sentence,
        strip_control,
    )
    from yishi.zh import cn_date, cn_number

# where the names of the template API live: imported when first asked for, so that what
# only resolves and writes files (a batch re-run from its cache) does not load the
# context's modules (fractions, decimal, the jinja sandbox's signal handling: ~6 ms)
_LAZY = {
    **dict.fromkeys(
        (
            "METHOD_WORDS",
            "OUTCOME_WORDS",
            "POSITION_WORDS",
            "_clean",
            "_may_hold_control",
            "_period",
            "_time_text",
            "context",
            "meeting_name",
            "names",
            "sentence",
            "strip_control",
        ),
        "yishi.render.template_data",
    ),
    "stable_zip": "yishi.render.docx",
    "MAX_OUTPUT": "yishi.render.engine",
    "environment": "yishi.render.engine",
    "cn_date": "yishi.zh",
    "cn_number": "yishi.zh",
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'yishi.render' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


COPIES = ("full", "distribution")  # the copies of minutes: in full, or for distribution
BUILTIN = ("minutes", "record")


def resolve(template: str, fmt: str | None, output: Path | None = None) -> tuple[Path, str]:
    """The template file and the format for `--template` and `--format` (and -o's suffix)."""
    from yishi.render.formats import by_suffix, of_template
    from yishi.resources import templates_dir

    if fmt is None and output is not None:
        fmt = by_suffix(output)
    if template in BUILTIN:
        spec = format_of(fmt or "md")
        return templates_dir() / spec.template_file(template), spec.name
    from yishi.safeio import is_regular

    path = Path(template)
    if not is_regular(path):
        raise InputError("render.no_template", path=template, builtin=", ".join(BUILTIN))
    spec = format_of(fmt or of_template(path))
    if not spec.fits(path):
        if spec.soffice:
            raise InputError("pdf.user_template")
        raise InputError("render.format_mismatch", path=template, format=spec.name)
    return path, spec.name


def render_context(ctx: dict[str, Any], path: Path, fmt: str) -> bytes:
    """Render one template file with a prepared context; TemplateFailure on any problem.
    A user's template runs in a child process under hard limits (yishi.sandbox)."""
    from yishi.resources import templates_dir

    if path.parent != templates_dir():
        from yishi import sandbox

        if format_of(fmt).word:
            sandbox.check_docx(path)
        return sandbox.isolated(lambda: _render_in_process(ctx, path, fmt), path.name, fmt)
    return _render_in_process(ctx, path, fmt)


def _render_in_process(ctx: dict[str, Any], path: Path, fmt: str) -> bytes:
    from yishi.printing import banji
    from yishi.render.engine import MAX_OUTPUT, _fail, _TooLarge, environment
    from yishi.resources import templates_dir

    spec = format_of(fmt)
    ctx = {**ctx, **banji(ctx)}  # here: after every key (the seal's digest too) is in
    builtin = templates_dir()
    search = (str(path.parent),) if path.parent == builtin else (str(path.parent), str(builtin))
    env = environment(spec.autoescape, search)
    try:
        return spec.produce(ctx, path, env)
    except (InputError, TemplateFailure):
        raise
    except _TooLarge:
        raise TemplateFailure("template.too_large", name=path.name, limit=MAX_OUTPUT) from None
    except BaseException as exc:  # noqa: BLE001 - a template must never crash yishi
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise _fail(exc, path.name) from None


def render(
    meeting: rec.Meeting,
    report: Any,
    *,
    template: str = "minutes",
    fmt: str | None = None,
    copy: str = "full",
    issued_at: str = "",
    output: Path | None = None,
) -> tuple[bytes, str]:
    """The rendered document (bytes) and its format."""
    from yishi.render.template_data import context

    path, fmt = resolve(template, fmt, output)
    ctx = context(meeting, report, copy=copy, issued_at=issued_at)
    return render_context(ctx, path, fmt), fmt


def _writable(path: Path | str) -> None:
    """Refuse to write over a symlink (never followed) or anything but a regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError("render.write_failed", path=str(path), error=exc.strerror) from None
    import stat

    if stat.S_ISLNK(info.st_mode):
        raise InputError("render.symlink", path=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise InputError("render.not_a_file", path=str(path))


def place_output(tmp: Path, path: Path) -> None:
    """Rename a file written beside `path` (yishi.store.write_temp) into its place, as
    write_output would have written it; the temporary file is removed if that fails."""
    try:
        _writable(path)
        os.replace(tmp, path)
    except (InputError, OSError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, InputError):
            raise
        raise InputError("render.write_failed", path=str(path), error=exc.strerror) from None


def write_output(path: Path | str, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` atomically. An existing symlink at `path` is never followed
    (refused), nor is a directory replaced."""
    _writable(path)
    from yishi.errors import RecordError
    from yishi.store import atomic_write

    try:
        atomic_write(path, data, durable=durable)
    except RecordError as exc:
        raise InputError("render.write_failed", **exc.params) from None


__all__ = [
    "context",
    "render",
    "render_context",
    "resolve",
    "write_output",
    "environment",
    "MAX_OUTPUT",
    "cn_date",
    "cn_number",
    "sentence",
    "meeting_name",
    "stable_zip",
    "strip_control",
    "names",
    "format_of",
    "FORMATS",
    "BUILTIN",
    "COPIES",
    "METHOD_WORDS",
    "OUTCOME_WORDS",
    "POSITION_WORDS",
    "_clean",
    "_may_hold_control",
    "_period",
    "_time_text",
]
