"""Hostile input for the rules loader: arbitrary bytes, arbitrary TOML documents, and
mutated valid files. `check_file` must always return a problem list (never raise), a file
it accepts must build into a model, and `yishi rules check` exits 0 or 1, never with a
traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import key_paths
from yishi import rules
from yishi.rules import LocatedProblem, check_file

ROOT = Path(__file__).parent.parent
VALID = sorted((ROOT / "sample_configs").glob("*.toml")) + [ROOT / "tests/fixtures/eight.toml"]
VALID_TEXTS = [p.read_text(encoding="utf-8") for p in VALID]

FUZZ = settings(
    deadline=None,
    max_examples=250,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def _schema_keys(node: Any, out: set[str]) -> set[str]:
    for attr in ("fields",):
        for key, child in getattr(node, attr, {}).items():
            out.add(key)
            _schema_keys(child, out)
    for attr in ("item", "value"):
        child = getattr(node, attr, None)
        if child is not None and hasattr(child, "validate"):
            _schema_keys(child, out)
    return out


KEYS = sorted(
    _schema_keys(rules.RULES_SCHEMA, set())
    | {"at_least", "more_than", "of", "party_group", "general", "personnel", "zhang", "secretary"}
)

key_st = st.one_of(st.sampled_from(KEYS), st.text(max_size=12))
scalar_st = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "1/2",
            "2/3",
            "0/1",
            "3/2",
            "1/0",
            "a/b",
            " 1 / 2 ",
            "1/" + "9" * 5000,
            "secretary",
            "zhang",
            "members",
            "cast",
            "month",
            "reverse_rank",
            "{short}纪〔{year}〕{seq}号",
            "{seq",
            "{0}",
            "{seq!r:>{x}}",
            "../x.toml",
            "a\x00b",
            "x" * 5000,
        ]
    ),
    st.dates(),
    st.datetimes(),
    st.times(),
)
value_st = st.recursive(
    scalar_st,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(key_st, inner, max_size=5)
    ),
    max_leaves=25,
)
doc_st = st.dictionaries(key_st, value_st, max_size=6)


@pytest.fixture(scope="module")
def work() -> Path:
    with tempfile.TemporaryDirectory(prefix="yishi-fuzz-rules-") as tmp:
        yield Path(tmp)


def assert_sane(path: Path) -> tuple[dict[str, Any] | None, list[LocatedProblem]]:
    """The loader contract: a (merged, problems) pair, problems well formed, a clean file
    builds into a model and survives the snapshot round trip a meeting record makes."""
    merged, problems = check_file(path)
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, LocatedProblem)
        assert p.line >= 1 and p.col >= 1, p
        assert p.code and p.code.isupper(), p
        assert p.severity in ("error", "warning")
        for lang in ("zh", "en"):
            assert isinstance(p.message(lang), str) and p.message(lang)
    has_errors = any(p.severity == "error" for p in problems)
    assert (merged is None) == has_errors
    if merged is not None:
        model = rules.build(merged)
        snapshot = {k: v for k, v in merged.items() if k != "extends"}
        rules.from_snapshot(tomllib.loads(tomli_w.dumps(snapshot)))
        assert model.members
    return merged, problems


# ---------------------------------------------------------------------------- bytes


@FUZZ
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes(work: Path, data: bytes) -> None:
    path = work / "bytes.toml"
    path.write_bytes(data)
    merged, problems = assert_sane(path)
    assert merged is None and problems


@FUZZ
@given(
    text=st.text(
        alphabet=st.sampled_from(list("[]{}=\"'.,#\n =_-abcz019/\\\x00\ufeff党")), max_size=400
    )
)
def test_toml_alphabet_soup(work: Path, text: str) -> None:
    path = work / "soup.toml"
    path.write_text(text, encoding="utf-8")
    assert_sane(path)


# ---------------------------------------------------------------------------- TOML documents


@FUZZ
@given(doc=doc_st)
def test_arbitrary_documents(work: Path, doc: dict[str, Any]) -> None:
    path = work / "doc.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    assert_sane(path)


def _container(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    doc = tomllib.loads(draw(st.sampled_from(VALID_TEXTS)))
    for _ in range(draw(st.integers(1, 4))):
        paths = key_paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        try:
            parent = _container(doc, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
        if not isinstance(path[-1], str if isinstance(parent, dict) else int):
            continue  # an earlier mutation changed this container's type
        op = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if op == "replace":
            parent[path[-1]] = draw(value_st)
        elif op == "delete":
            del parent[path[-1]]
        elif op == "add" and isinstance(parent, dict):
            parent[draw(key_st)] = draw(value_st)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(parent[path[-1]])
    return doc


@FUZZ
@given(doc=mutated_documents())
def test_mutated_documents(work: Path, doc: dict[str, Any]) -> None:
    path = work / "mutated.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    assert_sane(path)


@st.composite
def mutated_texts(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(VALID_TEXTS)).encode("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(
                ["flip", "insert", "delete", "truncate", "line_dup", "line_drop", "line_swap"]
            )
        )
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 20))]
        elif op == "truncate":
            del data[pos:]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "line_dup":
                lines.insert(j, lines[i])
            elif op == "line_drop":
                del lines[i]
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(data=mutated_texts())
def test_mutated_texts(work: Path, data: bytes) -> None:
    path = work / "text.toml"
    path.write_bytes(data)
    assert_sane(path)


@settings(
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    parent=st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "",
                ".",
                "..",
                "/",
                "/dev/zero",
                "/proc/self/mem",
                "child.toml",
                "base.toml",
                "a\x00b",
                "x" * 300,
                ("a" * 200 + "/") * 30,
                "../" * 40 + "etc/passwd",
            ]
        ),
    ),
    base=st.sampled_from(VALID_TEXTS),
)
def test_extends_anything(work: Path, parent: str, base: str) -> None:
    """`extends` may name anything: a cycle, a directory, a device, an impossible path."""
    (work / "base.toml").write_text(base, encoding="utf-8")
    child = work / "child.toml"
    child.write_text(
        tomli_w.dumps({"extends": parent}) + "\n[meeting_types.extra]\n"
        'name = "x"\nchair = "secretary"\nquorum = { at_least = "1/2" }\n',
        encoding="utf-8",
    )
    assert_sane(child)


# ---------------------------------------------------------------------------- through the CLI


@settings(
    deadline=None,
    max_examples=80,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.binary(max_size=500),
        mutated_texts(),
        mutated_documents().map(lambda d: tomli_w.dumps(d).encode()),
    ),
    fmt=st.sampled_from(["text", "json", "github"]),
)
def test_cli_exit_codes(work: Path, data: bytes, fmt: str) -> None:
    from typer.testing import CliRunner

    from yishi.app import app

    path = work / "cli.toml"
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["--lang", "en", "rules", "check", "--format", fmt, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["ok"] == (result.exit_code == 0)


def test_cli_subprocess_never_tracebacks(tmp_path: Path) -> None:
    """Many hostile files in one real `python -m yishi rules check` run: exit 1, every file
    reported by name, no traceback."""
    import random

    rng = random.Random(6)
    files = []
    for i in range(60):
        base = bytearray(rng.choice(VALID_TEXTS).encode("utf-8"))
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(base))
            base[pos : pos + rng.randint(0, 4)] = bytes(
                rng.randrange(256) for _ in range(rng.randint(0, 3))
            )
        files.append(tmp_path / f"f{i:02}.toml")
        files[-1].write_bytes(bytes(base))
    (tmp_path / "nul.toml").write_text('extends = "a\\u0000b"\n' + VALID_TEXTS[0])
    (tmp_path / "huge.toml").write_text(
        VALID_TEXTS[-1].replace(
            'quorum = { at_least = "1/2" }', 'quorum = { at_least = "1/' + "9" * 5000 + '" }'
        )
    )
    (tmp_path / "deep.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    env = {**os.environ, "LANG": "C.UTF-8", "YISHI_LANG": "en"}
    for fmt in ("text", "json", "github"):
        proc = subprocess.run(
            [sys.executable, "-m", "yishi", "rules", "check", "--format", fmt, str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 1, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr + proc.stdout
        for name in ("nul.toml", "huge.toml", "deep.toml"):
            assert name in proc.stdout
