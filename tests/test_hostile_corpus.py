"""The hostile-input corpus of issue 18: rules files, records, templates, paths, amounts
and dates, generated deterministically (fixed seeds, so the same cases every run).

Every case runs yishi in-process and asserts: exit code 0, 1 or 2; no "Traceback"; on a
refusal (exit 2) nothing written (the records directory and any output byte-identical);
the case within a time and a memory bound (generous: they catch a hang or a runaway, not
a slow machine). `make test` runs a fixed sample (every SAMPLE-th case); `make fuzz`
(`YISHI_CORPUS=all`) runs every case.
"""

from __future__ import annotations

import copy
import os
import random
import resource
import shutil
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.helpers import EIGHT, ROOT, Cli, hold_meeting, key_paths

FULL = os.environ.get("YISHI_CORPUS") == "all"
SAMPLE = 20  # make test runs case 0, 12, 24, ... of each kind
CASE_SECONDS = 60  # a hang or a runaway, not a slow machine
CASE_MEMORY = 2 * 1024**3  # bytes, high-water mark of this process and its children


@dataclass
class Case:
    kind: str
    name: str
    # (work dir, records dir) -> list of commands; may write files first
    setup: Callable[[Path, Path], list[list[str]]]
    env: dict[str, str] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()  # paths (relative to the work dir) that must not appear


# ---------------------------------------------------------------------------- bases

_BASES: dict[str, Path] = {}


def base_records(tmp_root: Path, state: str) -> Path:
    """A records dir holding one full meeting (open, closed or issued), built once."""
    if state not in _BASES:
        records = tmp_root / f"base-{state}" / "records"
        with pytest.MonkeyPatch.context() as mp:  # built at collection: no autouse fixture
            mp.setenv("YISHI_NOW", "2024-03-05T10:00:00+08:00")
            mp.setenv("XDG_CONFIG_HOME", str(tmp_root / "config"))
            mp.setenv("LANG", "C.UTF-8")
            mp.setenv("NO_COLOR", "1")
            for var in (
                "LC_ALL",
                "LC_MESSAGES",
                "LANGUAGE",
                "YISHI_LANG",
                "YISHI_MEETING",
                "YISHI_RECORDS",
            ):
                mp.delenv(var, raising=False)
            cli = Cli(records)
            hold_meeting(cli, close=state != "open")
            if state == "issued":
                assert cli("issue").exit_code == 0
        _BASES[state] = records
    return _BASES[state]


def _record_doc(records: Path) -> tuple[str, dict[str, Any]]:
    (path,) = [p for p in records.glob("*.toml") if not p.name.startswith(".")]
    return path.stem, tomllib.loads(path.read_text(encoding="utf-8"))


SWAPS: list[Any] = [
    1,
    -1,
    0,
    2**63 - 1,
    True,
    False,
    "x",
    "",
    "长" * 300,
    1.5,
    [],
    [1],
    ["x"],
    {},
    {"a": 1},
    "2024-13-45",
    "../../etc",
    "\u202e",
]


def _swaps_for(value: Any, rng: random.Random, count: int) -> list[Any]:
    pool = [s for s in SWAPS if type(s) is not type(value) or s != value]
    return rng.sample(pool, min(count, len(pool)))


def _set(doc: Any, path: tuple, value: Any) -> Any:
    out = copy.deepcopy(doc)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


def _delete(doc: Any, path: tuple) -> Any:
    out = copy.deepcopy(doc)
    target = out
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return out


JUNK = [
    '"',
    "'",
    "[",
    "]]",
    "=",
    "\n",
    "{",
    "}",
    ",",
    "\\",
    "\x00",
    "\x7f",
    "1e400",
    "9" * 400,
    "[[log]]\n",
    "[meeting]\n",
    'extends = "x.toml"\n',
    "\ufeff",
    "长" * 50,
    "= [",
    "inf",
    "nan",
    "-0",
    "0x1F",
    "1979-05-27T07:32:00Z",
    '"""',
    "#",
    "\r\n",
]


def _text_mutations(text: str, rng: random.Random, count: int) -> Iterator[str]:
    for _ in range(count):
        a = rng.randrange(len(text))
        b = min(len(text), a + rng.choice([1, 3, 10, 100, 1000]))
        choice = rng.randrange(4)
        if choice == 0:
            yield text[:a] + text[b:]
        elif choice == 1:
            yield text[:a] + rng.choice(JUNK) + text[a:]
        elif choice == 2:
            yield text[:b] + text[a:b] * rng.choice([2, 50]) + text[b:]
        else:
            yield text[:a]


# ---------------------------------------------------------------------------- rules


def rules_cases() -> list[Case]:
    rng = random.Random(1801)
    text = EIGHT.read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    variants: list[tuple[str, bytes]] = []
    for path in key_paths(doc):
        value = doc
        for key in path:
            value = value[key]
        name = ".".join(map(str, path))
        for swap in _swaps_for(value, rng, 2):
            try:
                variants.append(
                    (f"{name}={swap!r}"[:80], tomli_w.dumps(_set(doc, path, swap)).encode())
                )
            except (TypeError, ValueError):
                continue
        if rng.random() < 0.3:
            variants.append((f"del {name}"[:80], tomli_w.dumps(_delete(doc, path)).encode()))
    for index, mutated in enumerate(_text_mutations(text, rng, 250)):
        variants.append((f"text#{index}", mutated.encode("utf-8", "surrogatepass")))
    for index in range(20):
        variants.append(
            (
                f"bytes#{index}",
                bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 10, 1000]))),
            )
        )

    def make(data: bytes) -> Callable[[Path, Path], list[list[str]]]:
        def setup(work: Path, records: Path) -> list[list[str]]:
            rules = work / "rules.toml"
            rules.write_bytes(data)
            return [
                ["rules", "check", str(rules)],
                ["open", str(rules), "--type", "party_group", "--date", "2024-03-05"],
            ]

        return setup

    return [Case("rules", name, make(data)) for name, data in variants]


# ---------------------------------------------------------------------------- records

RECORD_COMMANDS = [
    ["status"],
    ["render"],
    ["check"],
    ["attend", "zhang"],
    ["list"],
    ["verify"],
    ["undo"],
    ["item", "list"],
    ["render", "--format", "html"],
    ["report", "--year", "2024"],
    ["close"],
    ["decide", "2", "同意"],
    ["render", "--template", "record"],
    ["verify", "--all"],
]


def records_cases(tmp_root: Path) -> list[Case]:
    rng = random.Random(1802)
    out: list[Case] = []
    for state in ("closed", "open", "issued"):
        base = base_records(tmp_root, state)
        meeting_id, doc = _record_doc(base)
        paths = [p for p in key_paths(doc) if p[0] in ("meeting", "log", "seal", "format")]
        picked = rng.sample(paths, min(len(paths), 100 if state == "closed" else 50))
        for path in picked:
            value = doc
            for key in path:
                value = value[key]
            for swap in _swaps_for(value, rng, 2 if state == "closed" else 1):

                def data(doc=doc, path=path, swap=swap) -> bytes:  # built when it runs
                    return tomli_w.dumps(_set(doc, path, swap)).encode()

                out.append(
                    _record_case(
                        state, ".".join(map(str, path)) + f"={swap!r}", base, meeting_id, data, rng
                    )
                )
        raw = (base / f"{meeting_id}.toml").read_text(encoding="utf-8")
        for index, mutated in enumerate(_text_mutations(raw, rng, 60 if state == "closed" else 30)):
            out.append(
                _record_case(
                    state,
                    f"text#{index}",
                    base,
                    meeting_id,
                    lambda m=mutated: m.encode("utf-8", "surrogatepass"),
                    rng,
                )
            )
    return out


def _record_case(
    state: str,
    name: str,
    base: Path,
    meeting_id: str,
    data: Callable[[], bytes],
    rng: random.Random,
) -> Case:
    commands = rng.sample(RECORD_COMMANDS, 2)

    def setup(work: Path, records: Path) -> list[list[str]]:
        shutil.copytree(base, records)
        (records / f"{meeting_id}.toml").write_bytes(data())
        return commands

    return Case("records", f"{state}:{name}"[:90], setup)


# ---------------------------------------------------------------------------- templates

SIZES = ["1", "10", "1000", "100000", "1000000", "999999999"]
VALUES = [
    '"x"',
    '"长"',
    '"a b\\tc\\nd"',
    "items",
    "present",
    "[1, 2, 3]",
    "range(10)",
    '"x" * {k}',
    "[1] * {k}",
    '"\\n" * {k}',
    '"\\t" * {k}',
    "meeting.title",
    "[[1] * {k}] * {k}",
    "namespace(a=1)",
    "text.present",
]
OPS = [
    "{v} ~ {v}",
    "{v} + {v}",
    "{v} * {k}",
    '"-".join({v})',
    '{v}|join(",")',
    '({v})|string|replace("x", "y" * {k})',
    '"{{:{{w}}}}".format({v}, w={k})',
    '"{{:{{w}}}}".format({v}, w="{k}")',
    '"%{k}s" % ({v},)',
    '"%.*f" % ({k}, 1.0)',
    "({v})|string|center({k})",
    "({v})|string|indent({k})",
    "({v})|list|sum(start=[])",
    "[{v}] * {k}|sum(start=[])",
    "({v})|string|wordwrap({k})",
    "({v})|string|truncate({k})",
    "({v})|list|slice({k})|list",
    "({v})|list|batch({k})|list",
    "({v})|list|sort",
    "({v})|list|unique|list",
    "({v})|string|upper",
    "({v})|tojson",
    "({v})|pprint",
    "({v})|length",
    "({v})|list|first",
    '"%.{k}f"|format(1.5)',
    "({v}|string).ljust({k})",
    "({v}|string).zfill({k})",
    "({v}|string).expandtabs({k})",
    "{k} ** {k}",
    "range({k})|list|length",
    "({v}).__class__",
    "lipsum({k})",
    '"{{a:{{w}}}}".format_map({{"a": {v}, "w": "{k}"}})',
    "({v})|map('string')|list",
    "({v})|int",
    "({v})|float",
    "({v})|round",
    "({v})|filesizeformat",
    "({v})|urlize",
    "({v})|striptags",
    "({v})|title",
    "({v})|wordcount",
    "({v}|string).split()",
    '({v}|string).replace("", "{k}")',
    '({v}|string).translate({{120: "y" * {k}}})',
    "({v}|string)[::-1]",
    "({v})|string|reverse",
    "({v})|max",
    "({v})|dictsort",
    "({v}).items()",
    "({v})|selectattr('x')|list",
    "({v})|string|e",
    "({v})|safe",
]
SHAPES = [
    "{{{{ {e} }}}}",
    "{{% for i in range({k}) %}}{{{{ {e} }}}}{{% endfor %}}",
    "{{% set ns = namespace(s={v}) %}}{{% for i in range({k}) %}}"
    "{{% set ns.s = {e2} %}}{{% endfor %}}{{{{ ns.s|length }}}}",
    "{{% macro f(n) %}}{{{{ {e} }}}}{{{{ f(n + 1) }}}}{{% endmacro %}}{{{{ f(0) }}}}",
    "{{% for x in {v} %}}{{{{ x }}}}{{% endfor %}}{{{{ {e} }}}}",
]


def _expr(rng: random.Random, depth: int, v: str | None = None) -> str:
    value = v if v is not None else rng.choice(VALUES).format(k=rng.choice(SIZES[:4]))
    op = rng.choice(OPS)
    inner = f"({_expr(rng, depth - 1)})" if depth > 1 else value
    return op.format(v=inner, k=rng.choice(SIZES))


def template_cases() -> list[Case]:
    rng = random.Random(1803)
    out: list[Case] = []
    for index in range(420):
        shape = rng.choice(SHAPES)
        text = shape.format(
            e=_expr(rng, rng.choice([1, 1, 2])),
            e2=_expr(rng, 1, "ns.s"),
            v=rng.choice(VALUES).format(k="10"),
            k=rng.choice(SIZES[:4]),
        )
        fmt = rng.choice(["md", "html"])
        out.append(_template_case(f"t{index}:{text[:60]}", text.encode(), f"mine.{fmt}.j2"))
    for index in range(30):
        pad, cut = rng.choice([1, 1024, 70 * 1024 * 1024]), rng.random()
        out.append(
            _template_case(
                f"docx{index}", lambda i=index, p=pad, c=cut: _docx(i, p, c), "mine.docx"
            )
        )
    return out


def _docx(index: int, pad: int, cut_at: float) -> bytes:
    """A variant of the packaged .docx: padded (a zip bomb at 70 MB), with a hostile tag,
    or truncated / with a flipped byte."""
    import io

    source = (ROOT / "templates" / "minutes.docx").read_bytes()
    if True:
        buffer = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(source)) as src,
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "word/document.xml" and index % 3 == 1:
                    data = data.replace(b"{{", b"{{ 'x' * 999999999 ~ ", 1)
                dst.writestr(info, data)
            if index % 3 == 0:
                dst.writestr(f"word/media/pad{index}.bin", b"\0" * pad)
        data = buffer.getvalue()
        if index % 3 == 2:  # truncated or flipped bytes
            cut = int(cut_at * len(data))
            data = data[:cut] if index % 2 else data[:cut] + b"\xff" + data[cut + 1 :]
        return data


def _template_case(name: str, data: bytes | Callable[[], bytes], filename: str) -> Case:
    suffix = ".docx" if filename.endswith(".docx") else ".md"

    def setup(work: Path, records: Path) -> list[list[str]]:
        shutil.copytree(_BASES["issued"], records)
        (work / filename).write_bytes(data if isinstance(data, bytes) else data())
        return [["render", "--template", str(work / filename), "-o", str(work / f"out{suffix}")]]

    return Case(
        "templates", name, setup, env={"YISHI_TEMPLATE_TIMEOUT": "1"}, outputs=(f"out{suffix}",)
    )


# ---------------------------------------------------------------------------- paths


def _path_kinds() -> dict[str, Callable[[Path], Path]]:
    def make_file(work: Path) -> Path:
        (work / "a-file").write_text("x")
        return work / "a-file"

    def make_fifo(work: Path) -> Path:
        os.mkfifo(work / "a-fifo")
        return work / "a-fifo"

    def make_link(target: str) -> Callable[[Path], Path]:
        def build(work: Path) -> Path:
            (work / "a-link").symlink_to(target)
            return work / "a-link"

        return build

    def make_loop(work: Path) -> Path:
        (work / "loop").symlink_to("loop")
        return work / "loop"

    def make_dir(work: Path) -> Path:
        (work / "a-dir").mkdir()
        return work / "a-dir"

    return {
        "missing": lambda w: w / "missing" / "deeper",
        "file": make_file,
        "fifo": make_fifo,
        "dir": make_dir,
        "loop": make_loop,
        "dangling": make_link("nowhere"),
        "devnull": make_link("/dev/null"),
        "devzero": make_link("/dev/zero"),
        "long-name": lambda w: w / ("n" * 300),
        "long-path": lambda w: w / "/".join(["d" * 200] * 25),
        "unicode": lambda w: w / "会议 记录",
        "newline": lambda w: w / "a\nb",
        "dots": lambda w: w / ".." / ".." / "x",
    }


PATH_COMMANDS = [
    ["list"],
    ["open", str(EIGHT), "--type", "party_group", "--date", "2024-03-05"],
    ["status"],
    ["attend", "zhang"],
    ["verify", "--all"],
    ["report", "--year", "2024"],
    ["check", "--year", "2024"],
    ["use", "x"],
    ["issue"],
    ["undo"],
    ["close"],
]


def path_cases() -> list[Case]:
    out: list[Case] = []
    kinds = _path_kinds()
    for kind, build in kinds.items():
        for command in PATH_COMMANDS:  # --records names it

            def setup(work: Path, records: Path, build=build, command=command) -> list[list[str]]:
                target = build(work)
                return [["--records", str(target), *command]]

            out.append(Case("paths", f"records={kind}:{command[0]}", setup))
        for command in (
            ["render", "-o"],
            ["render", "--format", "docx", "-o"],
            ["report", "--year", "2024", "-o"],
            ["batch", "--year", "2024", "-o"],
            ["render", "--template"],
            ["rules", "check"],
        ):

            def setup(work: Path, records: Path, build=build, command=command) -> list[list[str]]:
                shutil.copytree(_BASES["issued"], records)
                return [[*command, str(build(work))]]

            out.append(Case("paths", f"{' '.join(command)} {kind}", setup))
    currents: list[tuple[str, bytes | Callable[[Path], Path]]] = [
        (repr(c[:8]), c)
        for c in (
            b"",
            b"\xff\xfe",
            b"x" * 5000,
            b"../x",
            b"a\x00b",
            "会议".encode() * 2000,
            b"\n\n",
            b"-",
        )
    ]
    currents += [(k, kinds[k]) for k in ("fifo", "devzero", "dangling", "dir", "loop")]
    for label, content in currents:  # records/.current holds it, or links to it

        def setup(work: Path, records: Path, content=content) -> list[list[str]]:
            shutil.copytree(_BASES["open"], records)
            (records / ".current").unlink()
            if isinstance(content, bytes):
                (records / ".current").write_bytes(content)
            else:
                (records / ".current").symlink_to(content(work))
            return [["status"], ["attend", "zhang"], ["list"]]

        out.append(Case("paths", f".current {label}", setup))
    return out


# ---------------------------------------------------------------------------- amounts


def amount_cases() -> list[Case]:
    rng = random.Random(1805)
    fixed = [
        "1e5000",
        "10^400/3",
        "1e400",
        "-1e5000",
        "nan",
        "inf",
        "-inf",
        "1/0",
        "1e-400",
        "9" * 5000,
        "0",
        "-0",
        "+800",
        "800",
        "８００",
        "٨٠٠",
        "18.6万",
        "1.2亿",
        "万",
        "亿亿",
        "186,000",
        "1,2,3",
        "1__0",
        "0x10",
        "1_000",
        "8.5万元",
        "元",
        "",
        " ",
        ".",
        "..",
        "1.2.3",
        "−800",
        "1e10000000",
        "1e100000000",
        "Infinity",
        "3/4",
        "0.000000001",
        "1" + "0" * 20 + "万",
        "1万万",
        "12345678901234567890.5",
        "\u200b800",
        "800\n",
        "١e3",
        "1e",
        "e1",
        "1.",
        ".5",
        "--1",
        "1e+5",
        "1E5",
    ]
    pieces = [
        "1",
        "9",
        "0",
        ".",
        ",",
        "e",
        "E",
        "-",
        "+",
        "/",
        "^",
        "万",
        "亿",
        "元",
        " ",
        "５",
        "x",
        "9" * 50,
    ]
    generated = [
        "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        for _ in range(200 - len(fixed))
    ]

    def make(amount: str, index: int) -> Case:
        def setup(work: Path, records: Path) -> list[list[str]]:
            shutil.copytree(_BASES["open"], records)
            follow = [["status"], ["render"], ["check"]][index % 3]
            return [["item", "add", "资金", "--kind", "general", "--amount", amount], follow]

        return Case("amounts", f"{index}:{amount[:40]!r}", setup)

    return [make(a, i) for i, a in enumerate(fixed + generated)]


# ---------------------------------------------------------------------------- dates


def date_cases() -> list[Case]:
    rng = random.Random(1806)
    dates = [
        "0001-01-01",
        "0001-01-02",
        "9999-12-31",
        "9999-12-30",
        "0000-01-01",
        "10000-01-01",
        "2024-02-29",
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-03-32",
        "",
        "x",
        "2024/03/05",
        " 2024-03-05",
        "2024-03-05T00:00",
        "+2024-03-05",
        "２０２４-０３-０５",
        "2024-3-5",
        "20240305",
        "1900-01-01",
        "2024-W10-1",
        "2024-065",
        "-0001-01-01",
        "2024-03-05\n",
    ]
    years = ["0", "1", "-1", "1899", "1900", "9999", "10000", "99999999999", "2024", "x"]
    out: list[Case] = []
    for index in range(200):
        date = dates[index % len(dates)] if index < 50 else rng.choice(dates)
        notice = rng.choice(dates)
        materials = rng.choice(dates)
        year = rng.choice(years)

        def setup(
            work: Path,
            records: Path,
            date=date,
            notice=notice,
            materials=materials,
            year=year,
            index=index,
        ) -> list[list[str]]:
            commands = [
                [
                    "open",
                    str(EIGHT),
                    "--type",
                    "party_group",
                    "--date",
                    date,
                    "--notice-sent",
                    notice,
                ]
            ]
            if index % 2:
                shutil.copytree(_BASES["open"], records)
                commands = [
                    ["item", "add", "x", "--kind", "general", "--materials-sent", materials],
                    ["set", "--notice-sent", notice],
                ]
            tail = [
                ["status"],
                ["report", "--year", year],
                ["check", "--year", year],
                ["list", "--year", year],
                ["batch", "--year", year, "-o", str(work / "out")],
            ][index % 5]
            return [*commands, tail]

        out.append(
            Case(
                "dates",
                f"{index}:{date!r}/{notice!r}/{year}",
                setup,
                outputs=() if index % 5 == 4 else ("out",),
            )
        )
    return out


# ---------------------------------------------------------------------------- run


def _corpus(tmp_root: Path) -> list[Case]:
    for state in ("open", "closed", "issued"):
        base_records(tmp_root, state)
    return (
        rules_cases()
        + records_cases(tmp_root)
        + template_cases()
        + path_cases()
        + amount_cases()
        + date_cases()
    )


_CORPUS_ROOT: list[Path] = []


def _root() -> Path:
    if not _CORPUS_ROOT:
        import atexit
        import tempfile

        _CORPUS_ROOT.append(Path(tempfile.mkdtemp(prefix="yishi-corpus-")))
        atexit.register(shutil.rmtree, _CORPUS_ROOT[0], True)
    return _CORPUS_ROOT[0]


def _cases() -> list[Case]:
    if not hasattr(_cases, "cache"):
        _cases.cache = _corpus(_root())  # type: ignore[attr-defined]
    return _cases.cache  # type: ignore[attr-defined]


def _selected() -> list[tuple[int, Case]]:
    cases = _cases()
    by_kind: dict[str, int] = {}
    out = []
    for index, case in enumerate(cases):
        seen = by_kind.get(case.kind, 0)
        by_kind[case.kind] = seen + 1
        if FULL or seen % SAMPLE == 0:
            out.append((index, case))
    return out


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        selected = _selected()
        metafunc.parametrize(
            "case", [c for _, c in selected], ids=[f"{c.kind}-{i}" for i, c in selected]
        )


def snapshot(root: Path) -> dict[str, bytes | str]:
    if not root.exists() and not root.is_symlink():
        return {}
    if not root.is_dir() or root.is_symlink():
        return {"": "special"}
    out: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.name.endswith(".lock"):
            continue
        if path.is_symlink() or not path.is_file():
            out[name] = "special"
        else:
            out[name] = path.read_bytes()
    return out


def test_corpus_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    work = tmp_path / "work"
    work.mkdir()
    records = tmp_path / "records"
    commands = case.setup(work, records)
    cli = Cli(records)
    started = time.monotonic()
    for args in commands:
        before = snapshot(records)
        result = cli(*args) if args[0] != "--records" else _invoke_root(args)
        output = result.output
        assert result.exit_code in (0, 1, 2), (case.name, args, output[-2000:])
        assert "Traceback" not in output, (case.name, args, output[-2000:])
        if result.exit_code == 2 and args[0] != "batch":  # batch numbers first, by design
            assert snapshot(records) == before, (case.name, args, "wrote on refusal")
            for name in case.outputs:
                assert not (work / name).exists(), (case.name, args, name)
        elif result.exit_code == 2:
            assert not any((work / "out").glob("*.md")) or "written" in output
    assert time.monotonic() - started < CASE_SECONDS, case.name
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert own * 1024 < CASE_MEMORY, case.name
    # a forked child (a user template's render) starts with our pages resident
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert (children - own) * 1024 < CASE_MEMORY, case.name


def _invoke_root(args: list[str]) -> Any:
    """`yishi --records PATH cmd ...` with the path under test (not the case's dir)."""
    from typer.testing import CliRunner

    from yishi.app import app
    from yishi.commands import _common
    from yishi.i18n import set_lang

    _common.state.update(records=None, cmd="yishi " + " ".join(args))
    set_lang(None)
    return CliRunner().invoke(app, ["--lang", "en", *args], catch_exceptions=False)


def test_corpus_size() -> None:
    """At least 2,000 cases in all, every kind represented."""
    counts: dict[str, int] = {}
    for case in _cases():
        counts[case.kind] = counts.get(case.kind, 0) + 1
    assert sum(counts.values()) >= 2000, counts
    assert set(counts) == {"rules", "records", "templates", "paths", "amounts", "dates"}
    assert min(counts.values()) >= 150, counts
