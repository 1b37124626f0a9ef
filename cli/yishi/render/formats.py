"""The registry of output formats: md, html, docx, pdf.

What differs between formats lives here once -- the -o suffixes that choose one, the
packaged template's file name, whether the bytes may go to stdout, whether the template is
a Word file, escaping, and the function that turns a context into bytes -- so commands and
the core ask the registry (`get("docx").word`) instead of testing `fmt == "docx"`.
Adding a format is one `Format(...)` entry and its producer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yishi.errors import InputError

# (ctx, template path, sandboxed jinja environment) -> bytes
Producer = Callable[[dict[str, Any], Path, Any], bytes]


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # an -o path ending so chooses this format
    word: bool  # rendered from a Word (.docx) template
    needs_output: str  # catalog key when there is no -o ('' = may go to stdout)
    produce: Producer
    soffice: bool = False  # needs LibreOffice

    @property
    def autoescape(self) -> bool:
        """HTML and Word XML are escaped; Markdown is plain text."""
        return self.name != "md"

    def template_file(self, stem: str) -> str:
        """The packaged template of `stem` (minutes, record, notice, signin) in this format."""
        return f"{stem}.docx" if self.word else f"{stem}.{self.name}.j2"

    def fits(self, template: Path) -> bool:
        """Whether a user's template file can produce this format."""
        return self.word == template.name.lower().endswith(".docx")


def _text(ctx: dict[str, Any], path: Path, env: Any) -> bytes:
    from yishi.render.engine import render_text
    from yishi.resources import templates_dir

    if path.parent == templates_dir():
        return render_text(env, (path.name, None), ctx).encode("utf-8")
    from yishi.sandbox import read_template

    return render_text(env, (path.name, read_template(path)), ctx).encode("utf-8")


def _docx(ctx: dict[str, Any], path: Path, env: Any) -> bytes:
    from yishi.render.docx import render_docx

    return render_docx(env, path, ctx)


def _pdf(ctx: dict[str, Any], path: Path, env: Any) -> bytes:
    from yishi.pdf import docx_to_pdf

    return docx_to_pdf(_docx(ctx, path, env), ctx)


REGISTRY: dict[str, Format] = {
    f.name: f
    for f in (
        Format("md", (".md", ".markdown"), word=False, needs_output="", produce=_text),
        Format("html", (".html", ".htm"), word=False, needs_output="", produce=_text),
        Format(
            "docx", (".docx",), word=True, needs_output="render.docx_needs_output", produce=_docx
        ),
        Format(
            "pdf", (".pdf",), word=True, needs_output="pdf.needs_output", produce=_pdf, soffice=True
        ),
    )
}
FORMATS = tuple(REGISTRY)


def get(name: str) -> Format:
    """The format called `name`; exit 2 (cli.bad_format) for an unknown one."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise InputError("cli.bad_format", value=name, allowed=", ".join(FORMATS)) from None


def by_suffix(path: Path) -> str | None:
    """The format an output path's suffix names, or None."""
    suffix = path.suffix.lower()
    return next((f.name for f in REGISTRY.values() if suffix in f.suffixes), None)


def of_template(path: Path) -> str:
    """The format a user's template file name suggests (.docx, *.htm*, else md)."""
    lowered = path.name.lower()
    return "docx" if lowered.endswith(".docx") else "html" if ".htm" in lowered else "md"


def parse_list(values: list[str] | None, default: str = "md") -> list[str]:
    """`--format md,html --format docx` as a list of known format names, each once."""
    out: list[str] = []
    for value in values or [default]:
        for part in re.split(r"[,，\s]+", value):
            if not part:
                continue
            get(part)
            if part not in out:
                out.append(part)
    return out or [default]


__all__ = ["Format", "REGISTRY", "FORMATS", "get", "by_suffix", "of_template", "parse_list"]
