"""PDF through LibreOffice: the rendered Word file converted by `soffice --headless`.

LibreOffice is a real, widely deployed engine that lays out the same .docx the office
sends, so the PDF and the Word file agree. Before converting, each font role is resolved
against what is installed (`fc-list`): the Word file names the official fonts
(仿宋_GB2312, 黑体, 方正小标宋简体 …), which a Linux machine rarely has; the copy given to
LibreOffice names the first installed font of each chain (yishi.printing), with a bold
serif standing in for 小标宋. The user's Word file itself is left as rendered.

soffice runs with a private profile in a temporary directory (never the user's), and a
time limit. Without soffice: InputError naming what to install (exit 2).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from yishi.errors import InputError

TIMEOUT = 180  # seconds for one conversion
_profile_dir: str | None = None


def soffice() -> str | None:
    """The soffice executable: $YISHI_SOFFICE, else soffice/libreoffice on PATH."""
    wanted = os.environ.get("YISHI_SOFFICE", "").strip()
    if wanted:
        return wanted if Path(wanted).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def installed_fonts() -> frozenset[str]:
    """Family names fontconfig knows (empty if fc-list is missing)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return frozenset()
    try:
        out = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names = set()
    for line in out.splitlines():
        for name in line.split(","):
            if name.strip():
                names.add(name.strip())
    return frozenset(names)


def resolve_fonts(
    ctx: dict[str, Any], have: frozenset[str] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """(font in the Word file -> installed font, fonts whose runs are made bold)."""
    from yishi.printing import BOLD_STAND_INS, OFFICIAL, ROLES

    have = installed_fonts() if have is None else have
    fonts = ctx.get("fonts", {})
    chains = fonts.get("chains", {})
    mapping: dict[str, str] = {}
    bold: list[str] = []
    for role in ROLES:
        chain = chains.get(role) or [OFFICIAL[role]]
        named = fonts.get(role) or OFFICIAL[role]  # what the Word file says
        found = next((name for name in chain if name in have), None)
        if found is None or found == named:
            continue
        for name in {named, OFFICIAL[role]}:
            mapping[name] = found
        if role == "title" and found in BOLD_STAND_INS:
            bold += [named, OFFICIAL[role]]
    return mapping, tuple(dict.fromkeys(bold))


def _profile() -> str:
    """One private LibreOffice profile per process (created on first use, removed at
    exit): later conversions start faster, and the user's profile is never touched."""
    global _profile_dir
    if _profile_dir is None:
        _profile_dir = tempfile.mkdtemp(prefix="yishi-soffice-")
        atexit.register(shutil.rmtree, _profile_dir, True)
    return _profile_dir


def docx_to_pdf(docx: bytes, ctx: dict[str, Any]) -> bytes:
    """The PDF of a rendered .docx (fonts resolved per `ctx['fonts']`)."""
    from yishi.printing import finish_docx

    exe = soffice()
    if exe is None:
        raise InputError("pdf.no_soffice")
    mapping, bold = resolve_fonts(ctx)
    if mapping or bold:
        docx = finish_docx(docx, None, mapping, bold)
    profile = _profile()
    with tempfile.TemporaryDirectory(prefix="yishi-pdf-") as tmp:
        source = Path(tmp) / "minutes.docx"
        source.write_bytes(docx)
        env = {
            k: v
            for k, v in os.environ.items()
            if k in ("PATH", "LANG", "LC_ALL", "FONTCONFIG_FILE", "TZ")
        }
        env["HOME"] = profile
        command = [
            exe,
            f"-env:UserInstallation={Path(profile, 'lo').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                env=env,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise InputError("pdf.timeout", seconds=TIMEOUT) from None
        except OSError as exc:
            raise InputError("pdf.failed", error=str(exc)) from None
        target = source.with_suffix(".pdf")
        if done.returncode != 0 or not target.is_file():
            error = (done.stderr or done.stdout or f"exit {done.returncode}").strip()
            raise InputError(
                "pdf.failed",
                error=error.splitlines()[-1][:300] if error else f"exit {done.returncode}",
            )
        return target.read_bytes()


__all__ = ["docx_to_pdf", "soffice", "installed_fonts", "resolve_fonts", "TIMEOUT"]
