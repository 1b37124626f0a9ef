"""Crashes, concurrent writers and failing disks.

- SIGKILL at random moments: writer processes (yishi imported once, then one forked child
  per command, like a warm `python -m yishi`) run `yishi guest NAME` in a loop and kill
  their own child after a random delay drawn around the time a command takes. Afterwards
  the record loads and every command whose process exited 0 is in the log.
  `YISHI_KILLS=2000 pytest tests/test_durability.py` runs a longer campaign.
- Two writers at once, 2 x 100 commands on one meeting: nothing is lost.
- Fault injection: fsync, replace or write (ENOSPC) failing leaves the old record intact,
  no temp file behind, and exit 2 with a clear message.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from yishi import rules as rules_mod
from yishi.store import Store

EIGHT = Path(__file__).parent / "fixtures" / "eight.toml"
KILLS = int(os.environ.get("YISHI_KILLS", "210"))

WRITER = textwrap.dedent("""
    import json, os, random, signal, statistics, sys, time
    from pathlib import Path

    writer, count, min_kills, seed = (int(a) for a in sys.argv[1:5])
    records = Path(os.environ["YISHI_RECORDS"])
    # warm every import a command needs, so a forked child only does the command
    import tomllib, tomli_w, typer.main
    from yishi.app import app
    import yishi.commands.meeting, yishi.store, yishi.record, yishi.rules, yishi.i18n
    yishi.i18n.catalog()
    command = typer.main.get_command(app)  # the click tree of the real `yishi`, built once
    # one command against a scratch copy, so that every first-call cost (lazy imports,
    # regex compilation, catalogs) is paid here and not again in each forked child
    import shutil, tempfile
    scratch = Path(tempfile.mkdtemp()) / "records"
    # the other writers are already running: their temp files come and go under our feet
    shutil.copytree(records, scratch, ignore=shutil.ignore_patterns(".*.lock", ".*.tmp-*"))
    for _ in range(2):
        try:
            null, keep = os.open(os.devnull, os.O_WRONLY), os.dup(1)
            os.dup2(null, 1)
            command.main(["--records", str(scratch), "guest", "warm-up"], prog_name="yishi")
        except SystemExit:
            pass
        finally:
            os.dup2(keep, 1)
    shutil.rmtree(scratch.parent)

    rng = random.Random(seed)
    results, durations, kills, mid_write = [], [], 0, 0

    def run(name):
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            try:
                command.main(["guest", name, "--role", "crash-test"], prog_name="yishi")
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 3)
            except BaseException:
                code = 99
            os._exit(code)
        return pid

    i = 0
    while i < count or kills < min_kills:
        if i > 20 * max(count, min_kills):
            break
        name = f"w{writer}-{i}"
        calibrating = min_kills and len(durations) < 5
        start = time.perf_counter()
        pid = run(name)
        if min_kills and not calibrating:
            # a random moment within (a little more than) the time a command takes
            time.sleep(rng.uniform(0.2, 1.3) * statistics.median(durations))
            os.kill(pid, signal.SIGKILL)  # a zombie (already exited) ignores it
        _, status = os.waitpid(pid, 0)
        if calibrating:
            durations.append(time.perf_counter() - start)
        if os.WIFSIGNALED(status):
            kills += 1
            # its temp file is still there: the kill landed inside atomic_write
            if any(records.glob(f".*.tmp-{pid}-*")):
                mid_write += 1
            results.append([name, -os.WTERMSIG(status)])
        else:
            results.append([name, os.WEXITSTATUS(status)])
        i += 1
    print(json.dumps({"results": results, "kills": kills, "mid_write": mid_write,
                      "median_ms": 1000 * statistics.median(durations) if durations else 0}))
""")


def open_meeting(root: Path) -> tuple[Store, str]:
    rules = rules_mod.load(EIGHT)
    store = Store(root)
    meeting_id = store.create(
        {"body": rules.body.id, "type": "party_group", "date": "2024-03-05", "chair": "zhang"},
        rules,
    )
    store.set_current(meeting_id)
    return store, meeting_id


def run_writers(root: Path, specs: list[tuple[int, int, int]]) -> list[dict[str, Any]]:
    """Start one writer process per (writer, count, min_kills) at once; their reports."""
    env = {
        **os.environ,
        "YISHI_RECORDS": str(root),
        "YISHI_LANG": "en",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("YISHI_MEETING", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(w), str(n), str(k), str(w)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w, n, k in specs
    ]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def test_sigkill_during_writes_loses_nothing_reported(tmp_path: Path) -> None:
    root = tmp_path / "records"
    store, meeting_id = open_meeting(root)
    writers = 3
    per_writer = -(-KILLS // writers)
    reports = run_writers(root, [(w, 0, per_writer) for w in range(writers)])

    results = [r for report in reports for r in report["results"]]
    kills = sum(report["kills"] for report in reports)
    mid_write = sum(report["mid_write"] for report in reports)
    outcomes = {code for _, code in results}
    assert outcomes <= {0, -9}, f"a command failed rather than being killed: {outcomes}"
    assert kills >= KILLS

    meeting = store.meeting(meeting_id)  # the record always loads
    logged = {name for name, _ in meeting.guests}
    succeeded = {name for name, code in results if code == 0}
    assert succeeded <= logged, f"lost after exit 0: {sorted(succeeded - logged)[:5]}"
    killed_but_logged = len(logged - succeeded)
    assert logged <= {name for name, _ in results}
    # the log holds exactly one entry per command that got written, no duplicates
    doc = store.read(meeting_id)
    assert len(doc["log"]) == len(logged) == meeting.guests.__len__()
    assert doc["meeting"]["revision"] == 1 + len(doc["log"])
    # a later command cleans the temp files of killed writers up
    store.change(meeting_id, lambda m: {"op": "guest", "name": "after", "role": ""}, "t")
    assert not list(root.glob(".*.tmp-*"))
    print(
        f"\nSIGKILL: {kills} kills over {len(results)} commands by {writers} writers; "
        f"{len(succeeded)} exited 0, all logged; {killed_but_logged} killed after their "
        f"write landed; >= {mid_write} kills inside atomic_write; "
        f"median command {sum(r['median_ms'] for r in reports) / writers:.1f} ms"
    )


def test_two_writers_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "records"
    store, meeting_id = open_meeting(root)
    reports = run_writers(root, [(0, 100, 0), (1, 100, 0)])
    results = [r for report in reports for r in report["results"]]
    assert len(results) == 200 and all(code == 0 for _, code in results), results
    meeting = store.meeting(meeting_id)
    assert sorted(name for name, _ in meeting.guests) == sorted(name for name, _ in results)
    doc = store.read(meeting_id)
    assert [e["n"] for e in doc["log"]] == list(range(1, 201))
    assert doc["meeting"]["revision"] == 201
    # each writer's own commands landed in the order it ran them
    for w in (0, 1):
        mine = [name for name, _ in meeting.guests if name.startswith(f"w{w}-")]
        assert mine == [f"w{w}-{i}" for i in range(100)]


# ---------------------------------------------------------------------------- fault injection


def _fail(exc: OSError) -> Any:
    def fake(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fake


@pytest.fixture
def meeting(cli: Any) -> tuple[Any, str, Path]:
    meeting_id = cli.open()
    assert cli("attend", "zhang", "li").exit_code == 0
    return cli, meeting_id, cli.records / f"{meeting_id}.toml"


@pytest.mark.parametrize("fault", ["fsync", "replace", "write_enospc", "write_partial"])
def test_failing_disk_keeps_old_record(
    meeting: tuple[Any, str, Path], fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, meeting_id, path = meeting
    before = path.read_bytes()
    if fault == "fsync":
        monkeypatch.setattr(os, "fsync", _fail(OSError(errno.EIO, os.strerror(errno.EIO))))
        expect = "Input/output error"
    elif fault == "replace":
        monkeypatch.setattr(os, "replace", _fail(OSError(errno.EACCES, os.strerror(errno.EACCES))))
        expect = "Permission denied"
    else:
        real_write = os.write
        calls = {"n": 0}

        def write(fd: int, data: Any) -> int:
            if fd <= 2:
                return real_write(fd, data)
            calls["n"] += 1
            if fault == "write_partial" and calls["n"] == 1:
                return real_write(fd, bytes(data[: len(data) // 2]))  # half, then full disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "write", write)
        expect = "No space left on device"
    result = cli("attend", "wang")
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert expect in result.output and str(path) in result.output
    assert "unchanged" in result.output
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp-*")), "temp file left behind"
    # and the meeting carries on
    assert cli("attend", "wang").exit_code == 0
    assert "wang" in {m.id for m in Store(path.parent).meeting(meeting_id).attended()}


def test_failing_directory_fsync_is_not_a_traceback(
    meeting: tuple[Any, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """fsync of the directory comes after the rename: the record is already the new one
    (some filesystems refuse a directory fsync). No traceback either way."""
    cli, meeting_id, path = meeting
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = cli("attend", "wang")
    monkeypatch.undo()
    assert result.exit_code in (0, 2), result.output
    meeting_now = Store(path.parent).meeting(meeting_id)
    assert ("wang" in {m.id for m in meeting_now.attended()}) == (result.exit_code == 0)


def test_unwritable_records_dir_is_a_clear_error(
    meeting: tuple[Any, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temp file cannot be created (read-only or full directory)."""
    cli, meeting_id, path = meeting
    before = path.read_bytes()
    real_open = os.open

    def fake_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if ".tmp-" in str(file):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    result = cli("attend", "wang")
    monkeypatch.undo()
    assert result.exit_code == 2 and "Read-only file system" in result.output
    assert path.read_bytes() == before
