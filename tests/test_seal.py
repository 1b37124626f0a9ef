"""The seal: `yishi verify` exits 0 for an untouched issued record and 1 naming what changed
(header field, rules, log entry edited / removed / reordered, truncation, entries added
without amend, the seal itself); `amend` seals a new generation and keeps every earlier
one checkable; a changed record cannot be amended."""

from __future__ import annotations

import copy
import json
import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import held, run_ok
from yishi import seal
from yishi.store import dumps


@pytest.fixture
def sealed(cli, monkeypatch, tmp_path_factory):
    held(cli, tmp_path_factory)
    monkeypatch.setenv("YISHI_NOW", "2024-03-06T16:30:00+08:00")
    run_ok(cli, "issue")
    meeting_id = (cli.records / ".current").read_text().strip()
    return meeting_id


def load(cli, meeting_id: str) -> dict[str, Any]:
    return tomllib.loads(cli.record_bytes(meeting_id).decode("utf-8"))


def save(cli, meeting_id: str, doc: dict[str, Any]) -> None:
    (cli.records / f"{meeting_id}.toml").write_bytes(dumps(doc))


def verify(cli, meeting_id: str):
    return cli("verify", meeting_id)


def test_untouched_record_verifies(cli, sealed):
    result = verify(cli, sealed)
    assert result.exit_code == 0, result.output
    assert "sealed and unchanged: 测试局党组纪〔2024〕1号 (seal generation 1" in result.stdout
    doc = load(cli, sealed)
    assert doc["seal"]["digest"] == seal.digest(seal.content(doc))
    assert doc["seal"]["revision"] == doc["meeting"]["revision"]


def test_reformatting_is_not_a_change(cli, sealed):
    path = cli.records / f"{sealed}.toml"
    path.write_text(
        "# a comment\n" + path.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"),
        encoding="utf-8",
    )
    assert verify(cli, sealed).exit_code == 0


def test_unsealed_and_missing_seal(cli, sealed, tmp_path_factory):
    doc = load(cli, sealed)
    del doc["seal"]
    save(cli, sealed, doc)
    missing = verify(cli, sealed)
    assert missing.exit_code == 1 and "seal ([seal]) is missing" in missing.stderr
    open_id = cli.open(date="2024-04-01")
    unsealed = verify(cli, open_id)
    assert unsealed.exit_code == 1 and "not issued" in unsealed.stderr


def _mutate(doc: dict[str, Any], name: str) -> None:
    log = doc["log"]
    vote = next(i for i, e in enumerate(log) if e["op"] == "vote")
    if name == "header":
        doc["meeting"]["date"] = "2024-03-04"
    elif name == "header_added":
        doc["meeting"]["note"] = "x"
    elif name == "rules":
        doc["rules"]["members"][0]["name"] = "张三"
    elif name == "edited":
        log[vote]["yes_names"] = log[vote]["yes_names"][1:]
    elif name == "removed":
        del log[vote]
    elif name == "truncated":
        del log[-3:]
    elif name == "reordered":
        log[vote], log[vote + 1] = log[vote + 1], log[vote]
    elif name == "added":
        log.append(
            {"n": 999, "at": "2024-03-07T00:00:00+08:00", "cmd": "x", "op": "guest", "name": "某人"}
        )
    elif name == "seal":
        doc["seal"]["number"] = "测试局党组纪〔2024〕9号"
    elif name == "other":
        # a format this yishi reads, so the edit is named (a newer one is refused before:
        # tests/test_record_format.py)
        doc["note"] = "added after sealing"


EXPECTED = {
    "header": "header field 'date' was edited",
    "header_added": "header field 'note' was added",
    "rules": "the rules snapshot's 'members' was edited",
    "edited": "log entry {vote_n} (vote) was edited",
    "removed": "log entry {vote_n} was removed",
    "truncated": "the log was truncated after entry {keep_n} (3 entries missing)",
    "reordered": "the log was reordered: entry {next_n} now comes before entry {vote_n}",
    "added": "log entry 999 (guest) was added after sealing without amend",
    "seal": "the seal ([seal]) itself was edited",
    "other": "top-level 'note' was added",
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_verify_names_what_changed(cli, sealed, name):
    doc = load(cli, sealed)
    log = doc["log"]
    vote = next(i for i, e in enumerate(log) if e["op"] == "vote")
    names = {"vote_n": log[vote]["n"], "next_n": log[vote + 1]["n"], "keep_n": log[-4]["n"]}
    _mutate(doc, name)
    save(cli, sealed, doc)
    result = verify(cli, sealed)
    assert result.exit_code == 1
    assert "changed after sealing" in result.stderr
    assert EXPECTED[name].format(**names) in result.stderr, result.stderr


def test_every_single_value_change_is_caught(cli, sealed):
    """Flip each leaf of the record (except the seal) in turn: verify always fails."""
    doc = load(cli, sealed)
    paths: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, path + (key,))
        elif isinstance(value, list):
            for index, sub in enumerate(value):
                walk(sub, path + (index,))
        else:
            paths.append(path)

    walk(seal.content(doc), ())
    assert len(paths) > 300
    for path in paths:
        changed = copy.deepcopy(doc)
        target = changed
        for key in path[:-1]:
            target = target[key]
        old = target[path[-1]]
        target[path[-1]] = (
            not old
            if isinstance(old, bool)
            else old + 1
            if isinstance(old, int)
            else str(old) + "x"
        )
        result = seal.verify(changed)
        assert not result.ok and result.changes, path


def test_unreadable_record_fails_verify(cli, sealed):
    path = cli.records / f"{sealed}.toml"
    path.write_bytes(path.read_bytes()[:-200])
    result = verify(cli, sealed)
    assert result.exit_code == 1 and "no longer reads" in result.stderr


def test_amend_seals_a_new_generation_and_keeps_the_old_one(cli, sealed, monkeypatch):
    first = load(cli, sealed)["seal"]
    monkeypatch.setenv("YISHI_NOW", "2024-03-08T09:00:00+08:00")
    result = run_ok(cli, "amend", sealed, "第二项汇报人应为王芳", "--item", "2")
    assert "seal generation 2" in result.stdout
    run_ok(cli, "amend", "--follow-up", "--item", "2", "设备已采购到位")
    doc = load(cli, sealed)
    assert doc["seal"]["generation"] == 3
    assert [h["generation"] for h in doc["seal"]["history"]] == [1, 2]
    assert doc["seal"]["history"][0]["digest"] == first["digest"]
    assert verify(cli, sealed).exit_code == 0
    # the record as it was at generation 1 still hashes to the digest printed at issue
    then = seal._as_of(seal.content(doc), doc["seal"]["history"][0])
    assert seal.digest(then) == first["digest"]
    amendments = [e for e in doc["log"] if e["op"] == "amend"]
    assert [(a["kind"], a.get("item")) for a in amendments] == [("correction", 2), ("follow_up", 2)]
    # an edit of what generation 1 covered is still named
    vote = next(e for e in doc["log"] if e["op"] == "vote")
    vote["yes_names"] = vote["yes_names"][1:]
    save(cli, sealed, doc)
    broken = verify(cli, sealed)
    assert broken.exit_code == 1 and f"log entry {vote['n']} (vote) was edited" in broken.stderr


def test_a_changed_record_cannot_be_amended(cli, sealed):
    doc = load(cli, sealed)
    doc["meeting"]["place"] = "别处"
    save(cli, sealed, doc)
    before = cli.record_bytes(sealed)
    result = cli("amend", "掩盖修改")
    assert result.exit_code == 1 and "changed after sealing" in result.stderr
    assert cli.record_bytes(sealed) == before


def test_amend_refusals(cli, sealed):
    assert cli("amend", sealed, "x", "--item", "9").exit_code == 2
    assert cli("amend").exit_code == 2
    assert cli("amend", "a", "b", "c").exit_code == 2
    open_id = cli.open(date="2024-04-01")
    result = cli("amend", open_id, "x")
    assert result.exit_code == 2 and "not issued" in result.stderr


def test_issued_record_refuses_ordinary_changes(cli, sealed):
    before = cli.record_bytes(sealed)
    assert cli("guest", "某人").exit_code == 2
    assert cli("undo").exit_code == 2
    assert cli.record_bytes(sealed) == before


def test_verify_all(cli, sealed):
    cli.open(date="2024-04-01")
    result = run_ok(cli, "verify", "--all")
    assert "verified 2 record(s): 1 unchanged, 0 changed, 1 not sealed" in result.stdout
    doc = load(cli, sealed)
    doc["meeting"]["place"] = "别处"
    save(cli, sealed, doc)
    assert cli("verify", "--all").exit_code == 1


# -- digests(): the whole and the parts from one encoding of each part ----------------

_scalars = (  # what TOML holds (no null)
    st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.dates()
    | st.datetimes()
    | st.times()
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
_entries = st.dictionaries(st.sampled_from(["n", "op", "at", "who", "text", "ids"]), _values)
_docs = st.fixed_dictionaries(
    {},
    optional={
        "format": _values,
        "meeting": st.dictionaries(st.text(max_size=6), _values, max_size=6) | _values,
        "rules": st.dictionaries(st.text(max_size=6), _values, max_size=4) | _values,
        "log": st.lists(_entries | _values, max_size=5) | _values,
        "seal": _values,
        "extra": _values,
    },
)


def _plain(doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return seal.digest(seal.content(doc)), seal.parts(doc)


def _outcome(fn, doc):
    """What fn gives, as text: the parts' order is the order they are written in."""
    try:
        return repr(fn(doc))
    except Exception as exc:  # a shape parts() refuses (a log that is no list): refused alike
        return type(exc)


@given(_docs)
def test_digests_equal_encoding_the_whole_and_each_part(doc):
    assert _outcome(seal.digests, doc) == _outcome(_plain, doc)


def test_digests_of_a_sealed_record_and_its_generations(cli, sealed):
    doc = load(cli, sealed)
    assert _outcome(seal.digests, doc) == _outcome(_plain, doc)
    assert seal.digests(doc)[0] == doc["seal"]["digest"]
    doc["meeting"] = {7: "keys no TOML parser gives: the plain way"}
    got = _outcome(seal.digests, doc)
    assert got == _outcome(_plain, doc) and isinstance(got, str)  # digested, not refused


@given(_values)
def test_canonical_is_what_json_dumps_writes(value):
    """seal.canonical keeps one C encoder instead of building one per call: the same bytes
    as the documented encoding (sorted keys, no spaces, UTF-8, dates typed)."""
    expected = json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=seal._default
    ).encode("utf-8")
    assert seal.canonical(value) == expected
