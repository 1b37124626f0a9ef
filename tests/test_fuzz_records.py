"""Hostile meeting records: arbitrary bytes, arbitrary TOML, and mutated real records.

Loading one (`Store.read`, `Store.meeting`) either works or raises a YishiError; a change
to a record that does not load is refused and leaves the file byte-identical; through the
CLI that is exit 2 with a message, never a traceback. A record that loads and takes a
change is written back in a form that loads again."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import key_paths
from yishi import rules as rules_mod
from yishi.errors import YishiError
from yishi.store import Store, dumps

ROOT = Path(__file__).parent.parent
EIGHT = ROOT / "tests/fixtures/eight.toml"
FUZZ = settings(
    deadline=None,
    max_examples=200,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def build_record(root: Path) -> tuple[Store, str]:
    """A record that uses every kind of event, through the store as the commands do."""
    rules = rules_mod.load(EIGHT)
    store = Store(root)
    header = {
        "body": rules.body.id,
        "type": "party_group",
        "date": "2024-03-05",
        "time": "09:00",
        "place": "三楼会议室",
        "title": "",
        "chair": "zhang",
        "recorder": "秘书",
        "emergency": False,
        "notice_sent": "2024-03-01",
        "notified": ["派驻纪检监察组"],
    }
    meeting_id = store.create(header, rules)
    store.set_current(meeting_id)
    events: list[dict[str, Any]] = [
        {"op": "attend", "members": ["zhang", "li", "wang", "zhao", "chen", "huang"]},
        {"op": "leave", "member": "liu", "reason": "出差", "opinion": "同意"},
        {"op": "absent", "members": ["yang"]},
        {"op": "guest", "name": "周科长", "role": "办公室"},
        {"op": "item", "title": "学习", "kind": "study", "recorded_kind": "study"},
        {
            "op": "item",
            "title": "任免",
            "kind": "personnel",
            "recorded_kind": "personnel",
            "candidates": ["甲", "乙"],
            "materials_sent": "2024-03-04",
        },
        {
            "op": "item",
            "title": "资金",
            "kind": "general",
            "recorded_kind": "large_fund",
            "amount": "800",
            "area": "finance",
            "notified": ["派驻纪检监察组"],
        },
        {"op": "recuse", "member": "huang", "item": 3, "reason": "亲属"},
        {"op": "opinion", "item": 2, "member": "chen", "position": "agree", "candidate": "甲"},
        {"op": "opinion", "item": 2, "member": "liu", "position": "agree", "candidate": "甲"},
        {
            "op": "vote",
            "items": [2],
            "method": "secret",
            "candidate": "甲",
            "yes": 4,
            "no": 1,
            "abstain": 0,
        },
        {
            "op": "vote",
            "items": [3],
            "method": "hands",
            "yes_names": ["zhang", "li", "wang"],
            "no_names": ["zhao"],
            "abstain_names": ["chen"],
        },
        {"op": "reconsider", "item": 3, "members": ["zhang", "li", "wang", "zhao", "chen"]},
        {
            "op": "vote",
            "items": [3],
            "method": "roll_call",
            "yes_names": ["zhang", "li"],
            "no_names": ["zhao"],
        },
        {"op": "decide", "item": 3, "text": "同意"},
        {"op": "decide", "item": 2, "defer": True},
        {"op": "depart", "member": "chen", "after": 2},
        {"op": "notified", "org": "派驻纪检监察组", "item": 3},
        {"op": "set", "place": "二楼"},
    ]
    for event in events:
        store.change(meeting_id, lambda m, e=event: e, "test")
    store.undo(meeting_id, "test undo")
    store.change(meeting_id, lambda m: {"op": "close"}, "test")
    return store, meeting_id


@pytest.fixture(scope="module")
def base() -> Iterator[tuple[Path, str, bytes]]:
    with tempfile.TemporaryDirectory(prefix="yishi-fuzz-rec-") as tmp:
        root = Path(tmp) / "records"
        store, meeting_id = build_record(root)
        yield root, meeting_id, store.path(meeting_id).read_bytes()


def base_doc(base: tuple[Path, str, bytes]) -> dict[str, Any]:
    return tomllib.loads(base[2].decode())


def install(base: tuple[Path, str, bytes], data: bytes) -> tuple[Store, str, Path]:
    root, meeting_id, _ = base
    store = Store(root)
    path = store.path(meeting_id)
    path.write_bytes(data)
    return store, meeting_id, path


def loads_or_yishi_error(store: Store, meeting_id: str) -> bool:
    """True when the record loads; a YishiError when it does not; anything else fails."""
    try:
        store.read(meeting_id)
        meeting = store.meeting(meeting_id)
    except YishiError as exc:
        assert exc.message("en") and exc.message("zh")
        return False
    assert meeting.id is not None
    return True


def change_is_safe(store: Store, meeting_id: str, path: Path, loads: bool) -> None:
    before = path.read_bytes()
    event = {"op": "guest", "name": "fuzz", "role": ""}
    try:
        store.change(meeting_id, lambda m: event, "fuzz")
    except YishiError:
        assert path.read_bytes() == before, "a refused change rewrote the record"
        return
    assert loads, "a change was written over a record that does not load"
    again = store.meeting(meeting_id)  # what we write, we read back
    assert any(name == "fuzz" for name, _ in again.guests) or again.state != "open"


def test_base_record_loads(base: tuple[Path, str, bytes]) -> None:
    store, meeting_id, path = install(base, base[2])
    meeting = store.meeting(meeting_id)
    assert meeting.state == "closed" and len(meeting.items) == 3
    assert [v.method for v in meeting.item(3).votes] == ["hands", "roll_call"]


# ---------------------------------------------------------------------------- bytes


@FUZZ
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(base: tuple[Path, str, bytes], data: bytes) -> None:
    store, meeting_id, path = install(base, data)
    assert not loads_or_yishi_error(store, meeting_id)
    change_is_safe(store, meeting_id, path, False)


@st.composite
def mutated_bytes(draw: st.DrawFn, source: bytes) -> bytes:
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(["flip", "insert", "delete", "truncate", "line_drop", "line_dup"])
        )
        pos = draw(st.integers(0, len(data) - 1)) if data else 0
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(
                st.sampled_from(
                    [
                        b"\x00",
                        b"\xff",
                        b"[",
                        b"]]",
                        b"\n[[log]]\n",
                        b"=",
                        b'"',
                        b"\n",
                        b"n = 1\n",
                        b"#",
                    ]
                )
            )
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif op == "truncate":
            del data[pos:]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "line_drop":
                del lines[i]
            else:
                lines.insert(draw(st.integers(0, len(lines))), lines[i])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(data=st.data())
def test_mutated_bytes(base: tuple[Path, str, bytes], data: st.DataObject) -> None:
    store, meeting_id, path = install(base, data.draw(mutated_bytes(base[2])))
    change_is_safe(store, meeting_id, path, loads_or_yishi_error(store, meeting_id))


# ---------------------------------------------------------------------------- documents

scalar_st = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.integers(-3, 12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.just([]),
    st.just({}),
    st.sampled_from(
        [
            "zhang",
            "li",
            "huang",
            "甲",
            "乙",
            "secret",
            "hands",
            "attend",
            "vote",
            "undo",
            "item",
            "close",
            "issue",
            "open",
            "closed",
            "issued",
            "2024-02-30",
            "2024-03-05",
            "",
            "x" * 300,
            "1/0",
            "-5",
            "1e999",
        ]
    ),
)
value_st = st.recursive(
    scalar_st,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
EVENT_KEYS = [
    "n",
    "op",
    "target",
    "members",
    "member",
    "item",
    "items",
    "candidate",
    "candidates",
    "method",
    "yes",
    "no",
    "abstain",
    "yes_names",
    "no_names",
    "abstain_names",
    "after",
    "title",
    "kind",
    "recorded_kind",
    "amount",
    "text",
    "position",
    "defer",
    "reason",
    "number",
    "seq",
    "org",
    "name",
]
key_st = st.one_of(
    st.sampled_from(
        EVENT_KEYS
        + [
            "id",
            "date",
            "state",
            "revision",
            "body",
            "type",
            "format",
            "log",
            "rules",
            "meeting",
            "seal",
        ]
    ),
    st.text(max_size=6),
)


@st.composite
def mutated_docs(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    # mostly the header and the log, where the replay logic lives; sometimes the rules
    inner = [p for p in key_paths(doc) if p[0] != "rules"]
    snapshot = [p for p in key_paths(doc) if p[0] == "rules" and len(p) <= 3]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(snapshot if draw(st.integers(0, 4)) == 0 else inner))
        try:
            parent = doc
            for step in path[:-1]:
                parent = parent[step]
            if not isinstance(path[-1], str if isinstance(parent, dict) else int):
                continue  # an earlier mutation changed this container's type
            op = draw(st.sampled_from(["replace", "replace", "delete", "add", "dup"]))
            if op == "replace":
                parent[path[-1]] = draw(value_st)
            elif op == "delete":
                del parent[path[-1]]
            elif op == "add" and isinstance(parent, dict):
                parent[draw(key_st)] = draw(value_st)
            elif op == "dup" and isinstance(parent, list):
                parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(parent[path[-1]]))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return doc


def _dump(doc: dict[str, Any]) -> bytes:
    try:
        return dumps(doc)
    except (TypeError, ValueError):
        return tomli_w.dumps(doc).encode()


@FUZZ
@given(data=st.data())
def test_mutated_documents(base: tuple[Path, str, bytes], data: st.DataObject) -> None:
    doc = data.draw(mutated_docs(base_doc(base)))
    store, meeting_id, path = install(base, _dump(doc))
    change_is_safe(store, meeting_id, path, loads_or_yishi_error(store, meeting_id))


@FUZZ
@given(data=st.data())
def test_mutated_open_documents(base: tuple[Path, str, bytes], data: st.DataObject) -> None:
    """The same on an open meeting, so that the change gets as far as being written."""
    doc = base_doc(base)
    doc["log"] = [e for e in doc["log"] if e["op"] != "close"]
    doc["meeting"]["state"] = "open"
    doc = data.draw(mutated_docs(doc))
    store, meeting_id, path = install(base, _dump(doc))
    change_is_safe(store, meeting_id, path, loads_or_yishi_error(store, meeting_id))


@FUZZ
@given(doc=st.dictionaries(key_st, value_st, max_size=6))
def test_arbitrary_documents(base: tuple[Path, str, bytes], doc: dict[str, Any]) -> None:
    store, meeting_id, path = install(base, tomli_w.dumps(doc).encode())
    change_is_safe(store, meeting_id, path, loads_or_yishi_error(store, meeting_id))


# ---------------------------------------------------------------------------- CLI


def _open_doc(base: tuple[Path, str, bytes]) -> dict[str, Any]:
    doc = base_doc(base)
    doc["log"] = [e for e in doc["log"] if e["op"] != "close"]
    return doc


@settings(
    deadline=None,
    max_examples=80,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.data(),
    args=st.sampled_from(
        [
            ["attend", "zhang"],
            ["guest", "x"],
            ["undo"],
            ["item", "add", "t", "--kind", "general"],
            ["vote", "3", "--method", "secret", "--yes", "1"],
            ["close"],
            ["use", "2024"],
            ["item", "list"],
        ]
    ),
)
def test_cli_on_damaged_records(
    base: tuple[Path, str, bytes], data: st.DataObject, args: list[str]
) -> None:
    from typer.testing import CliRunner

    from yishi.app import app
    from yishi.commands import _common

    raw = data.draw(st.one_of(mutated_bytes(base[2]), mutated_docs(_open_doc(base)).map(_dump)))
    store, meeting_id, path = install(base, raw)
    loads = loads_or_yishi_error(store, meeting_id)
    before = path.read_bytes()
    _common.state.update(records=None, cmd=None)
    result = CliRunner().invoke(app, ["--lang", "en", "--records", str(base[0]), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 2), result.output
    if not loads:
        assert result.exit_code == 2, result.output
        assert path.read_bytes() == before
        assert "Traceback" not in result.output


def test_cli_subprocess_damaged_record(tmp_path: Path) -> None:
    """Through a real process: exit 2, the path and line in the message, no traceback,
    the file untouched."""
    root = tmp_path / "records"
    store, meeting_id = build_record(root)
    path = store.path(meeting_id)
    text = path.read_text(encoding="utf-8")
    damaged = {
        "syntax": text.replace("[[log]]", "[[log]", 1).encode(),
        "encoding": text.encode("utf-8").replace("出差".encode(), b"\xff\xfe", 1),
        "shape": text.replace("n = 2\n", 'n = "two"\n', 1).encode(),
        "event": text.replace('op = "attend"', 'op = "teleport"', 1).encode(),
        "empty_vote": text.replace("items = [\n    3,\n]", "items = []", 1).encode(),
        "revision": text.replace("revision = ", 'revision = "x" # ', 1).encode(),
    }
    env = {**os.environ, "YISHI_RECORDS": str(root), "YISHI_LANG": "en"}
    env.pop("YISHI_MEETING", None)
    for name, data in damaged.items():
        assert data != text.encode(), name
        path.write_bytes(data)
        for args in (["guest", "x"], ["undo"], ["use", meeting_id]):
            proc = subprocess.run(
                [sys.executable, "-m", "yishi", *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert "Traceback" not in proc.stderr, (name, proc.stderr)
            assert proc.returncode == 2, (name, args, proc.stdout, proc.stderr)
            assert path.read_bytes() == data, name


# ---------------------------------------------------------------------------- writer


entry_st = st.fixed_dictionaries(
    {"n": st.integers(1, 10**6), "op": st.sampled_from(["close", "undo", "guest", "attend"])},
    optional={
        "at": st.just("2024-03-05T10:00:00+08:00"),
        "cmd": st.text(max_size=60),
        "members": st.lists(st.sampled_from(["zhang", "li"]), max_size=3),
        "target": st.integers(1, 9),
        "name": st.text(max_size=5),
    },
)


@settings(deadline=None, max_examples=150)
@given(
    log=st.lists(entry_st, max_size=4, unique_by=lambda e: e["n"]),
    extra=st.dictionaries(
        st.sampled_from(["seal", "zzz", "notes"]),
        st.one_of(
            st.integers(),
            st.lists(st.integers(), max_size=2),
            st.dictionaries(st.sampled_from(["a", "b"]), st.integers(), max_size=2),
        ),
        max_size=2,
    ),
)
def test_dumps_round_trips(log: list[dict[str, Any]], extra: dict[str, Any]) -> None:
    """Whatever the shapes (a short log renders as an inline array), what `dumps` writes
    reads back as the same document."""
    doc = {
        "format": 1,
        "meeting": {"id": "x", "body": "b", "type": "t", "date": "2024-03-05"},
        "rules": {"body": {"id": "b"}, "voting": {"reconsider": {"more_than": "1/2"}}},
        **extra,
        "log": log,
    }
    expected = {k: v for k, v in doc.items() if v != []}
    assert tomllib.loads(dumps(doc).decode()) == expected


# ---------------------------------------------------------------------------- fresh records

HEADER_VALUES = st.one_of(
    scalar_st,
    st.sampled_from(
        [
            "nope",
            "special",
            "party_group",
            "test-bureau",
            "other-body",
            "../x",
            "2024-13-01",
            "1999-01-01",
            "25:00",
            "closed",
            "issued",
            "zhang",
            "nobody",
        ]
    ),
)


@settings(
    deadline=None,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    changes=st.dictionaries(
        st.sampled_from(
            [
                "type",
                "body",
                "date",
                "time",
                "chair",
                "state",
                "emergency",
                "notice_sent",
                "notified",
                "revision",
                "number",
                "seq",
                "id",
                "title",
            ]
        ),
        HEADER_VALUES,
        min_size=1,
        max_size=3,
    ),
    args=st.sampled_from(
        [
            ["attend", "zhang"],
            ["item", "add", "t", "--kind", "general"],
            ["status"],
            ["check"],
            ["close"],
            ["undo"],
            ["issue"],
            ["render"],
            ["verify"],
            ["leave", "li", "--reason", "x"],
        ]
    ),
)
def test_cli_on_fresh_record_with_hostile_header(
    tmp_path_factory: pytest.TempPathFactory, changes: dict[str, Any], args: list[str]
) -> None:
    """A just-opened record (empty log: nothing to replay that would catch a bad header),
    its header edited by hand: every command answers with an exit code, never a
    traceback, and a record that does not load is left alone."""
    from typer.testing import CliRunner

    from yishi.app import app
    from yishi.commands import _common

    root = tmp_path_factory.mktemp("fresh") / "records"
    rules = rules_mod.load(EIGHT)
    store = Store(root)
    real_fsync, os.fsync = os.fsync, lambda fd: None  # logic under test, not the disk
    try:
        meeting_id = store.create(
            {"body": rules.body.id, "type": "party_group", "date": "2024-03-05", "chair": "zhang"},
            rules,
        )
        store.set_current(meeting_id)
        path = store.path(meeting_id)
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        doc["meeting"].update(changes)
        path.write_bytes(_dump(doc))
        loads = loads_or_yishi_error(store, meeting_id)
        before = path.read_bytes()
        _common.state.update(records=None, cmd=None)
        result = CliRunner().invoke(app, ["--lang", "en", "--records", str(root), *args])
    finally:
        os.fsync = real_fsync
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        changes,
        args,
    )
    assert result.exit_code in (0, 1, 2), result.output
    if not loads:
        # `verify` judges a record it cannot read as changed: exit 1, like any failed proof
        assert result.exit_code in ((1, 2) if args == ["verify"] else (2,)), result.output
        assert path.read_bytes() == before
