"""`yishi rules check` and `yishi rules schema`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yishi.commands._common import handle_errors
from yishi.errors import EXIT_CHECK_FAILED, EXIT_USAGE, InputError
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn

app = typer.Typer(help="Rule files: check them (CI) and print their JSON Schema.",
                  no_args_is_help=True)


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a directory stands for the *.toml files below it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.toml")))
        else:
            files.append(path)
    return files


@app.command("check")
@handle_errors
def check(
    files: Annotated[list[Path], typer.Argument(help="Rule files or directories of them.")],
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="text | json | github")] = "text",
) -> None:
    """Validate rule files: FILE:LINE:COL: CODE message for every problem."""
    import json

    from yishi.rules import check_file

    if format not in ("text", "json", "github"):
        warn(msg("cli.bad_format", value=format, allowed="text, json, github"))
        raise typer.Exit(EXIT_USAGE)
    expanded = _expand(files)
    missing = [p for p in expanded if not p.exists()]
    if missing:
        for path in missing:
            warn(msg("rules.file_missing", path=str(path)))
        raise typer.Exit(EXIT_USAGE)
    lang = current_lang()
    problems = []
    for path in expanded:
        problems.extend(check_file(path)[1])
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if format == "json":
        say(json.dumps({
            "ok": not problems, "files": len(expanded),
            "problems": [{"file": p.file, "line": p.line, "col": p.col, "code": p.code,
                          "severity": p.severity, "message": p.message(lang)}
                         for p in problems],
        }, ensure_ascii=False, indent=2))
    elif format == "github":
        for p in problems:
            level = "error" if p.severity == "error" else "warning"
            text = p.message(lang).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            say(f"::{level} file={p.file},line={p.line},col={p.col},title={p.code}::{text}")
    else:
        for p in problems:
            tag = "" if p.severity == "error" else (" (警告)" if lang == "zh" else " (warning)")
            say(f"{p.file}:{p.line}:{p.col}: {p.code} {p.message(lang)}{tag}")
        if problems:
            warn(msg("rules.summary", files=len(expanded), errors=errors, warnings=warnings))
        else:
            warn(msg("rules.ok", files=len(expanded)))
    if problems:
        raise typer.Exit(EXIT_CHECK_FAILED)


@app.command("schema")
@handle_errors
def schema() -> None:
    """Print the JSON Schema of rule files (for editors: `#:schema` in taplo, and CI)."""
    import json

    from yishi.rules import json_schema

    say(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command("samples")
@handle_errors
def samples(
    copy: Annotated[Path | None, typer.Option("--copy", help="Copy them into this directory.")]
    = None,
) -> None:
    """List the sample rules files shipped with yishi (one per seed body), or copy them."""
    import shutil

    from yishi.resources import sample_configs

    for path in sample_configs():
        if copy is None:
            say(str(path))
            continue
        copy.mkdir(parents=True, exist_ok=True)
        target = copy / path.name
        if target.is_symlink():
            raise InputError("render.symlink", path=str(target))
        shutil.copyfile(path, target)
        say(str(target))
