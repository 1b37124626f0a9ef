"""kill -9 during `issue`, `amend` and `batch`: never a number issued twice, never a gap,
never a ledger entry without its record nor a record without its entry (after the next
command or `yishi repair`, which completes what a kill interrupted), and `verify --all`
clean afterwards.

A writer process imports yishi once, then forks one child per command (like a warm
`python -m yishi`) and kills it with SIGKILL after a random delay around the time that
command takes, cycling issue -> amend -> batch -> batch --jobs 2. Each batch run numbers
fresh meetings of a year of its own and renders them: two, or ten with `--jobs 2` (enough
for its workers to compose the sealed records ahead of the main process, batch.SealAhead).
`make test` runs a sample (YISHI_CRASH_KILLS, default 30); `make crash` runs 332 kills (83
per command).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import Cli, quick, run_ok
from yishi import ledger
from yishi.store import Store

KILLS = int(os.environ.get("YISHI_CRASH_KILLS", "30"))

WRITER = textwrap.dedent("""
    import copy, datetime as dt, json, os, random, signal, statistics, sys, time
    from pathlib import Path

    template_id, kills_per_op, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    records = Path(os.environ["YISHI_RECORDS"])
    out = Path(sys.argv[4])
    import typer.main
    from yishi.app import app
    import yishi.commands.minutes, yishi.commands.integrity, yishi.render, yishi.check
    import yishi.keys, yishi.ledger, yishi.integrity, yishi.i18n
    import jinja2, cryptography.hazmat.primitives.asymmetric.ed25519
    from yishi.store import Store, atomic_write, dumps
    yishi.i18n.catalog()
    yishi.keys.office_key()  # the key exists before the first kill
    command = typer.main.get_command(app)
    store = Store(records)
    template = store.read(template_id)

    def clone(date, n=1):
        doc = copy.deepcopy(template)
        mid = f"{date.isoformat()}-test-bureau-party_group-{n}"
        doc["meeting"]["id"], doc["meeting"]["date"] = mid, date.isoformat()
        atomic_write(store.path(mid), dumps(doc))
        return mid

    def run(args):
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            try:
                command.main(args, prog_name="yishi")
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 3)
            except BaseException:
                code = 99
            os._exit(code)
        return pid

    rng = random.Random(seed)
    OPS = ("issue", "amend", "batch", "batch2")
    durations = {op: [] for op in OPS}
    kills = dict.fromkeys(OPS, 0)
    window = dict.fromkeys(OPS, 0)
    outcomes = []
    made, to_issue, issued, year = 0, [], [], 2030
    rounds = 0
    while min(kills.values()) < kills_per_op and rounds < 40 * kills_per_op + 60:
        rounds += 1
        for op in OPS:
            if kills[op] >= kills_per_op and len(durations[op]) >= 3:
                continue
            if op == "issue":
                if not to_issue:
                    day = dt.date(2024, 1, 1) + dt.timedelta(days=made % 360)
                    to_issue.append(clone(day, made // 360 + 1))
                    made += 1
                args = ["issue", to_issue[0]]
            elif op == "amend":
                if not issued:
                    continue
                args = ["amend", rng.choice(issued), f"更正第{rounds}处"]
            elif op == "batch":
                year += 1
                clone(dt.date(year, 1, 1)), clone(dt.date(year, 1, 2))
                args = ["batch", "--year", str(year), "-o", str(out)]
            else:
                year += 1
                for day in range(1, 11):
                    clone(dt.date(year, 1, day))
                args = ["batch", "--year", str(year), "-o", str(out), "--jobs", "2"]
            calibrating = len(durations[op]) < 3
            start = time.perf_counter()
            pid = run(args)
            if not calibrating:
                time.sleep(rng.uniform(0.0, 1.2) * statistics.median(durations[op]))
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            if calibrating:
                durations[op].append(time.perf_counter() - start)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            if code == -9:
                kills[op] += 1
                # did it land between the ledger append and the record write?
                found = yishi.ledger.load(records, "test-bureau")
                last = found.entries[-1] if found and found.entries else {}
                if last.get("op") in ("issue", "amend") and yishi.integrity._record_state(
                        store, last, found.id) != "done":
                    window[op] += 1
            outcomes.append([op, args[1], code])
            if op == "issue" and code in (0, 2):  # issued now, or already (a killed run's)
                issued.append(to_issue.pop(0))
    print(json.dumps({"kills": kills, "outcomes": outcomes, "window": window,
                      "median_ms": {k: 1000 * statistics.median(v) for k, v in
                                    durations.items() if v}}))
""")


def test_kill_9_during_issue_amend_and_batch(cli: Cli, tmp_path: Path) -> None:
    template = quick(cli, "2023-12-01")  # a valid closed meeting, cloned by the writer
    per_op = -(-KILLS // 4)
    env = {
        **os.environ,
        "YISHI_RECORDS": str(cli.records),
        "YISHI_LANG": "en",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("YISHI_NOW", None)  # real time stamps, as in use
    proc = subprocess.run(
        [sys.executable, "-c", WRITER, template, str(per_op), "12", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    kills, outcomes = report["kills"], report["outcomes"]
    assert all(k >= per_op for k in kills.values()), kills
    unexpected = [
        o for o in outcomes if o[2] not in (0, -9) and not (o[0] == "issue" and o[2] == 2)
    ]
    assert not unexpected, unexpected[:5]

    # what the last kill may have left: the next command (here: repair) completes it
    repaired = run_ok(cli, "repair")
    assert "voided" not in repaired.stdout and "missing" not in repaired.stdout
    verified = cli("verify", "--all")
    assert verified.exit_code == 0, verified.output[-3000:]
    assert not list(cli.records.glob(".*.tmp-*"))

    store = Store(cli.records)
    records: dict[str, str] = {}
    by_key: dict[int, list[int]] = {}
    for header in store.headers():
        if header.get("state") == "issued":
            records[str(header["id"])] = str(header["number"])
            by_key.setdefault(int(str(header["date"])[:4]), []).append(header["seq"])
    for year, seqs in by_key.items():  # no number twice, no gap, in every year
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), (year, sorted(seqs))
    entries = ledger.load(cli.records, "test-bureau")
    assert entries is not None and not entries.voided()
    standing = {e["meeting"]: e["number"] for e in entries.sealing() if e["op"] == "issue"}
    assert standing == records  # every entry has its record, every record its entry
    total = sum(kills.values())
    print(
        f"\nkill -9: {total} kills ({kills}) over {len(outcomes)} commands; "
        f"{report['window']} landed between ledger entry and record (completed later); "
        f"{len(records)} numbers issued, 0 twice, 0 gaps, 0 orphans; median ms "
        f"{ {k: round(v) for k, v in report['median_ms'].items()} }"
    )
