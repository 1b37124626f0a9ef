#!/usr/bin/env python3
"""yishi benchmarks: `make bench` (or `python bench/run.py [--quick] [--only a,b,...]`).

Every figure is the median of repeated runs, and the contenders of a comparison run
interleaved in the same process, so the figures are ratios on one machine at one moment
rather than absolute times (CPU seconds of the child processes are shown beside the wall
time: on a busy machine they are the steadier number).

  a  one-shot `yishi attend` (15 members, 10 items, subprocess; its typer-free fast path)
     vs the floor (a stdlib-only script doing the same read/change/atomic write) vs a bare
     typer app of the same shape vs the same command forced through typer
  b  the same command inside the shell, in-process (and via `app(args)` for comparison)
  c  `yishi rules check` over 1,000 generated rule files, one process
  d  `yishi check --year` over a year of 300 meetings
  e  `yishi batch` of 1,000 meetings (bench/batch_bench.py): first run; re-renders md and
     docx with and without the cache, --jobs 1 and 2, against the I/O floor; peak RSS
  f  a shell command (attend/absent) in a meeting of ~10 and of ~1,000 log entries

Targets: a <= 2.5x the floor (issue 16.4); b <= 10 ms/command (issue 15); c < 3 s;
e (16.1, 16.3) first run >= 300/s, md re-render <= 3x the I/O floor, --jobs 2 >= 1.6x
--jobs 1, docx >= 150/s per core, peak RSS <= 150 MiB at 10,000 meetings;
f <= 1.5x at 1,000 entries what it costs at 10 (16.5).
Results: a table on stdout and bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen  # noqa: E402

CORES = os.cpu_count() or 1
PYCACHE: Path | None = None  # where the children keep their .pyc files (set by main)


@dataclass
class Row:
    section: str
    what: str
    value: str
    detail: str = ""
    target: str = ""
    verdict: str = ""  # met | missed | "" (no target, or not judged)


@dataclass
class Config:
    quick: bool
    runs: int  # repeats of the heavy measurements (c, d, e)
    oneshot_runs: int
    shell_runs: int
    rules_files: int
    year_meetings: int
    batch_md: int
    rss_meetings: int  # section e: the year whose scan's peak RSS is measured


FULL = Config(False, 3, 15, 60, 1000, 300, 1000, 10000)
QUICK = Config(True, 1, 3, 5, 40, 20, 24, 48)


def env() -> dict[str, str]:
    out = {**os.environ, "LANG": "C.UTF-8", "YISHI_LANG": "en", "NO_COLOR": "1", "COLUMNS": "100"}
    for var in ("YISHI_RECORDS", "YISHI_MEETING", "YISHI_NOW"):
        out.pop(var, None)
    if PYCACHE is not None:
        # PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every yishi run compile
        # its modules from source while typer and pydantic load the .pyc files pip wrote:
        # the children keep every .pyc under the work directory (written by the warm-up
        # run), so they measure what an installed yishi costs and write nothing elsewhere
        out.pop("PYTHONDONTWRITEBYTECODE", None)
        out["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return out


def yishi_cmd() -> list[str]:
    exe = shutil.which("yishi")
    return [exe] if exe else [sys.executable, "-m", "yishi"]


def timed(
    argv: list[str], *, ok: tuple[int, ...] = (0,), cwd: Path | None = None
) -> tuple[float, float]:
    """Run a process; (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        argv, env=env(), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in ok:
        raise SystemExit(
            f"bench: {' '.join(argv)} exited {proc.returncode}:\n{proc.stderr[-2000:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def med(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def verdict(ok: bool, cfg: Config) -> str:
    if cfg.quick:
        return ""
    return "met" if ok else "missed"


# ---------------------------------------------------------------------------- a + b


def prepare_meeting(work: Path) -> tuple[Path, Path, bytes, list[str]]:
    rules = work / "rules15.toml"
    rules.write_text(gen.rules_text(0, 15), encoding="utf-8")
    records = work / "records-a"
    meeting_id, late = gen.open_meeting(records, rules, items=10)
    path = records / f"{meeting_id}.toml"
    return records, path, path.read_bytes(), late


def section_a(cfg: Config, work: Path) -> list[Row]:
    records, path, pristine, late = prepare_meeting(work)
    py = sys.executable
    contenders: dict[str, list[str]] = {
        "python -c pass": [py, "-c", "pass"],
        "floor (stdlib script)": [
            py,
            str(HERE / "floor.py"),
            "attend",
            *late,
            "--records",
            str(records),
        ],
        "bare typer app": [
            py,
            str(HERE / "bare_typer.py"),
            "--records",
            str(records),
            "attend",
            *late,
        ],
        # the same command forced through typer: what the fast path saves
        "yishi attend, typer path": [
            py,
            "-c",
            "import sys; from yishi import app; "
            "app.build(app.invoked(sys.argv[1:]))(prog_name='yishi')",
            "--records",
            str(records),
            "attend",
            *late,
        ],
        "yishi attend": [*yishi_cmd(), "--records", str(records), "attend", *late],
    }
    walls: dict[str, list[float]] = {k: [] for k in contenders}
    cpus: dict[str, list[float]] = {k: [] for k in contenders}
    for argv in contenders.values():  # warm the page cache and the .pyc files
        path.write_bytes(pristine)
        timed(argv)
    for _ in range(cfg.oneshot_runs):
        for name, argv in contenders.items():
            path.write_bytes(pristine)
            wall, cpu = timed(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
    path.write_bytes(pristine)
    bare = med(walls["bare typer app"])
    floor = med(walls["floor (stdlib script)"])
    rows = []
    for name in contenders:
        wall = med(walls[name])
        rows.append(
            Row(
                "a",
                f"one-shot: {name}",
                ms(wall),
                f"cpu {ms(med(cpus[name]))}; {wall / floor:.2f}x floor, "
                f"{wall / bare:.2f}x bare typer",
            )
        )
    ratio = med(walls["yishi attend"]) / floor
    cpu_ratio = med(cpus["yishi attend"]) / med(cpus["floor (stdlib script)"])
    rows[-1].target = "<= 2.5x floor"
    rows[-1].verdict = verdict(ratio <= 2.5, cfg)
    rows[-1].value = f"{ms(med(walls['yishi attend']))} = {ratio:.2f}x floor"
    rows[-1].detail += f"; cpu {cpu_ratio:.2f}x the floor's (fast path, no typer)"
    return rows


def _in_process(run: Callable[[], int], path: Path, pristine: bytes, runs: int) -> list[float]:
    times = []
    sink = io.StringIO()
    for i in range(runs + 2):
        path.write_bytes(pristine)
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            start = time.perf_counter()
            code = run()
            elapsed = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"bench: in-process command exited {code}:\n{sink.getvalue()[-2000:]}")
        sink.seek(0)
        sink.truncate()
        if i >= 2:  # two warm-up runs
            times.append(elapsed)
    path.write_bytes(pristine)
    return times


def section_b(cfg: Config, work: Path) -> list[Row]:
    records, path, pristine, late = prepare_meeting(work)
    os.environ.pop("YISHI_MEETING", None)
    from yishi.app import app

    rows = []
    line = "attend " + " ".join(late)
    try:
        from yishi.commands.shell import Shell
    except ImportError:
        Shell = None  # noqa: N806
    if Shell is not None:
        shell = Shell(records, "en")
        times = _in_process(lambda: shell.run_line(line), path, pristine, cfg.shell_runs)
        value = med(times)
        rows.append(
            Row(
                "b",
                "shell: attend, per command",
                ms(value),
                f"p90 {ms(sorted(times)[int(0.9 * (len(times) - 1))])}, {len(times)} runs",
                "<= 10 ms",
                verdict(value <= 0.010, cfg),
            )
        )

    def via_app() -> int:
        try:
            result = app(
                ["--records", str(records), "--lang", "en", *line.split()],
                prog_name="yishi",
                standalone_mode=False,
            )
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1
        return result if isinstance(result, int) else 0

    times = _in_process(via_app, path, pristine, cfg.shell_runs)
    rows.append(
        Row(
            "b",
            "in-process app(args): attend",
            ms(med(times)),
            "rebuilds the click command tree per call (the shell keeps one)",
            "" if Shell is not None else "<= 10 ms",
            "" if Shell is not None else verdict(med(times) <= 0.010, cfg),
        )
    )

    # where a command's time goes: the click tree, and the record work alone
    import typer.main

    from yishi.store import Store

    build = []
    for _ in range(max(3, cfg.shell_runs // 4)):
        start = time.perf_counter()
        typer.main.get_command(app)
        build.append(time.perf_counter() - start)
    rows.append(
        Row(
            "b",
            "  part: typer.main.get_command(yishi app)",
            ms(med(build)),
            "paid by every one-shot command, once by the shell",
        )
    )
    store = Store(records)
    meeting_id = store.current()

    def change() -> int:
        store.change(meeting_id, lambda m: {"op": "attend", "members": late}, "bench")
        return 0

    times = _in_process(change, path, pristine, cfg.shell_runs)
    rows.append(
        Row(
            "b",
            "  part: Store.change (lock, parse, replay, write, fsync)",
            ms(med(times)),
            "the record work alone",
        )
    )
    return rows


def section_f(cfg: Config, work: Path) -> list[Row]:
    """A shell command's cost at ~10 and ~1,000 log entries (issue 16.5)."""
    from yishi.commands.shell import Shell

    rules = work / "rules-f.toml"
    rules.write_text(gen.rules_text(0, 15), encoding="utf-8")
    sizes = {"short": 2, "long": 7 if cfg.quick else 120}  # items
    setups = {}
    for label, items in sizes.items():
        records = work / f"records-f-{label}"
        meeting_id, late = gen.open_meeting(records, rules, items=items)
        path = records / f"{meeting_id}.toml"
        entries = path.read_text(encoding="utf-8").count("[[log]]")
        setups[label] = (Shell(records, "en"), path, path.read_bytes(), late, entries)
    walls: dict[str, list[float]] = {k: [] for k in setups}
    cpus: dict[str, list[float]] = {k: [] for k in setups}
    sink = io.StringIO()
    rounds = max(2, cfg.shell_runs // 6)
    for _ in range(rounds):
        for label, (shell, path, pristine, late, _n) in setups.items():
            path.write_bytes(pristine)  # back to its length (the log grows by 8 lines)
            lines = [f"attend {' '.join(late)}", f"absent {' '.join(late)}"] * 4
            for index, line in enumerate(lines):
                with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                    start, cpu = time.perf_counter(), time.process_time()
                    code = shell.run_line(line)
                    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
                if code != 0:
                    raise SystemExit(f"bench: shell {line!r} exited {code}:\n{sink.getvalue()}")
                sink.seek(0)
                sink.truncate()
                if index >= 2:  # the first reads a record it has not seen: a warm-up
                    walls[label].append(wall)
                    cpus[label].append(cpu)
    rows = []
    for label, (_shell, path, _p, _l, entries) in setups.items():
        rows.append(
            Row(
                "f",
                f"shell: attend/absent at {entries} log entries",
                ms(med(walls[label])),
                f"cpu {ms(med(cpus[label]))}; record {path.stat().st_size // 1024} KB, "
                f"{len(walls[label])} runs",
            )
        )
    cpu_ratio = med(cpus["long"]) / med(cpus["short"])
    wall_ratio = med(walls["long"]) / med(walls["short"])
    rows[-1].value += f" = {cpu_ratio:.2f}x (cpu)"
    rows[-1].detail += f"; wall {wall_ratio:.2f}x the short meeting's"
    rows[-1].target = "<= 1.5x the short meeting (cpu)"
    rows[-1].verdict = verdict(cpu_ratio <= 1.5, cfg)
    return rows


# ---------------------------------------------------------------------------- c + d


def section_c(cfg: Config, work: Path) -> list[Row]:
    directory = work / "rules-files"
    gen.write_rules_files(directory, cfg.rules_files, typo_every=10)
    argv = [*yishi_cmd(), "rules", "check", "--format", "json", str(directory)]
    timed(argv, ok=(0, 1))
    walls, cpus = [], []
    for _ in range(cfg.runs):
        wall, cpu = timed(argv, ok=(0, 1))  # 1 in 10 files has a typo'd key: exit 1
        walls.append(wall)
        cpus.append(cpu)
    wall = med(walls)
    return [
        Row(
            "c",
            f"rules check, {cfg.rules_files} files, one process",
            f"{wall:.2f} s",
            f"{cfg.rules_files / wall:.0f} files/s; cpu {med(cpus):.2f} s",
            "< 3 s (1,000 files)",
            verdict(wall < 3, cfg),
        )
    ]


def section_d(cfg: Config, work: Path) -> list[Row]:
    rules = work / "rules-year.toml"
    rules.write_text(gen.rules_text(1, 15), encoding="utf-8")
    records = work / "records-year"
    gen.write_year(records, rules, cfg.year_meetings, year=2024)
    argv = [*yishi_cmd(), "--records", str(records), "check", "--year", "2024", "--format", "json"]
    timed(argv, ok=(0, 1))
    walls, cpus = [], []
    for _ in range(cfg.runs):
        wall, cpu = timed(argv, ok=(0, 1))
        walls.append(wall)
        cpus.append(cpu)
    wall = med(walls)
    return [
        Row(
            "d",
            f"check --year, {cfg.year_meetings} meetings",
            f"{wall:.2f} s",
            f"{cfg.year_meetings / wall:.0f} meetings/s; cpu {med(cpus):.2f} s",
        )
    ]


# ---------------------------------------------------------------------------- e


def repeat(measure: Callable[[], float], runs: int, budget: float) -> list[float]:
    """Up to `runs` measurements, fewer when they take longer than `budget` seconds in all
    (a slow batch of 1,000 would otherwise keep `make bench` busy for half an hour)."""
    out: list[float] = []
    start = time.perf_counter()
    while len(out) < runs and (
        not out or time.perf_counter() - start + statistics.median(out) <= budget
    ):
        out.append(measure())
    return out


def section_e(cfg: Config, work: Path) -> list[Row]:
    import batch_bench

    return batch_bench.section(
        cfg, work, gen=gen, env=env(), yishi=yishi_cmd(), row=Row, verdict=verdict
    )


# ---------------------------------------------------------------------------- report

SECTIONS = {
    "a": section_a,
    "b": section_b,
    "f": section_f,
    "c": section_c,
    "d": section_d,
    "e": section_e,
}


def table(rows: list[Row]) -> list[str]:
    head = ["", "measurement", "median", "detail", "target", "verdict"]
    cells = [[r.section, r.what, r.value, r.detail, r.target, r.verdict] for r in rows]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c) + " |" for c in cells]
    return lines


def machine() -> str:
    return (
        f"{CORES} cores, {platform.machine()}, Linux {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes and one run each: proves the script works (no targets judged)",
    )
    parser.add_argument("--only", default="abfcde", help="sections to run, e.g. a,b")
    parser.add_argument(
        "--results",
        type=Path,
        default=HERE / "results" / "latest.md",
        help="where to write the markdown results",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    sections = [s for s in args.only.replace(",", "") if s in SECTIONS]
    work = Path(tempfile.mkdtemp(prefix="yishi-bench-"))
    # the office key and ledger checkpoints of the bench's records live in its work dir,
    # never in the user's ~/.config/yishi
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    global PYCACHE
    PYCACHE = work / "pycache"
    rows: list[Row] = []
    started = time.perf_counter()
    try:
        for name in sections:
            t0 = time.perf_counter()
            print(f"[bench] section {name} ...", file=sys.stderr, flush=True)
            section_rows = SECTIONS[name](cfg, work)
            rows += section_rows
            for line in table(section_rows)[2:]:
                print("[bench] " + line, file=sys.stderr, flush=True)
            print(f"[bench] section {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    finally:
        if args.keep:
            print(f"[bench] work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    header = [
        f"# yishi benchmarks{' (quick smoke run)' if cfg.quick else ''}",
        "",
        f"{when}; {machine()}; load average at the end {load:.2f}; "
        f"total {time.perf_counter() - started:.0f} s.",
        "",
    ]
    out = header + table(rows) + [""]
    print("\n".join(out))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text("\n".join(out), encoding="utf-8")
    print(f"[bench] written {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
