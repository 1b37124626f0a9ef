"""batch as strict as issue, out-of-date-order warnings, output names that never collide,
number formats that cannot break issue, and batch workers that die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import tomli_w

from tests.helpers import EIGHT, Cli, number_of, quick, run_ok
from yishi import ledger


def rules_with(
    tmp_path: Path, body_id: str, type_id: str, number_format: str | None = None
) -> Path:
    raw = tomllib.loads(EIGHT.read_text(encoding="utf-8"))
    raw["body"]["id"] = body_id
    mtype = raw["meeting_types"]["party_group"]
    if number_format is not None:
        mtype["number_format"] = number_format
    raw["meeting_types"] = {type_id: mtype}
    path = tmp_path / f"{body_id}--{type_id}.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path


def test_batch_leaves_meetings_with_errors_unnumbered_and_force_logs_them(cli, tmp_path):
    good = quick(cli, "2024-02-01")
    nobody = cli.open(date="2024-03-01")  # nobody present: 出席：无
    run_ok(cli, "close")
    out = tmp_path / "out"
    result = cli("batch", "--year", "2024", "-o", str(out))
    assert result.exit_code == 1
    assert nobody in result.stderr and "QUORUM" in result.stderr and "--force" in result.stderr
    assert number_of(cli, nobody) == "" and number_of(cli, good) == "测试局党组纪〔2024〕1号"
    assert sorted(p.name for p in out.iterdir()) == ["2024-001-test-bureau-party_group.md"]
    forced = run_ok(cli, "batch", "--year", "2024", "-o", str(out), "--force")
    assert "logged as forced" in forced.stderr
    assert number_of(cli, nobody) == "测试局党组纪〔2024〕2号"
    run_ok(cli, "verify", "--all")


def test_numbering_out_of_date_order_is_said(cli, tmp_path):
    may = quick(cli, "2024-05-01")
    feb = quick(cli, "2024-02-01")
    run_ok(cli, "issue", may)
    result = run_ok(cli, "batch", "--year", "2024", "-o", str(tmp_path / "out"))
    assert (
        "out of date order" in result.stderr
        and "测试局党组纪〔2024〕1号 (2024-05-01)" in result.stderr
    )
    assert number_of(cli, feb) == "测试局党组纪〔2024〕2号"
    march = quick(cli, "2024-03-01")
    assert "out of date order" in run_ok(cli, "issue", march).stderr
    in_order = quick(cli, "2024-06-01")
    assert "out of date order" not in run_ok(cli, "issue", in_order).stderr


def test_batch_output_names_never_collide(cli, tmp_path):
    """body a-b / type x and body a / type b-x would both be a-b-x."""
    for body_id, type_id in (("a-b", "x"), ("a", "b-x")):
        cli.open(rules=rules_with(tmp_path, body_id, type_id), type=type_id)
        run_ok(cli, "close")
    out = tmp_path / "out"
    result = cli("batch", "--year", "2024", "-o", str(out), "--force")
    assert result.exit_code == 2 and "collision" in result.stderr
    assert not out.exists()
    assert not list(cli.records.glob(".ledger/*"))  # nothing numbered either


def test_number_formats_with_specs_are_refused(cli, tmp_path):
    for fmt in ("{short}〔{year}〕{seq:q}号", "{seq:>20000000}", "{seq!r}", "{seq:03d}"):
        path = rules_with(tmp_path, "fmt-body", "party_group", fmt)
        result = cli("rules", "check", str(path))
        assert result.exit_code == 1 and "BAD_FORMAT" in result.stdout, (fmt, result.output)
    # a record whose rules snapshot has one (edited by hand) burns no number at issue
    mid = quick(cli, "2024-02-01")
    path = cli.records / f"{mid}.toml"
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    doc["rules"]["meeting_types"]["party_group"]["number_format"] = "{seq:q}"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    result = cli("issue", mid)
    assert result.exit_code == 2 and "Traceback" not in result.output  # the snapshot is invalid
    assert not ledger.path_of(cli.records, "test-bureau").exists()


WORKERS = textwrap.dedent("""
    import os, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from yishi.workers import die_with_parent

    def work(path):
        with open(path + ".tmp", "w") as handle:
            handle.write(str(os.getpid()))
        os.rename(path + ".tmp", path)
        time.sleep(600)

    if __name__ == "__main__":
        pool = ProcessPoolExecutor(max_workers=2, initializer=die_with_parent,
                                   initargs=(os.getpid(),))
        for i in range(2):
            pool.submit(work, os.path.join(sys.argv[1], f"w{i}"))
        time.sleep(600)
""")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            state = next(line for line in handle if line.startswith("State:"))
    except (FileNotFoundError, StopIteration):
        return False
    return "Z" not in state.split()[1]  # a zombie is dead, waiting to be reaped


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_workers_die_with_their_parent_on_kill_9(tmp_path):
    script = tmp_path / "pool.py"
    script.write_text(WORKERS, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), str(tmp_path)])
    files = [tmp_path / "w0", tmp_path / "w1"]
    assert _wait(lambda: all(f.exists() for f in files), 60), "workers did not start"
    pids = [int(f.read_text()) for f in files]
    assert all(_alive(pid) for pid in pids)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert _wait(lambda: not any(_alive(pid) for pid in pids), 30), "workers outlived parent"


def test_batch_workers_die_with_a_killed_batch(cli, tmp_path):
    for month in range(1, 7):
        quick(cli, f"2024-0{month}-01")
    run_ok(cli, "batch", "--year", "2024", "-o", str(tmp_path / "first"))  # numbered now
    slow = tmp_path / "slow.md"
    slow.write_text(
        "{% for i in range(100000) %}{% for j in range(200) %}{% endfor %}"
        "{% endfor %}{{ number }}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "YISHI_RECORDS": str(cli.records), "LANG": "C.UTF-8"}
    batch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "yishi",
            "batch",
            "--year",
            "2024",
            "-o",
            str(tmp_path / "out"),
            "--template",
            str(slow),
            "--jobs",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def children() -> list[int]:
        try:
            text = Path(f"/proc/{batch.pid}/task/{batch.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    assert _wait(lambda: len(children()) >= 2, 60), "no workers seen"
    workers = children()
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    assert _wait(lambda: not any(_alive(pid) for pid in workers), 30), "orphaned workers"
    assert Cli(cli.records)("verify", "--all").exit_code == 0


def test_a_record_changed_after_it_was_read_is_never_served_from_the_stash(
    cli, tmp_path, monkeypatch
):
    """batch renders the files of a record it has just parsed (at the scan, or as it seals)
    into an in-process stash, keyed by the digest of those bytes. A record changed before
    the render pass reads it again is judged on its new bytes: a sealed record edited
    without a new seal is refused, and no file rendered from the old bytes is written."""
    from yishi import batch

    first, second = quick(cli, "2024-02-01"), quick(cli, "2024-03-01")
    out = tmp_path / "out"
    original = batch.render_all

    def tamper_then_render(*args, **kwargs):
        assert batch._WORKER.get("stash") is not None and batch._WORKER["stash"].files
        path = cli.records / f"{second}.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('recorder = "', 'recorder = "改', 1), encoding="utf-8")
        return original(*args, **kwargs)

    for extra in ((), ("--no-cache",)):  # stashed as sealed; stashed at the scan
        monkeypatch.setattr(batch, "render_all", tamper_then_render)
        shutil_rmtree(out)
        result = cli("batch", "--year", "2024", "-o", str(out), *extra)
        assert result.exit_code == 2, result.output
        assert second in result.stderr
        names = sorted(p.name for p in out.iterdir())
        assert names == ["2024-001-test-bureau-party_group.md"], names
        path = cli.records / f"{second}.toml"  # undo the edit for the next round
        path.write_text(
            path.read_text(encoding="utf-8").replace('recorder = "改', 'recorder = "', 1),
            encoding="utf-8",
        )
        monkeypatch.setattr(batch, "render_all", original)
        assert cli("verify", second).exit_code == 0
    assert batch._WORKER.get("stash") is None  # dropped when the run ends
    assert first


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def test_jobs_2_writes_what_scan_workers_stashed_only_for_unchanged_records(
    cli, tmp_path, monkeypatch
):
    """With --jobs 2 the scan workers render the records they verify and write those
    files under temporary names, renamed into place after the numbering; a record changed
    after the scan is judged again on its new bytes: here refused (edited without a new
    seal), its file not written, its temporary file gone."""
    from yishi import batch

    ids = [quick(cli, f"2024-{month:02d}-05") for month in range(1, 9)]
    out = tmp_path / "out"
    run_ok(cli, "batch", "--year", "2024", "-o", str(out))  # numbered and sealed
    original = batch.render_all
    victim = cli.records / f"{ids[3]}.toml"

    def tamper_then_render(*args, **kwargs):
        stash = batch._WORKER.get("stash")
        assert stash is not None and len(stash.staged) == 8  # written by the scan workers
        assert len([p for p in out.iterdir() if ".tmp-" in p.name]) == 8
        text = victim.read_text(encoding="utf-8")
        victim.write_text(text.replace('recorder = "', 'recorder = "改', 1), encoding="utf-8")
        return original(*args, **kwargs)

    monkeypatch.setattr(batch, "render_all", tamper_then_render)
    shutil_rmtree(out)
    result = cli("batch", "--year", "2024", "-o", str(out), "--no-cache", "--jobs", "2")
    assert result.exit_code == 2, result.output
    assert ids[3] in result.stderr
    assert len(list(out.iterdir())) == 7
    assert not any(p.name.startswith("2024-004-") for p in out.iterdir())


def test_batch_leaves_the_garbage_collector_as_it_found_it(cli, tmp_path):
    """batch freezes what is loaded before it starts (the collector skips it for the whole
    run); a process that goes on afterwards (the shell) collects everything again."""
    import gc

    quick(cli, "2024-01-05")
    before = gc.get_freeze_count()
    run_ok(cli, "batch", "--year", "2024", "-o", str(tmp_path / "out"))
    assert gc.get_freeze_count() == before


def test_jobs_2_refusing_after_the_scan_leaves_no_file_behind(cli, tmp_path):
    """The scan workers of --jobs 2 write what they render under temporary names before
    the year is judged whole; a year that is then refused (a seal broken elsewhere) leaves
    no temporary file, and no output directory where there was none."""
    ids = [quick(cli, f"2024-{month:02d}-05") for month in range(1, 9)]
    run_ok(cli, "batch", "--year", "2024", "-o", str(tmp_path / "first"))
    victim = cli.records / f"{ids[5]}.toml"
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace('recorder = "', 'recorder = "改', 1), encoding="utf-8")
    fresh, kept = tmp_path / "fresh", tmp_path / "kept"
    kept.mkdir()
    for out in (fresh, kept):
        result = cli("batch", "--year", "2024", "-o", str(out), "--no-cache", "--jobs", "2")
        assert result.exit_code == 1, result.output
        assert ids[5] in result.stderr
    assert not fresh.exists()
    assert list(kept.iterdir()) == []


def test_jobs_2_never_renames_a_staged_file_over_a_symlink(cli, tmp_path, monkeypatch):
    """A symlink that appears where a staged file goes, after the scan: that file is
    refused (exit 2, the link untouched), the others are renamed into place, and no
    temporary file is left."""
    from yishi import batch

    for month in range(1, 9):
        quick(cli, f"2024-{month:02d}-05")
    out = tmp_path / "out"
    run_ok(cli, "batch", "--year", "2024", "-o", str(out))
    names = sorted(p.name for p in out.iterdir())
    shutil_rmtree(out)
    bait = tmp_path / "bait.md"
    bait.write_text("not ours\n", encoding="utf-8")
    original = batch.render_all

    def link_then_render(*args, **kwargs):
        (out / names[2]).symlink_to(bait)
        return original(*args, **kwargs)

    monkeypatch.setattr(batch, "render_all", link_then_render)
    result = cli("batch", "--year", "2024", "-o", str(out), "--no-cache", "--jobs", "2")
    assert result.exit_code == 2, result.output
    assert names[2] in result.stderr
    assert (out / names[2]).is_symlink() and bait.read_text(encoding="utf-8") == "not ours\n"
    assert sorted(p.name for p in out.iterdir()) == names
