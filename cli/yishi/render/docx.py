"""Word (.docx) output: a Word template rendered with docxtpl, zipped reproducibly."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from yishi.render.engine import _time_limit, _timeout


def render_docx(env: Any, path: Path, ctx: dict[str, Any]) -> bytes:
    """A Word template rendered with `ctx` (autoescaped), then finished: document
    properties, language, and the body's own fonts in place of the official names."""
    from yishi.printing import OFFICIAL, finish_docx

    fonts = ctx.get("fonts", {})
    wanted = {
        OFFICIAL[role]: fonts[role]
        for role in OFFICIAL
        if isinstance(fonts.get(role), str) and fonts[role] != OFFICIAL[role]
    }
    from yishi.resources import templates_dir

    if path.parent != templates_dir():  # a user's template: docxtpl, always
        return finish_docx(_docxtpl(env, path, ctx), ctx, wanted)
    from yishi.render import docx_fast

    def slow() -> tuple[bytes, bytes]:
        first = _docxtpl(env, path, ctx)
        return first, finish_docx(first, ctx, wanted)

    return docx_fast.render(env, path, ctx, wanted, slow)


def _docxtpl(env: Any, path: Path, ctx: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    with _time_limit(_timeout()):
        document = DocxTemplate(str(path))
        document.render(ctx, jinja_env=env, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    return stable_zip(buffer.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The same .docx with fixed zip timestamps, so re-rendering gives identical bytes."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


__all__ = ["render_docx", "stable_zip"]
