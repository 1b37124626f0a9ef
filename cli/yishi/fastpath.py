"""The fast path of a one-shot recording command: `yishi attend 张伟` without typer.

typer 0.29 imports pydantic for its parameter conversion (~60 ms) and click (~20 ms) on
every command, four times the work of the command itself. The commands a secretary types
during a meeting have simple forms, so this module parses exactly those forms and calls the
same functions the typer commands call (yishi.commands.recording), through the same error
boundary (`_base.failure`).

It answers only a command line it understands completely: root `--lang zh|en` and
`--records DIR` before the command, the command's own arguments and options (`--opt V`,
`--opt=V`, `-o V`, flags), integers written as plain digits. Anything else: `--help` or
`-h`, an unknown option or command, a missing or extra argument, a value that begins with
`-`, a number out of range or in another spelling, `--`, an invalid `YISHI_LANG`, a command
line that is not valid UTF-8, shell completion: `parse` returns None and typer runs the
command as before, so help, completion and usage errors stay typer's. tests/test_fastpath.py
runs command lines through both paths and compares output, exit code and record bytes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

# an argument: (parameter, kind, arity); kind "str" | "int"; arity "1" (required),
# "?" (optional: left to the function's default) or "+" (one or more, a list)
Arg = tuple[str, str, str]
# an option: (parameter, kind, multiple, required); kind "str" | "int" | "int1" (>= 1) |
# "flag" (True when given) | "on"/"off" (a --x/--y pair: True/False)
Opt = tuple[str, str, bool, bool]

_RECORDS: dict[str, Opt] = {"--records": ("records", "path", False, False)}


def _opts(*specs: tuple[tuple[str, ...], Opt]) -> dict[str, Opt]:
    out = dict(_RECORDS)
    for names, opt in specs:
        out.update(dict.fromkeys(names, opt))
    return out


def _s(name: str, *, multiple: bool = False, required: bool = False) -> Opt:
    return (name, "str", multiple, required)


# command -> (function in yishi.commands.recording, or MODULE.function of yishi.commands,
# arguments, options); the same forms as the typer declarations (a test compares them)
COMMANDS: dict[str, tuple[str, list[Arg], dict[str, Opt]]] = {
    "attend": (
        "attend",
        [("members", "str", "+")],
        _opts((("--from-item",), ("from_item", "int1", False, False))),
    ),
    "leave": (
        "leave",
        [("member", "str", "1")],
        _opts((("--reason", "-r"), _s("reason")), (("--opinion",), _s("opinion"))),
    ),
    "absent": (
        "absent",
        [("members", "str", "+")],
        _opts((("--reason", "-r"), _s("reason")), (("--opinion",), _s("opinion"))),
    ),
    "depart": (
        "depart",
        [("member", "str", "1")],
        _opts((("--after",), ("after", "int", False, True))),
    ),
    "guest": (
        "guest",
        [("name", "str", "1")],
        _opts((("--role",), _s("role")), (("--item", "-i"), ("item", "int1", True, False))),
    ),
    "chair": (
        "chair",
        [("member", "str", "1")],
        _opts((("--from-item",), ("from_item", "int1", False, True))),
    ),
    "brief": (
        "brief",
        [("member", "str", "1")],
        _opts((("--by",), _s("by")), (("--date",), _s("date")), (("--text",), _s("text"))),
    ),
    "item add": (
        "item_add",
        [("title", "str", "1")],
        _opts(
            (("--kind", "-k"), _s("kind")),
            (("--area",), _s("area")),
            (("--amount",), _s("amount")),
            (("--presenter",), _s("presenter")),
            (("--candidate",), _s("candidate", multiple=True)),
            (("--ad-hoc",), ("ad_hoc", "flag", False, False)),
            (("--materials-sent",), _s("materials_sent")),
            (("--notified",), _s("notified", multiple=True)),
            (("--confidential",), ("confidential", "on", False, False)),
            (("--public",), ("confidential", "off", False, False)),
            (("--category",), _s("category")),
            (("--reconsiders",), _s("reconsiders")),
            (("--by",), _s("by")),
            (("--submitted",), _s("submitted")),
            (("--done",), _s("done", multiple=True)),
            (("--materials",), _s("materials")),
        ),
    ),
    "recuse": (
        "recuse",
        [("member", "str", "1")],
        _opts((("--item", "-i"), ("item", "int", False, True)), (("--reason", "-r"), _s("reason"))),
    ),
    "opinion": (
        "opinion",
        [("item", "int", "1"), ("member", "str", "1"), ("position", "str", "?")],
        _opts((("--candidate", "-c"), _s("candidate")), (("--text",), _s("text"))),
    ),
    "vote": (
        "vote",
        [("items", "str", "1")],
        _opts(
            (("--method", "-m"), _s("method", required=True)),
            (("--candidate", "-c"), _s("candidate")),
            (("--yes",), _s("yes", multiple=True)),
            (("--no",), _s("no", multiple=True)),
            (("--abstain",), _s("abstain", multiple=True)),
        ),
    ),
    "decide": (
        "decide",
        [("item", "int", "1"), ("text", "str", "?")],
        _opts(
            (("--candidate", "-c"), _s("candidate")),
            (("--rejected",), ("rejected", "flag", False, False)),
            (("--defer",), ("defer", "flag", False, False)),
            (("--replace",), ("replace", "flag", False, False)),
        ),
    ),
    "reconsider": (
        "reconsider",
        [("item", "int", "1")],
        _opts(
            (("--yes",), _s("yes", multiple=True, required=True)),
            (("--candidate", "-c"), _s("candidate")),
        ),
    ),
    "notified": (
        "notified",
        [("org", "str", "1")],
        _opts((("--item", "-i"), ("item", "int", False, False))),
    ),
    "set": (
        "set_facts",
        [],
        _opts(
            *(
                ((f"--{name.replace('_', '-')}",), _s(name))
                for name in ("time", "place", "title", "recorder", "chair", "notice_sent")
            )
        ),
    ),
    "undo": ("undo", [], _opts()),
    "close": ("close", [], _opts()),
    # not a recording command, but a year's run is worth starting without typer too
    "batch": (
        "batching.batch",
        [],
        _opts(
            (("--year",), ("year", "int", False, True)),
            (("--output", "-o"), ("output", "path", False, True)),
            (("--body",), _s("body")),
            (("--format", "-f"), _s("format", multiple=True)),
            (("--issue-date",), _s("issue_date")),
            (("--template", "-t"), _s("template")),
            (("--copy",), _s("copy")),
            (("--jobs", "-j"), ("jobs", "int", False, False)),
            (("--force",), ("force", "flag", False, False)),
            (("--strict",), ("strict", "flag", False, False)),
            (("--cache",), ("cache", "on", False, False)),
            (("--no-cache",), ("cache", "off", False, False)),
        ),
    ),
}

_DIGITS = re.compile(r"[0-9]{1,18}")
_ROOT_OPTIONS = ("--lang", "--records")


def parse(argv: list[str]) -> tuple[str | None, str | None, str, dict[str, Any]] | None:
    """(lang, root --records, function, keyword arguments) for a command line the fast path
    answers in full, else None (typer answers it)."""
    env_lang = os.environ.get("YISHI_LANG")
    if env_lang and env_lang not in ("zh", "en"):
        return None  # typer's root says so (exit 2)
    if "_YISHI_COMPLETE" in os.environ:
        return None
    try:
        for arg in argv:
            arg.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in argv (surrogate escapes)
        return None
    root: dict[str, str] = {}
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        name, eq, value = argv[index].partition("=")
        if name not in _ROOT_OPTIONS:
            return None  # --help, --version, an unknown option
        if not eq:
            if index + 1 >= len(argv):
                return None
            index += 1
            value = argv[index]
        if not value or value.startswith("-"):
            return None
        root[name] = value
        index += 1
    lang = root.get("--lang")
    if lang is not None and lang not in ("zh", "en"):
        return None
    rest = argv[index:]
    if not rest:
        return None
    name = rest[0]
    if name == "item":
        if len(rest) < 2 or rest[1] != "add":
            return None
        name, rest = "item add", rest[2:]
    else:
        rest = rest[1:]
    spec = COMMANDS.get(name)
    if spec is None:
        return None
    function, arguments, options = spec
    kwargs = _command(rest, arguments, options)
    if kwargs is None:
        return None
    return lang, root.get("--records"), function, kwargs


def _value(kind: str, text: str) -> Any:
    """The typed value of an argument or option, or None when typer should judge it."""
    if kind in ("str", "path"):
        if kind == "path" and not text:
            return None
        return text
    if not _DIGITS.fullmatch(text):
        return None  # "+5", "5.0", "５", "-1": typer's conversion decides
    number = int(text)
    if kind == "int1" and number < 1:
        return None
    return number


def _command(
    words: list[str], arguments: list[Arg], options: dict[str, Opt]
) -> dict[str, Any] | None:
    kwargs: dict[str, Any] = {}
    positional: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-") or word == "-":
            if word == "-":
                return None
            positional.append(word)
            continue
        name, eq, text = word.partition("=")
        if name not in options or (eq and not name.startswith("--")):
            return None  # --help, -h, --, an unknown option, -x=V
        param, kind, multiple, _required = options[name]
        if kind in ("flag", "on", "off"):
            if eq:
                return None  # a flag takes no value: typer's usage error
            kwargs[param] = kind != "off"
            continue
        if not eq:
            if index >= len(words):
                return None  # needs a value: typer's usage error
            text = words[index]
            index += 1
        if text.startswith("-") and text != "-" or text == "-":
            return None
        value = _value(kind, text)
        if value is None:
            return None
        if kind == "path":
            value = Path(value)
        if multiple:
            kwargs.setdefault(param, []).append(value)
        else:
            kwargs[param] = value
    for param, _kind, _multiple, required in set(options.values()):
        if required and param not in kwargs:
            return None
    for param, kind, arity in arguments:
        if arity == "+":
            if not positional:
                return None
            kwargs[param] = [_value(kind, p) for p in positional]
            if None in kwargs[param]:
                return None
            positional = []
        elif positional:
            value = _value(kind, positional.pop(0))
            if value is None:
                return None
            kwargs[param] = value
        elif arity == "1":
            return None  # a missing argument: typer's usage error
    if positional:
        return None  # extra arguments: typer's usage error
    return kwargs


def run(argv: list[str]) -> int | None:
    """Run a recording command without typer; its exit code, or None: not answered here."""
    parsed = parse(argv)
    if parsed is None:
        return None
    lang, records, function, kwargs = parsed
    import importlib

    from yishi.commands import _base
    from yishi.i18n import set_lang

    # what the root callback does (yishi.app): language, records directory
    set_lang(lang)
    _base.state["lang_given"] = lang is not None
    env_records = os.environ.get("YISHI_RECORDS")
    given = records if records is not None else env_records or None
    _base.state["records"] = Path(given) if given is not None else None
    module, _, name = function.rpartition(".")
    try:
        call = getattr(importlib.import_module(f"yishi.commands.{module or 'recording'}"), name)
        call(**kwargs)
    except (Exception, KeyboardInterrupt) as exc:
        code = _base.failure(exc)
        if code is None:
            raise
        return code
    return 0
