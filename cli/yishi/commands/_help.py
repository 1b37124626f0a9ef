"""`--help` and usage errors in Chinese and English.

The command modules write English help in place (typer's `help=`, docstrings); this layer
is applied when the click command tree is built (`YishiGroup`, the root's class): every
command's help, usage line and usage errors are drawn here, in the chosen language, from
`yishi.catalog.help` (falling back to the English written in the command). click's and
typer's own strings (Usage:, Options, No such command, Missing option ...) are translated
too: their messages are matched against a table and rewritten from the catalog.

The language: `--lang zh|en` (anything else exits 2), else YISHI_LANG, else the locale
(see `yishi.i18n.detect_lang`).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from typer import _click as click
from typer.core import TyperGroup
from typer.exceptions import Abort

from yishi.i18n import LANGS, current_lang, set_lang, t

_ROOT = "yishi"


# ---------------------------------------------------------------- catalog lookups


def _catalog() -> Any:
    from yishi.catalog import help as catalog

    return catalog


def path_of(ctx: Any) -> list[str]:
    """The command path below the root: [] for yishi, ['item', 'add'] for yishi item add."""
    names: list[str] = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return names[::-1]


def key_of(path: Sequence[str]) -> str:
    return ".".join(path) if path else _ROOT


def lookup(table: dict[str, Any], path: Sequence[str], name: str | None = None) -> Any:
    key = key_of(path)
    if name is None:
        return table.get(key)
    return table.get(f"{key}.{name}", table.get(f"*.{name}"))


def _pick(entry: tuple[str, str] | None, lang: str, fallback: str) -> str:
    if entry is None:
        return fallback
    return entry[0] if lang == "zh" else entry[1]


def command_help(cmd: Any, path: Sequence[str], lang: str) -> str:
    written = (cmd.help or "").strip()
    return _pick(lookup(_catalog().HELP, path), lang, " ".join(written.split()))


def param_help(param: Any, path: Sequence[str], lang: str) -> str:
    if param.name == "help":
        return _pick(_catalog().HELP["*.help"], lang, "")
    written = " ".join((getattr(param, "help", None) or "").split())
    return _pick(lookup(_catalog().HELP, path, param.name), lang, written)


def metavar(param: Any, path: Sequence[str]) -> str:
    given = lookup(_catalog().METAVARS, path, param.name) or param.metavar
    if given:
        return str(given)
    name = (param.name or "value").upper()
    if param.param_type_name == "argument" and param.nargs != 1:
        name += "..."
    return name


def is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False))


def option_names(param: Any) -> str:
    opts = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    text = ", ".join(opts)
    if getattr(param, "secondary_opts", None):
        text += " / " + ", ".join(param.secondary_opts)
    return text


def _extras(param: Any, lang: str) -> list[str]:
    out = []
    if param.required:
        out.append(t("help.required", lang))
    elif param.param_type_name == "option" and not is_flag(param) and param.name != "help":
        default = param.default
        if isinstance(default, str | int) and not isinstance(default, bool) and default != "":
            out.append(t("help.default", lang, value=default))
    if param.param_type_name == "option" and param.multiple:
        out.append(t("help.repeatable", lang))
    envvar = getattr(param, "envvar", None)
    if envvar and param.param_type_name == "option" and getattr(param, "show_envvar", False):
        out.append(t("help.env", lang, name=envvar))
    return out


def visible_params(cmd: Any, ctx: Any) -> list[Any]:
    return [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False)]


def usage_line(cmd: Any, ctx: Any, lang: str) -> str:
    pieces = [ctx.command_path or _ROOT]
    if any(p.param_type_name == "option" for p in visible_params(cmd, ctx)):
        pieces.append(t("help.options_word", lang))
    for param in cmd.params:
        if param.param_type_name == "argument":
            name = metavar(param, path_of(ctx))
            pieces.append(name if param.required else f"[{name}]")
    if hasattr(cmd, "commands"):
        pieces.append(t("help.command_word", lang))
    return t("help.usage", lang) + ("" if lang == "zh" else " ") + " ".join(pieces)


# ---------------------------------------------------------------- layout


def width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        import shutil

        columns = shutil.get_terminal_size((80, 24)).columns
    return max(40, min(columns, 100))


def cell_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = (
    r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef](?:[，。、；：）》”’！？])?"
    r"|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+"
)


_CLOSING = "，。、；：）》”’！？)]"


def wrap(text: str, room: int) -> list[str]:
    """Greedy wrapping by display width: CJK text breaks between characters, other text
    at spaces (a word longer than the line stays whole)."""
    lines: list[str] = []
    line = ""
    tokens: list[str] = []
    for token in re.findall(_TOKEN, text):
        if tokens and token[0] in _CLOSING and not tokens[-1].isspace():
            tokens[-1] += token  # never start a line with a closing mark
        else:
            tokens.append(token)
    for token in tokens:
        if token.isspace():
            if line:
                line += " "
            continue
        if line and cell_width(line + token) > room:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _rows(rows: list[tuple[str, str]], total: int) -> Iterator[str]:
    first = min(max((cell_width(a) for a, _ in rows), default=0), 30)
    room = max(total - first - 4, 20)
    for left, right in rows:
        text = wrap(right, room)
        if cell_width(left) > first:
            yield "  " + left
            yield from ("  " + " " * first + "  " + part for part in text if part)
            continue
        pad = " " * (first - cell_width(left))
        yield f"  {left}{pad}  {text[0]}".rstrip()
        yield from ("  " + " " * first + "  " + part for part in text[1:])


def help_text(cmd: Any, ctx: Any, lang: str) -> str:
    path = path_of(ctx)
    total = width()
    out = [usage_line(cmd, ctx, lang), ""]
    out += ["  " + line for line in wrap(command_help(cmd, path, lang), total - 2)]
    params = visible_params(cmd, ctx)
    arguments = [
        (
            metavar(p, path),
            " ".join(
                [param_help(p, path, lang)]
                + [f"[{'; '.join(_extras(p, lang))}]"] * bool(_extras(p, lang))
            ),
        )
        for p in params
        if p.param_type_name == "argument"
    ]
    options = []
    for p in params:
        if p.param_type_name != "option":
            continue
        left = option_names(p) + ("" if is_flag(p) else " " + metavar(p, path))
        extras = _extras(p, lang)
        right = param_help(p, path, lang) + (f"  [{'; '.join(extras)}]" if extras else "")
        options.append((left, right.strip()))
    for title, rows in (("help.arguments", arguments), ("help.options", options)):
        if rows:
            out += ["", t(title, lang) + ("：" if lang == "zh" else ":")]
            out += list(_rows(rows, total))
    commands = getattr(cmd, "commands", None)
    if commands:
        rows = [
            (name, command_help(sub, [*path, name], lang))
            for name, sub in commands.items()
            if not sub.hidden
        ]
        out += ["", t("help.commands", lang) + ("：" if lang == "zh" else ":")]
        out += list(_rows(rows, total))
    examples = lookup(_catalog().EXAMPLES, path)
    if examples:
        out += ["", t("help.examples", lang) + ("：" if lang == "zh" else ":")]
        out += ["  " + line for line in examples]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the tree


def _format_help(self: Any, ctx: Any, formatter: Any) -> None:
    formatter.write(help_text(self, ctx, current_lang()))


def _format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    formatter.write(usage_line(self, ctx, current_lang()) + "\n")


def _short_help(self: Any, limit: int = 45) -> str:
    return " ".join((self.help or "").split())  # never cut (click cuts at 45 columns)


_METHODS = {
    "format_help": _format_help,
    "format_usage": _format_usage,
    "get_short_help_str": _short_help,
    "_yishi_localised": True,
}
_CLASSES: dict[type, type] = {}


def localise(cmd: Any) -> None:
    """Give `cmd` and every command under it this module's help (by class, once)."""
    cls = type(cmd)
    if not getattr(cls, "_yishi_localised", False):
        if cls not in _CLASSES:
            _CLASSES[cls] = type(cls.__name__, (cls,), dict(_METHODS))
        cmd.__class__ = _CLASSES[cls]
    for sub in getattr(cmd, "commands", {}).values():
        localise(sub)


def lang_in(args: Sequence[str]) -> str | None:
    """The value of a root `--lang` (before the command name), or None."""
    for index, arg in enumerate(args):
        if arg == "--lang":
            return args[index + 1] if index + 1 < len(args) else None
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--records":
            continue
        if not arg.startswith("-") and (index == 0 or args[index - 1] != "--records"):
            return None
    return None


def _bad_lang(value: str, lang: str, key: str = "lang.bad") -> int:
    sys.stderr.write(t("help.error", lang) + t(key, lang, value=value) + "\n")
    return 2


class YishiGroup(TyperGroup):
    """The root command: localises the tree it holds and maps usage errors to the catalog."""

    _yishi_localised = True
    format_help = _format_help
    format_usage = _format_usage
    get_short_help_str = _short_help

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        localise(self)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        code = self.run(list(sys.argv[1:] if args is None else args), prog_name or _ROOT, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def run(self, args: list[str], prog_name: str, **extra: Any) -> int:
        given = lang_in(args)
        env = os.environ.get("YISHI_LANG", "")
        if given is not None and given not in LANGS:
            return _bad_lang(given, current_lang())
        if given is None and env and env not in LANGS:
            return _bad_lang(env, "en", "lang.bad_env")
        if given is not None:
            set_lang(given)
        try:
            result = TyperGroup.main(self, args, prog_name, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            sys.stderr.write(help_text(exc.ctx.command, exc.ctx, current_lang()))
            return 2
        except click.exceptions.UsageError as exc:
            show_usage_error(exc, current_lang())
            return exc.exit_code
        except click.exceptions.ClickException as exc:
            sys.stderr.write(
                t("help.error", current_lang())
                + translate(exc.format_message(), current_lang())
                + "\n"
            )
            return exc.exit_code
        except Abort:
            sys.stderr.write(t("help.aborted", current_lang()) + "\n")
            return 1
        except Exception as exc:  # outside any command (a callback): the same boundary
            from yishi.errors import boundary

            code, text = boundary(exc, current_lang())
            if text:
                sys.stderr.write(text + "\n")
            return code
        return result if isinstance(result, int) else 0


def show_usage_error(exc: Any, lang: str) -> None:
    lines = []
    if exc.ctx is not None:
        lines.append(usage_line(exc.ctx.command, exc.ctx, lang))
        lines.append(t("help.try", lang, command=exc.ctx.command_path))
        lines.append("")
    lines.append(t("help.error", lang) + translate(exc.format_message(), lang))
    sys.stderr.write("\n".join(lines) + "\n")


# click's and typer's messages -> catalog keys (for Chinese; English stays click's own)
_ERROR_PATTERNS = [
    (r"No such command '(?P<name>.+?)'\.(?: Did you mean (?P<suggest>.+)\?)?", "usage.no_command"),
    (
        r"No such option: (?P<name>\S+?)\.?(?: \(Possible options: (?P<possible>.+)\))?"
        r"(?: Did you mean (?P<suggest>.+)\?)?",
        "usage.no_option",
    ),
    (r"Missing option (?P<name>.+?)\.(?: .*)?", "usage.missing_option"),
    (r"Missing argument (?P<name>.+?)\.(?: .*)?", "usage.missing_argument"),
    (r"Missing command\.", "usage.missing_command"),
    (r"Option (?P<name>'.+?') requires an argument\.", "usage.needs_value"),
    (r"Option (?P<name>'.+?') requires (?P<count>\d+) arguments\.", "usage.needs_values"),
    (r"Option (?P<name>'.+?') does not take a value\.", "usage.no_value"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", "usage.extra"),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", "usage.extra"),
    (r"Invalid value for (?P<name>.+?): (?P<detail>.+)", "usage.invalid"),
]
_DETAIL_PATTERNS = [
    (r"Input should be a valid integer.*", "usage.not_int"),
    (r"Value (?P<value>.+?) is not a valid (?P<kind>\w+)\.?", "usage.not_value"),
    (r"'?(?P<value>.*?)'? is not one of (?P<choices>.+?)\.?", "usage.not_one_of"),
]


@functools.cache
def _compiled(which: str) -> list[tuple[re.Pattern[str], str]]:
    table = _ERROR_PATTERNS if which == "errors" else _DETAIL_PATTERNS
    return [(re.compile(pattern, re.S), key) for pattern, key in table]


def translate(message: str, lang: str) -> str:
    """click's message in `lang`: English is click's own text, unchanged."""
    if lang != "zh":
        return message
    for pattern, key in _compiled("errors"):
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        params = {k: v or "" for k, v in match.groupdict().items()}
        if key == "usage.invalid":
            params["detail"] = _detail(params["detail"], lang)
        text = t(key, lang, **{k: v for k, v in params.items() if k not in ("suggest", "possible")})
        space = "" if lang == "zh" else " "
        if params.get("possible"):
            text += space + t("usage.possible", lang, names=params["possible"])
        if params.get("suggest"):
            text += space + t("usage.did_you_mean", lang, names=params["suggest"])
        return text
    return message


def translate_shlex(message: str, lang: str | None = None) -> str:
    """shlex's errors of a shell line (No closing quotation, No escaped character)."""
    key = {
        "No closing quotation": "usage.no_closing_quotation",
        "No escaped character": "usage.no_escaped",
    }.get(message.strip())
    return t(key, lang or current_lang()) if key else message


def _detail(detail: str, lang: str) -> str:
    for pattern, key in _compiled("details"):
        match = pattern.fullmatch(detail.strip())
        if match is not None:
            return t(key, lang, **match.groupdict())
    return detail


# ---------------------------------------------------------------- the reference page


def walk(cmd: Any, ctx: Any) -> Iterator[tuple[Any, Any]]:
    """(command, context) for `cmd` and every command under it, in help order."""
    yield cmd, ctx
    for name, sub in getattr(cmd, "commands", {}).items():
        if not sub.hidden:
            yield from walk(sub, click.Context(sub, info_name=name, parent=ctx))


def reference(root: Any) -> str:
    """docs/commands.md: every command and option, in Chinese and English."""
    lines = [
        "# yishi commands / 命令参考",
        "",
        "<!-- generated by `make docs` from the app (yishi.commands._help.reference); "
        "do not edit -->",
        "",
        "Every command with its options, in English and Chinese (`--lang zh|en`, or the "
        "locale). 每个命令及其选项，中英文对照。",
        "",
    ]
    top = click.Context(root, info_name=_ROOT)
    for cmd, ctx in walk(root, top):
        path = path_of(ctx)
        title = "yishi " + " ".join(path) if path else "yishi"
        lines += [f"## {title}", ""]
        for lang in ("en", "zh"):
            lines += [f"**{lang}** — {command_help(cmd, path, lang)}", ""]
        lines += ["```", usage_line(cmd, ctx, "en"), "```", ""]
        params = [p for p in visible_params(cmd, ctx) if p.name != "help"]
        if params:
            lines += ["| | English | 中文 |", "| --- | --- | --- |"]
            for p in params:
                if p.param_type_name == "argument":
                    left = metavar(p, path)
                else:
                    left = option_names(p) + ("" if is_flag(p) else " " + metavar(p, path))
                cells = []
                for lang in ("en", "zh"):
                    extras = _extras(p, lang)
                    cells.append(
                        (
                            param_help(p, path, lang)
                            + (f" [{'; '.join(extras)}]" if extras else "")
                        ).replace("|", "\\|")
                    )
                left = left.replace("|", "\\|")
                lines.append(f"| `{left}` | {cells[0]} | {cells[1]} |")
            lines.append("")
        examples = lookup(_catalog().EXAMPLES, path)
        if examples:
            lines += ["```sh", *examples, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:  # `python -m yishi.commands._help` (make docs)
    import typer

    from yishi.app import app

    sys.stdout.write(reference(typer.main.get_command(app)))


if __name__ == "__main__":
    main()
