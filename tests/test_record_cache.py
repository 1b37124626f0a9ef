"""The record cache of `Store.change` (issue 16.5): a process that writes a record again
(the shell) reuses the parsed document and the replayed meeting when the file still holds
the bytes it last read or wrote, and renders only the new log entry.

The cache must change nothing but the time: the same command lines run with it and with
it emptied before every line give the same output, exit codes and record bytes after
every line; another terminal's write between two commands is never lost or overwritten;
a refused command leaves no half-applied state behind.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EIGHT, FIXTURES
from yishi import store as store_mod
from yishi.commands.shell import Shell
from yishi.errors import YishiError
from yishi.store import Store, dumps

SETUP = [
    f"open {EIGHT} --type party_group --date 2024-03-05",
    "attend zhang li wang zhao chen",
    "item add 传达学习文件精神 --kind study",
    "item add 关于购置办公设备的请示 --kind general",
    "item add 关于干部任免的议题 --kind personnel --candidate 甲 --candidate 乙",
]

# a meeting as typed, with refusals (by the command, and by the record when the event is
# applied), no-ops, undo and fix among the changes
LINES = [
    "opinion 2 chen agree",
    "opinion 2 zhang agree",
    "vote 2 --method hands --yes zhang,li,wang,zhao,chen,huang",  # huang not present: refused
    "attend zhang",  # nothing to do
    "vote 2 --method hands --yes zhang,li,wang,zhao --no chen",
    "decide 2 同意购置",
    "decide 2 again",  # refused: needs --replace
    "leave huang --reason 出差 --opinion 同意",
    "attend liu --from-item 3",
    "recuse li --item 3 --reason 亲属关系",
    "opinion 3 li agree -c 甲",  # recused: refused when applied
    "opinion 3 wang agree -c 甲",
    "undo",
    "opinion 3 wang disagree -c 甲",
    "fix 999 opinion 3 wang agree -c 甲",  # no such entry
    "fix 14 opinion 3 wang agree -c 甲",  # replaces entry 14 in place
    "vote 3 --method secret -c 甲 --yes 5 --no 0",
    "vote 3 --method secret -c 乙 --yes 9",  # more ballots than present: refused
    "decide 3 同意 --candidate 甲",
    "item add 关于维修的请示 --amount 800",
    "absent yang",
    "undo",
    "undo",  # the item added before
    "absent yang",
    "set --place 二楼会议室",
    "close",
    "attend yang",  # closed: refused
]


def _quiet_run(shell: Shell, line: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = shell.run_line(line)
    return code, out.getvalue()


def _record(records: Path) -> bytes:
    (path,) = [p for p in records.glob("*.toml")]
    return path.read_bytes()


def _session(records: Path, cached: bool) -> list[tuple[int, str, bytes]]:
    shell = Shell(records, "en")
    for line in SETUP:
        assert _quiet_run(shell, line)[0] == 0, line
    seen = []
    for line in LINES:
        if not cached:
            store_mod._CACHE.clear()
        code, out = _quiet_run(shell, line)
        seen.append((code, out, _record(records)))
    return seen


def test_the_cache_changes_nothing_but_the_time(tmp_path: Path) -> None:
    store_mod._CACHE.clear()
    with_cache = _session(tmp_path / "a" / "records", cached=True)
    store_mod._CACHE.clear()
    without = _session(tmp_path / "b" / "records", cached=False)
    for line, a, b in zip(LINES, with_cache, without, strict=True):
        assert a == b, line
    codes = [code for code, _out, _bytes in with_cache]
    refused = [line for line, code in zip(LINES, codes, strict=True) if code]
    assert codes.count(2) == len(refused) == 6, refused


def test_a_record_written_with_the_cache_reads_back_to_the_same_bytes(tmp_path: Path) -> None:
    records = tmp_path / "records"
    _session(records, cached=True)
    data = _record(records)
    store = Store(records)
    (meeting_id,) = store.ids()
    assert dumps(store.read(meeting_id)) == data


def test_another_terminals_write_is_never_lost(tmp_path: Path) -> None:
    """Between two shell commands another process changes the record: the shell's next
    command reads it (it is in the log, revisions go on one by one)."""
    records = tmp_path / "records"
    shell = Shell(records, "en")
    for line in SETUP:
        assert _quiet_run(shell, line)[0] == 0
    assert _quiet_run(shell, "opinion 2 chen agree")[0] == 0
    env = {k: v for k, v in os.environ.items() if k not in ("YISHI_RECORDS", "YISHI_MEETING")}
    proc = subprocess.run(
        [sys.executable, "-m", "yishi", "--records", str(records), "attend", "liu"],
        env={**env, "YISHI_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    code, out = _quiet_run(shell, "opinion 2 liu agree")  # liu is present only in the file
    assert code == 0, out
    store = Store(records)
    doc = store.read(store.current())
    ops = [(e["op"], e.get("member"), e.get("members")) for e in doc["log"]]
    assert ops[-3:] == [
        ("opinion", "chen", None),
        ("attend", None, ["liu"]),
        ("opinion", "liu", None),
    ]
    assert doc["meeting"]["revision"] == len(doc["log"]) + 1


def test_a_hand_edit_of_the_same_length_is_seen(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shell = Shell(records, "en")
    for line in SETUP:
        assert _quiet_run(shell, line)[0] == 0
    path = next(records.glob("*.toml"))
    data = path.read_bytes()
    edited = data.replace("关于购置办公设备的请示".encode(), "关于购置办公家具的请示".encode())
    assert len(edited) == len(data) and edited != data
    path.write_bytes(edited)
    assert _quiet_run(shell, "opinion 2 chen agree")[0] == 0
    store = Store(records)
    assert store.meeting(store.current()).item(2).title == "关于购置办公家具的请示"
    text = path.read_text(encoding="utf-8")  # the kept text of the log is not written back
    assert "关于购置办公设备的请示" not in text and text.endswith('position = "agree"\n')


def test_a_refusal_when_applied_leaves_no_half_change(tmp_path: Path) -> None:
    """The record refuses the event after the command built it (a vote naming a member not
    present): the next command sees the meeting as the file has it."""
    records = tmp_path / "records"
    shell = Shell(records, "en")
    for line in SETUP:
        assert _quiet_run(shell, line)[0] == 0
    before = _record(records)
    code, out = _quiet_run(shell, "vote 2 --method hands --yes zhang,huang")
    assert code == 2 and _record(records) == before, out
    assert _quiet_run(shell, "vote 2 --method hands --yes zhang,li")[0] == 0
    store = Store(records)
    votes = store.meeting(store.current()).item(2).votes
    assert [v.yes_names for v in votes] == [("zhang", "li")]


def test_the_prompt_follows_the_file(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shell = Shell(records, "en")
    for line in SETUP:
        assert _quiet_run(shell, line)[0] == 0
    assert "5/8" in shell.prompt()
    other = Shell(records, "en")  # another terminal, in this process
    store_mod._CACHE.clear()
    assert _quiet_run(other, "attend liu")[0] == 0
    shell._meeting = None
    assert "6/8" in shell.prompt()


def test_records_written_by_0_1_take_changes_through_the_cache(tmp_path: Path) -> None:
    """An open 0.1 record: the first change upgrades it on reading, the second comes from
    the cache; a fresh read of the file agrees with the kept meeting. The issued ones
    refuse a change, cache or not, and stay as they were."""
    records = tmp_path / "records"
    shutil.copytree(FIXTURES / "records-0.1", records)
    store = Store(records)
    store_mod._CACHE.clear()
    meeting_id = "2024-05-07-test-bureau-party_group-1"
    first = store.change(meeting_id, lambda m: {"op": "notified", "org": "派驻纪检监察组"}, "t")
    second = store.change(meeting_id, lambda m: {"op": "notified", "org": "组织部"}, "t")
    assert second[0].notified[-2:] == ("派驻纪检监察组", "组织部")
    assert second[1]["n"] == first[1]["n"] + 1
    store_mod._CACHE.clear()
    assert store.meeting(meeting_id).notified == second[0].notified
    for issued in ("2024-03-05-test-bureau-party_group-1", "2024-04-02-test-bureau-party_group-1"):
        before = (records / f"{issued}.toml").read_bytes()
        for _ in range(2):
            with pytest.raises(YishiError):
                store.change(issued, lambda m: {"op": "notified", "org": "组织部"}, "t")
        assert (records / f"{issued}.toml").read_bytes() == before


def test_an_event_refused_half_way_does_not_stay_in_the_kept_meeting(tmp_path: Path) -> None:
    """`attend` applies member by member: an event naming a known member, then an unknown
    one, is refused after the first was marked present in memory. The file does not have
    it, so neither may the next change's meeting."""
    records = tmp_path / "records"
    shell = Shell(records, "en")
    for line in SETUP:
        assert _quiet_run(shell, line)[0] == 0
    store = Store(records)
    meeting_id = store.current()
    with pytest.raises(YishiError):
        store.change(meeting_id, lambda m: {"op": "attend", "members": ["liu", "nobody"]}, "t")
    meeting, _entry = store.change(meeting_id, lambda m: {"op": "notified", "org": "组织部"}, "t")
    assert meeting.status_of("liu") is None


def test_a_big_record_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache holds a few records of bounded size: a bigger one is read every time."""
    records = tmp_path / "records"
    shell = Shell(records, "en")
    for line in SETUP:
        assert _quiet_run(shell, line)[0] == 0
    path = str(next(records.glob("*.toml")))
    assert path in store_mod._CACHE
    monkeypatch.setattr(store_mod, "_CACHE_MAX_BYTES", 100)
    assert _quiet_run(shell, "opinion 2 chen agree")[0] == 0
    assert path not in store_mod._CACHE
    assert _quiet_run(shell, "opinion 2 zhang agree")[0] == 0
    store = Store(records)
    assert [o.member for o in store.meeting(store.current()).item(2).opinions] == ["chen", "zhang"]


@pytest.mark.parametrize("line", ["undo", "notified 组织部"])
def test_a_failed_write_leaves_nothing_kept(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk refuses the write (ENOSPC): the command fails with nothing written, and
    the next command does not write the refused entry after all."""
    records = tmp_path / "records"
    shell = Shell(records, "en")
    for setup in SETUP:
        assert _quiet_run(shell, setup)[0] == 0
    assert _quiet_run(shell, "opinion 2 chen agree")[0] == 0
    before = _record(records)
    real = store_mod.atomic_write

    def full(path: Path, data: bytes, *, durable: bool = True) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_mod, "atomic_write", full)
    code, out = _quiet_run(shell, line)
    assert code == 2 and _record(records) == before, out
    monkeypatch.setattr(store_mod, "atomic_write", real)
    assert _quiet_run(shell, "notified 派驻纪检监察组")[0] == 0
    store_mod._CACHE.clear()
    doc = Store(records).read(Store(records).current())
    assert [e["op"] for e in doc["log"]][-2:] == ["opinion", "notified"]
    assert [e["n"] for e in doc["log"]] == list(range(1, len(doc["log"]) + 1))
