"""A sealed change keeps the record's text after its head (yishi.store.kept_tail and
dumps_after, issue 16.1): the bytes are those a whole rendering (`dumps`) writes for a
record yishi wrote, and for any other record the text read back is the same document or
the text is rendered whole. Then `issue` and `amend` through the CLI on such records."""

from __future__ import annotations

import copy

import pytest
from helpers import hold_meeting, run_ok

from yishi import toml_read
from yishi.store import Store, dumps, dumps_after, kept_tail

ISSUE = {
    "n": 0,
    "at": "2024-12-31T10:00:00+08:00",
    "cmd": "yishi issue",
    "op": "issue",
    "number": "测试〔2024〕1号",
    "seq": 1,
    "findings": ["QUORUM", "A & <b>"],
    "forced": True,
}


def sealed(doc: dict) -> dict:
    """`doc` as a sealed change leaves it: one more entry, a new header and seal."""
    after = copy.deepcopy(doc)
    entry = dict(ISSUE, n=max(e["n"] for e in after["log"]) + 1)
    after["log"].append(entry)
    after["meeting"].update(state="issued", number=entry["number"], seq=1)
    after["meeting"]["revision"] = after["meeting"].get("revision", 0) + 1
    after["seal"] = {
        "digest": "0" * 64,
        "generation": 2,
        "signatures": [{"role": "office", "sig": "x"}],
        "history": [{"digest": "1" * 64, "generation": 1}],
    }
    return after


@pytest.fixture
def record(cli) -> tuple[Store, str]:
    meeting_id = hold_meeting(cli)
    return Store(cli.records), meeting_id


def test_a_record_yishi_wrote_gets_the_bytes_of_a_whole_rendering(record) -> None:
    store, meeting_id = record
    raw = store.raw(meeting_id)
    doc = store.parse(raw, meeting_id)
    assert dumps(doc) == raw
    tail = kept_tail(raw, doc)
    assert tail is not None
    after = sealed(doc)
    assert dumps_after(after, tail, 1) == dumps(after)
    # and again on the sealed record (an amend: a seal is in the head now)
    raw2 = dumps(after)
    doc2 = toml_read.loads(raw2.decode())
    tail2 = kept_tail(raw2, doc2)
    assert tail2 is not None
    again = sealed(doc2)
    assert dumps_after(again, tail2, 1) == dumps(again)


def edits(text: str) -> dict[str, str]:
    """Hand edits of a record's text, each still a record."""
    head, _, rest = text.partition("\n[rules")
    rules, _, log = ("[rules" + rest).partition("\n[[log]]")
    log = "[[log]]" + log
    return {
        "comments and blank lines": text.replace("\n[[log]]\n", "\n# 手改\n\n[[log]]\n"),
        "log before rules": head + "\n" + log + "\n" + rules,
        "seal after the rules": head + '\n[seal]\ndigest = "x"\n\n' + rules + "\n" + log,
        "a header table after the rules": rules + "\n[meeting.extra]\nnote = 1\n\n" + log,
        "header last": rules + "\n" + log + "\n" + head,
        "no format key": text.replace("format = ", "# format = ", 1),
        "a string holding a table line": text.replace(
            'title = "', 'title = """\n[rules]\n', 1
        ).replace('"\n', '"""\n', 1),
        "a quoted table name": text.replace("\n[rules.body]\n", '\n["rules".body]\n', 1),
        "an extra top-level table": text + '\n[extra]\nx = "y"\n',
    }


def test_any_other_text_reads_back_as_the_same_document_or_is_rendered_whole(record) -> None:
    store, meeting_id = record
    text = store.raw(meeting_id).decode()
    kept = rendered = 0
    for name, edited in edits(text).items():
        raw = edited.encode()
        try:
            doc = toml_read.loads(edited)
        except toml_read.TOMLDecodeError:
            continue  # not a record any more: never reaches a sealed change
        tail = kept_tail(raw, doc)
        if tail is None:
            rendered += 1
            continue
        kept += 1
        after = sealed(doc)
        assert toml_read.loads(dumps_after(after, tail, 1).decode()) == after, name
    assert kept >= 2 and rendered >= 4  # both ways were taken


def test_a_document_upgraded_in_memory_is_rendered_whole(record) -> None:
    """Reading an older format upgrades the document in memory (yishi.record_format, which
    always sets `format`): the old text must not be kept under the new format."""
    store, meeting_id = record
    raw = store.raw(meeting_id)
    doc = store.parse(raw, meeting_id)
    older = raw.replace(b"format = 1\n", b"format = 0\n", 1)
    assert older != raw
    doc["log"][0]["upgraded"] = True  # what an upgrade would have changed
    assert kept_tail(older, doc) is None
    header_changed = store.parse(raw, meeting_id)
    header_changed["meeting"]["title"] = "changed after reading"
    assert kept_tail(raw, header_changed) is None


def test_issue_and_amend_write_what_a_whole_rendering_writes(cli, monkeypatch) -> None:
    meeting_id = hold_meeting(cli)
    store = Store(cli.records)
    before = store.raw(meeting_id).decode()
    monkeypatch.setenv("YISHI_NOW", "2024-03-06T16:30:00+08:00")
    run_ok(cli, "issue", meeting_id)
    issued = store.raw(meeting_id)
    # the rules and the log as they were, then the issue entry
    kept = before[before.index("\n[rules") :].rstrip("\n")
    assert kept in issued.decode()
    assert dumps(store.read(meeting_id)) == issued
    run_ok(cli, "amend", meeting_id, "第二项汇报人应为王芳", "--item", "2")
    amended = store.raw(meeting_id)
    assert dumps(store.read(meeting_id)) == amended
    assert store.read(meeting_id)["seal"]["generation"] == 2
    assert cli("verify", meeting_id).exit_code == 0
