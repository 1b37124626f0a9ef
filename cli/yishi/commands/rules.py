"""`yishi rules check | schema | samples | show | diff | new`: thin wiring over the core
modules rules, rules_doc, rules_prose, rules_diff, rules_new and sarif."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yishi.commands._common import RecordsOpt, handle_errors
from yishi.errors import EXIT_CHECK_FAILED, EXIT_USAGE, Failed, InputError
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn

if TYPE_CHECKING:
    from yishi.rules_new import NewBody

app = typer.Typer(
    help="Rule files: check them (CI), read them as 议事规则 prose, compare two "
    "versions (修订对照表), start one from a sample; their JSON Schema.",
    no_args_is_help=True,
)


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
    format: Annotated[
        str, typer.Option("--format", "-f", help="text | json | github | sarif")
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail the check too (exit 1).")
    ] = False,
) -> None:
    """Validate rule files: FILE:LINE:COL: CODE key.path: message for every problem.

    Exit 1 on any error (syntax and encoding included), 0 with only warnings (1 with
    --strict), 2 for usage errors or a missing file."""
    import json

    from yishi.rules import check_file

    if format not in ("text", "json", "github", "sarif"):
        warn(msg("cli.bad_format", value=format, allowed="text, json, github, sarif"))
        raise Failed(EXIT_USAGE)
    expanded = _expand(files)
    # a file named on the command line must exist; a broken link found in a directory is
    # one more problem of that file (check_file reports it)
    missing = [p for p in files if not p.exists() and not p.is_symlink()]
    if missing:
        for path in missing:
            warn(msg("rules.file_missing", path=str(path)))
        raise Failed(EXIT_USAGE)
    lang = current_lang()
    problems = []
    for path in expanded:
        problems.extend(check_file(path)[1])
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    failed = bool(errors or (strict and warnings))
    if format == "json":
        say(
            json.dumps(
                {
                    "ok": not failed,
                    "files": len(expanded),
                    "errors": errors,
                    "warnings": warnings,
                    "problems": [
                        {
                            "file": p.file,
                            "line": p.line,
                            "col": p.col,
                            "code": p.code,
                            "severity": p.severity,
                            "path": p.path,
                            "message": p.text(lang),
                        }
                        for p in problems
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif format == "sarif":
        from yishi import __version__
        from yishi.sarif import sarif_log

        say(json.dumps(sarif_log(problems, lang, __version__), ensure_ascii=False, indent=2))
    elif format == "github":
        for p in problems:
            level = "error" if p.severity == "error" else "warning"
            text = _gh_data(p.text(lang))
            where = f"file={_gh_property(p.file)},line={p.line},col={p.col}"
            say(f"::{level} {where},title={_gh_property(p.code)}::{text}")
    else:
        for p in problems:
            tag = "" if p.severity == "error" else (" (警告)" if lang == "zh" else " (warning)")
            say(f"{p.file}:{p.line}:{p.col}: {p.code} {p.text(lang)}{tag}")
        if problems:
            warn(msg("rules.summary", files=len(expanded), errors=errors, warnings=warnings))
        else:
            warn(msg("rules.ok", files=len(expanded)))
    if failed:
        raise Failed(EXIT_CHECK_FAILED)


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
    copy: Annotated[
        Path | None, typer.Option("--copy", help="Copy them into this directory.")
    ] = None,
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


def _emit(data: str | bytes, output: Path | None) -> None:
    """Text or bytes to `output` (atomically), or to stdout; binary never to a terminal."""
    import sys

    if output is None:
        if isinstance(data, bytes):
            if sys.stdout.isatty():
                raise InputError("rulesdoc.binary_tty")
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    from yishi.store import atomic_write

    if output.is_symlink():
        raise InputError("render.symlink", path=str(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(output, data if isinstance(data, bytes) else data.encode("utf-8"), durable=False)
    warn(msg("rulesdoc.written", path=str(output)))


def _check_choice(value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        warn(msg("cli.bad_format", value=value, allowed=", ".join(allowed)))
        raise Failed(EXIT_USAGE)


@app.command("show")
@handle_errors
def show(
    file: Annotated[str, typer.Argument(help="A rules file (or REV:PATH from git).")],
    format: Annotated[str, typer.Option("--format", "-f", help="md | html | docx")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """The rules as Chinese 议事规则 prose (议事范围, 会议组织, 议事程序, 表决, 纪要), each
    sentence citing the article its key comes from, to compare with the official text."""
    from yishi.rules_doc import load_spec
    from yishi.rules_prose import build_prose, render_docx, render_text

    _check_choice(format, ("md", "html", "docx"))
    prose = build_prose(load_spec(file))
    _emit(render_docx(prose) if format == "docx" else render_text(prose, format), output)


@app.command("diff")
@handle_errors
def diff(
    old: Annotated[str, typer.Argument(help="The old rules: a file, or REV:PATH from git.")],
    new: Annotated[str | None, typer.Argument(help="The new rules file (or REV:PATH).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text | md | json | docx")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    record: Annotated[
        str | None,
        typer.Option("--record", help="Compare FILE with the rules this meeting was held under."),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """What changed in meaning between two versions of a rules file (修订对照表): exit 0
    same, 1 different, 2 bad input. Comments, layout and key order are no change."""
    import json

    from yishi.rules_diff import diff as semantic_diff
    from yishi.rules_diff import to_docx, to_json, to_markdown, to_text
    from yishi.rules_doc import load_snapshot, load_spec

    _check_choice(format, ("text", "md", "json", "docx"))
    if record is not None:
        if new is not None:
            raise InputError("rulesdoc.diff_args")
        from yishi.commands._common import store

        s = store(records)
        meeting_id = s.resolve_id(record)
        before = load_snapshot(s.read(meeting_id)["rules"], f"record:{meeting_id}")
        after = load_spec(old)
    else:
        if new is None:
            raise InputError("rulesdoc.diff_args")
        before, after = load_spec(old), load_spec(new)
    changes = semantic_diff(before, after)
    if format == "json":
        _emit(
            json.dumps(to_json(changes, before.name, after.name), ensure_ascii=False, indent=2),
            output,
        )
    elif format == "md":
        _emit(to_markdown(changes, before.name, after.name), output)
    elif format == "docx":
        _emit(to_docx(changes, before.name, after.name), output)
    elif changes or output is not None:
        _emit(to_text(changes), output)
    warn(msg("rulesdoc.changed", count=len(changes)) if changes else msg("rulesdoc.same"))
    if changes:
        raise Failed(EXIT_CHECK_FAILED)


@app.command("new")
@handle_errors
def new(
    output: Annotated[Path, typer.Option("--output", "-o", help="The rules file to create.")],
    sample: Annotated[
        str | None,
        typer.Option("--from", help="A sample (see `yishi rules samples`): name or path."),
    ] = None,
    body_id: Annotated[str | None, typer.Option("--id", help="Body id (ascii slug).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Body name.")] = None,
    short: Annotated[str | None, typer.Option("--short", help="Short name.")] = None,
    member: Annotated[
        list[str] | None,
        typer.Option(
            "--member", help='A member "id:姓名:rank:role,role" (repeat; replaces the sample\'s).'
        ),
    ] = None,
    type_ids: Annotated[
        list[str] | None,
        typer.Option("--type", help="A meeting type of the sample to keep (repeat; default all)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE.")] = False,
) -> None:
    """Start a body's rules from a sample. Asks for what no option gave when stdin is a
    terminal; otherwise asks nothing and keeps the sample's values. The file is written
    only if it passes `rules check`."""
    from yishi.rules_new import (
        NewBody,
        checked,
        find_sample,
        new_rules_text,
        parse_member,
        sample_types,
    )

    if (output.exists() or output.is_symlink()) and not force:
        raise InputError("rulesnew.exists", path=str(output))
    source = find_sample(sample)
    wanted = NewBody(
        body_id, name, short, [parse_member(m) for m in member or []], list(type_ids or [])
    )
    if _interactive():
        _ask(wanted, source, sample_types(source.read_text(encoding="utf-8")))
    text = new_rules_text(source, wanted)
    errors = checked(text)
    if errors:
        lang = current_lang()
        listing = "\n".join(
            f"{output}:{p.line}:{p.col}: {p.code} {p.text(lang)}" for p in errors[:20]
        )
        raise InputError("rulesnew.invalid", problems=listing)
    _emit(text, output)
    from yishi import toml_read

    data = toml_read.loads(text)
    say(
        msg(
            "rulesnew.done",
            sample=source.stem,
            path=str(output),
            members=len(data.get("members", [])),
            types=", ".join(data.get("meeting_types", {})),
        )
    )


def _interactive() -> bool:
    """Ask only a person at a terminal; a script (stdin not a terminal) is never asked."""
    import sys

    return sys.stdin.isatty()


def _ask(wanted: NewBody, source: Path, types: list[str]) -> None:
    """Prompt for what no option gave (only on a terminal)."""
    from yishi import toml_read
    from yishi.rules_new import parse_member

    body = toml_read.loads(source.read_text(encoding="utf-8")).get("body", {})
    if wanted.id is None:
        wanted.id = typer.prompt(msg("rulesnew.ask_id"), default=body.get("id"))
    if wanted.name is None:
        wanted.name = typer.prompt(msg("rulesnew.ask_name"), default=body.get("name"))
    if wanted.short is None:
        wanted.short = typer.prompt(msg("rulesnew.ask_short"), default=body.get("short"))
    if not wanted.members:
        warn(msg("rulesnew.ask_members"))
        while True:
            line = typer.prompt(msg("rulesnew.ask_member"), default="", show_default=False)
            if not line.strip():
                break
            try:
                wanted.members.append(parse_member(line))
            except InputError as exc:
                warn(exc.message(current_lang()))
    if not wanted.types:
        answer = typer.prompt(
            msg("rulesnew.ask_types", known=", ".join(types)), default=",".join(types)
        )
        wanted.types = [t.strip() for t in answer.replace("，", ",").split(",") if t.strip()]


def _gh_data(text: str) -> str:
    """A GitHub workflow command's message, escaped as the runner's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """A property value (file=, title=): also ':' and ',' escaped, so a file name holding
    them stays one property."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
