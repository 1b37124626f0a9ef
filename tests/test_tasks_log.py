"""The 督办 task log: recorded after the seal without breaking it, and tamper-evident on its
own (a hash chain; hand edits, removals, reorderings and copies are named by
`yishi tasks --verify`); torn writes and concurrent appends lose nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from pathlib import Path

import pytest

from tests.test_after import eight_meeting, last_line, ok


def _setup(cli) -> tuple[str, Path]:
    meeting_id = eight_meeting(cli, "2024-03-05")
    ok(cli, "issue")
    ok(cli, "task", "add", "2", "--owner", "办公室", "--lead", "李明", "--due", "2024-04-30")
    ok(cli, "task", "add", "3", "--owner", "财务科", "--due", "2024-06-30")
    ok(cli, "task", "update", "2024-001", "--note", "方案已报批")
    ok(cli, "task", "done", "2024-002", "--note", "已完成")
    return meeting_id, cli.records / "followup" / "test-bureau.jsonl"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, entries: list[dict]) -> None:
    path.write_text(
        "".join(
            json.dumps(e, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            for e in entries
        ),
        encoding="utf-8",
    )


def _rehash(entries: list[dict], start: int = 0) -> list[dict]:
    """What a forger without the office key does: recompute every hash from `start` on."""
    from yishi.tasks import entry_hash

    for index in range(start, len(entries)):
        entries[index]["prev"] = entries[index - 1]["hash"] if index else ""
        entries[index]["hash"] = entry_hash(entries[index])
    return entries


def _verify(cli):
    result = cli("tasks", "--verify")
    return result.exit_code, result.output


def test_a_sealed_record_still_verifies_after_a_year_of_follow_up(cli, monkeypatch):
    meeting_id = eight_meeting(cli, "2024-01-09")
    digest = ok(cli, "issue").stdout.split("seal digest ")[1].split(")")[0]  # as printed
    sealed = cli.record_bytes(meeting_id)
    start = dt.date(2024, 1, 10)
    ids = [
        last_line(ok(cli, "task", "add", str(n), "--owner", owner, "--due", due))
        for n, owner, due in ((2, "办公室", "2024-06-30"), (3, "财务科", "2024-12-31"))
    ]
    for week in range(50):  # a year of weekly progress notes, a delay, done, a reopen
        day = start + dt.timedelta(days=7 * week)
        monkeypatch.setenv("YISHI_NOW", f"{day.isoformat()}T09:00:00+08:00")
        ok(cli, "task", "update", ids[week % 2], "--note", f"第{week + 1}周进展")
        if week == 20:
            ok(cli, "task", "update", ids[0], "--due", "2024-09-30", "--note", "申请延期")
        if week == 30:
            ok(cli, "task", "done", ids[0])
        if week == 32:
            ok(cli, "task", "reopen", ids[0], "--note", "复查未通过")
        if week == 40:
            ok(cli, "task", "done", ids[0])
    assert cli.record_bytes(meeting_id) == sealed  # the record itself never changed
    verified = ok(cli, "verify").stdout
    assert "sealed and unchanged" in verified and digest in verified
    code, out = _verify(cli)
    assert code == 0 and "56 entries, 2 tasks, chain intact" in out
    data = json.loads(cli("tasks", "--format", "json").stdout)
    first = next(t for t in data["tasks"] if t["id"] == ids[0])
    assert first["status"] == "done_late" and first["due_changes"] == ["2024-06-30"]
    ok(cli, "amend", "第二项决定中“办公室”更正为“综合科”")  # a new seal generation ...
    assert _verify(cli)[0] == 0  # ... still the record the tasks were made from


def test_hand_edits_of_the_task_log_are_detected(cli):
    meeting_id, path = _setup(cli)
    original = _lines(path)
    assert _verify(cli)[0] == 0

    def attempt(entries: list[dict]) -> str:
        _write(path, entries)
        code, out = _verify(cli)
        assert code == 1, out
        _write(path, original)
        return out

    edited = json.loads(json.dumps(original))
    edited[0]["due"] = "2024-12-31"  # a later due date: the overdue task looks on time
    assert "entry 1 (add 2024-001) does not match its hash: edited by hand" in attempt(edited)
    _write(path, edited)
    everything = cli("verify", "--all")  # verify --all covers the task logs too
    assert everything.exit_code == 1 and "task log test-bureau" in everything.output
    _write(path, original)
    assert "task log test-bureau: 4 entries, 2 tasks" in ok(cli, "verify", "--all").stdout

    rehashed = _rehash(json.loads(json.dumps(original)))
    rehashed[1]["owner"] = "人事科"
    rehashed[1]["hash"] = hashlib.sha256(b"x").hexdigest()
    out = attempt(rehashed)
    assert "entry 2 (add 2024-002) does not match its hash" in out
    assert "entry 3 (update 2024-001) does not chain" in out

    removed = [e for i, e in enumerate(original) if i != 2]  # a note taken out
    out = attempt(removed)
    assert "line 3 is entry 4, expected 3" in out and "does not chain" in out

    swapped = [original[0], original[2], original[1], original[3]]
    assert "expected 2" in attempt(swapped)

    forged = json.loads(json.dumps(original))
    forged[0]["title"] = "关于别的事项"  # a consistent chain, but not what the meeting decided
    out = attempt(_rehash(forged))
    assert "task 2024-001: its title differs from meeting" in out

    copied = json.loads(json.dumps(original))
    copied[3]["body"] = "other-bureau"
    assert "belongs to body 'other-bureau'" in attempt(_rehash(copied))

    impossible = _rehash(original[:3] + [dict(original[3], op="reopen")])
    assert "cannot be replayed" in attempt(impossible)

    path.write_text(
        path.read_text(encoding="utf-8").replace('"n":2', '"n":2,', 1), encoding="utf-8"
    )
    code, out = _verify(cli)
    assert code == 1 and "line 2 is not a valid log entry" in out
    listing = cli("tasks")
    assert listing.exit_code == 2 and "damaged at line 2" in listing.output
    refused = cli("task", "update", "2024-001", "--note", "x")
    assert refused.exit_code == 2  # never appended to a damaged log
    assert meeting_id


def test_a_log_rewritten_without_the_office_key_fails(cli, monkeypatch, tmp_path):
    """Recomputing every hash is not enough: each entry is signed by the office key."""
    from yishi import keys
    from yishi.tasks import signed_bytes

    _, path = _setup(cli)
    original = _lines(path)
    assert "4 signed" in _verify(cli)[1]

    rewritten = json.loads(json.dumps(original))
    rewritten[0]["due"] = "2024-12-31"
    _write(path, _rehash(rewritten))
    code, out = _verify(cli)
    assert code == 1 and "entry 1 (add 2024-001) has a signature that does not match" in out
    assert "does not match its hash" not in out and "does not chain" not in out

    stripped = _rehash([{k: v for k, v in e.items() if k != "sig"} for e in rewritten])
    _write(path, stripped)
    assert "entry 1 (add 2024-001) is not signed" in _verify(cli)[1]

    office = os.environ["XDG_CONFIG_HOME"]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "forger"))  # another machine's key
    keys.forget_cache()
    forged = [dict(e, sig=keys.sign(signed_bytes(e["hash"]))) for e in stripped]
    monkeypatch.setenv("XDG_CONFIG_HOME", office)
    keys.forget_cache()
    _write(path, forged)
    code, out = _verify(cli)
    assert code == 1 and "signed by a key this machine does not trust" in out
    _write(path, original)
    assert _verify(cli)[0] == 0


def test_truncation_is_pinned_by_the_head_printed_in_the_report(cli, monkeypatch):
    """Dropping the last entries leaves a valid chain; the head digest printed by
    `tasks --verify` and in the annual report (kept on paper or elsewhere) changes."""
    _, path = _setup(cli)
    head = _verify(cli)[1].split("head ")[1][:16]
    report = ok(cli, "report", "--year", "2024").stdout
    assert f"task log head: {head}" in report
    path.write_text(
        "".join(path.read_text(encoding="utf-8").splitlines(True)[:3]), encoding="utf-8"
    )
    code, out = _verify(cli)
    assert code == 0 and head not in out


def test_a_task_made_from_another_version_of_the_record_is_detected(cli):
    import re

    meeting_id, _ = _setup(cli)
    record = cli.records / f"{meeting_id}.toml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        re.sub(r'digest = "[0-9a-f]{64}"', 'digest = "' + "0" * 64 + '"', text, count=1),
        encoding="utf-8",
    )
    code, out = _verify(cli)
    assert code == 1 and "is not the sealed record the task was made from" in out
    record.unlink()
    code, out = _verify(cli)
    assert code == 1 and "its meeting" in out and "missing" in out


def test_no_task_from_a_record_changed_after_its_seal(cli):
    meeting_id, path = _setup(cli)
    record = cli.records / f"{meeting_id}.toml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "同意第1项，由办公室抓好落实", "同意第1项，由财务科抓好落实"
        ),
        encoding="utf-8",
    )
    before = path.read_bytes()
    refused = cli(
        "task", "add", "2", "--meeting", meeting_id, "--owner", "财务科", "--due", "2024-05-01"
    )
    assert refused.exit_code == 1 and "changed after it was sealed" in refused.output
    assert path.read_bytes() == before
    code, out = _verify(cli)  # the task kept what was decided; the record now says otherwise
    assert code == 1 and "task 2024-001: its decision differs from meeting" in out


def test_a_torn_last_line_is_ignored_then_dropped(cli):
    _, path = _setup(cli)
    with path.open("ab") as handle:
        handle.write(b'{"n":5,"op":"upd')  # a crash in the middle of a write
    assert len(json.loads(cli("tasks", "--format", "json").stdout)["tasks"]) == 2
    code, out = _verify(cli)
    assert code == 0 and "partial line" in out
    ok(cli, "task", "update", "2024-001", "--note", "继续推进")
    assert path.read_bytes().endswith(b"\n")
    assert [e["n"] for e in _lines(path)] == [1, 2, 3, 4, 5]
    assert _verify(cli)[0] == 0


def test_concurrent_appends_lose_nothing(cli):
    from yishi import tasks as tk
    from yishi.store import Store

    meeting_id = eight_meeting(cli, "2024-03-05")
    ok(cli, "issue")
    store = Store(cli.records)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            for round_ in range(5):
                tk.add(
                    store,
                    meeting_id,
                    2 + (index + round_) % 2,
                    f"worker {index}",
                    owner=f"单位{index}",
                    due="2024-06-30",
                )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    tasks = tk.load(cli.records, "test-bureau")
    assert sorted(tasks) == [f"2024-{n:03d}" for n in range(1, 21)]
    assert tk.verify(store, "test-bureau").ok


@pytest.mark.parametrize(
    "due,state,done_on,soon,expected",
    [
        ("2024-03-10", "open", None, 7, "due_soon"),  # 5 days left, window 7
        ("2024-03-05", "open", None, 7, "due_soon"),  # due today: not yet overdue
        ("2024-03-04", "open", None, 7, "overdue"),
        ("2024-03-12", "open", None, 7, "due_soon"),  # 7 days left: inside the window
        ("2024-03-13", "open", None, 7, "on_time"),  # 8 days left
        ("2024-03-20", "open", None, 7, "on_time"),
        ("2024-03-06", "open", None, 0, "on_time"),
        ("2024-03-05", "open", None, 0, "due_soon"),
        ("2024-03-04", "done", "2024-03-04", 7, "done"),
        ("2024-03-04", "done", "2024-03-05", 7, "done_late"),
    ],
)
def test_status_boundaries(due, state, done_on, soon, expected):
    from yishi.tasks import Task

    task = Task(
        id="2024-001",
        body="b",
        meeting="m",
        number="",
        meeting_date=dt.date(2024, 3, 1),
        item=2,
        title="t",
        kind="general",
        kind_name="一般事项",
        major=False,
        decision="d",
        owner="o",
        due=dt.date.fromisoformat(due),
        text="t",
        created="",
        state=state,
        done_on=dt.date.fromisoformat(done_on) if done_on else None,
    )
    assert task.status(dt.date(2024, 3, 5), soon) == expected
