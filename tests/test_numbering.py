"""Minutes numbers: issue order, one sequence per body + meeting type + year, never
reused, never changed; `batch` numbers in date order after those already issued, renders
into safe file names, and a re-run changes no number."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import number_of, quick, run_ok
from yishi import ledger
from yishi.errors import InputError
from yishi.numbering import format_number, gaps
from yishi.store import Store


def test_format_number_placeholders():
    assert (
        format_number(
            "{short}纪〔{year}〕{seq}号", short="测试局党组", year=2024, seq=3, body="b", type="t"
        )
        == "测试局党组纪〔2024〕3号"
    )
    assert (
        format_number(
            "{body}-{type}-{year}-{seq}",
            short="s",
            year=2024,
            seq=7,
            body="test-bureau",
            type="party_group",
        )
        == "test-bureau-party_group-2024-7"
    )
    for bad in ("{seq:03d}", "{seq:q}", "{seq:>20000000}", "{seq!r}", "{short:x}{seq}"):
        with pytest.raises(InputError, match="format spec"):
            format_number(bad, short="s", year=2024, seq=1, body="b", type="t")
    assert gaps([1, 2, 5]) == [3, 4] and gaps([1, 2], last=4) == [3, 4] and gaps([]) == []


def test_issue_order_per_type_and_year_restart(cli):
    later = quick(cli, "2024-06-01")
    earlier = quick(cli, "2024-02-01")
    special = quick(cli, "2024-03-01", type="special")
    next_year = quick(cli, "2025-01-05")
    out = run_ok(cli, "issue", later).stdout
    assert out.splitlines()[-1] == "测试局党组纪〔2024〕1号"  # issue order, not date order
    assert run_ok(cli, "issue", earlier).stdout.splitlines()[-1] == "测试局党组纪〔2024〕2号"
    assert run_ok(cli, "issue", special).stdout.splitlines()[-1] == "〔2024〕1号"  # own sequence
    assert run_ok(cli, "issue", next_year).stdout.splitlines()[-1] == "测试局党组纪〔2025〕1号"
    record = tomllib.loads(cli.record_bytes(later).decode())
    assert record["meeting"]["seq"] == 1 and record["meeting"]["state"] == "issued"
    issue_entry = [e for e in record["log"] if e["op"] == "issue"][0]
    assert issue_entry["number"] == "测试局党组纪〔2024〕1号" and "forced" not in issue_entry


def test_number_never_changes_and_is_never_reused(cli):
    first = quick(cli, "2024-02-01")
    second = quick(cli, "2024-03-01")
    run_ok(cli, "issue", first)
    before = cli.record_bytes(first)
    again = cli("issue", first)
    assert again.exit_code == 2 and "already issued" in again.stderr
    assert cli.record_bytes(first) == before
    (cli.records / f"{first}.toml").unlink()  # the record of number 1 is lost
    assert run_ok(cli, "issue", second).stdout.splitlines()[-1] == "测试局党组纪〔2024〕2号"
    entries = ledger.load(cli.records, "test-bureau").entries
    assert [(e["op"], e.get("number")) for e in entries] == [
        ("genesis", None),
        ("issue", "测试局党组纪〔2024〕1号"),
        ("issue", "测试局党组纪〔2024〕2号"),
    ]


def test_issue_needs_a_closed_meeting(cli):
    meeting_id = quick(cli, "2024-02-01", close=False)
    result = cli("issue", meeting_id)
    assert result.exit_code == 2 and "not closed" in result.stderr
    assert not ledger.path_of(cli.records, "test-bureau").exists()


def test_issue_refuses_check_errors_unless_forced(cli):
    meeting_id = quick(cli, "2024-02-01", quorum=False)
    before = cli.record_bytes(meeting_id)
    refused = cli("issue", meeting_id)
    assert refused.exit_code == 1 and "QUORUM" in refused.stderr and "--force" in refused.stderr
    assert cli.record_bytes(meeting_id) == before
    forced = run_ok(cli, "issue", meeting_id, "--force")
    assert "QUORUM" in forced.stderr and forced.stdout.splitlines()[-1] == "测试局党组纪〔2024〕1号"
    record = tomllib.loads(cli.record_bytes(meeting_id).decode())
    entry = [e for e in record["log"] if e["op"] == "issue"][0]
    assert entry["forced"] is True and "QUORUM" in entry["findings"]
    assert "--force" in entry["cmd"]
    assert Store(cli.records).meeting(meeting_id).forced_issue


def test_damaged_ledger_stops_numbering(cli):
    first = quick(cli, "2024-01-01")
    run_ok(cli, "issue", first)
    meeting_id = quick(cli, "2024-02-01")
    path = ledger.path_of(cli.records, "test-bureau")
    path.write_bytes(path.read_bytes().replace(b'"op":"issue"', b'"op":"issuE"'))
    result = cli("issue", meeting_id)
    assert result.exit_code == 2 and "ledger" in result.stderr
    assert Store(cli.records).meeting(meeting_id).state == "closed"


def test_concurrent_issues_get_distinct_numbers(cli, tmp_path):
    ids = [quick(cli, f"2024-0{month}-01") for month in range(1, 7)]
    env = {**os.environ, "YISHI_RECORDS": str(cli.records), "LANG": "C.UTF-8"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "yishi", "issue", mid],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mid in ids
    ]
    numbers = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        numbers.append(out.splitlines()[-1])
    assert sorted(numbers) == sorted(f"测试局党组纪〔2024〕{n}号" for n in range(1, 7))


# ---------------------------------------------------------------------------- batch


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_batch_numbers_in_date_order_after_issued_and_is_stable(cli, tmp_path):
    may = quick(cli, "2024-05-01", title="五月/../../etc/passwd")
    feb = quick(cli, "2024-02-01", title="二月\x00\x1b[2J事项")
    special = quick(cli, "2024-03-01", type="special")
    april = quick(cli, "2024-04-01")
    still_open = quick(cli, "2024-06-01", close=False)
    other_year = quick(cli, "2025-01-10")
    run_ok(cli, "issue", april)  # issued first: keeps number 1
    out = tmp_path / "out"
    result = run_ok(cli, "batch", "--year", "2024", "-o", str(out), "--format", "md,docx")
    assert "2024-06-01" in result.stderr  # the open meeting is named, not numbered
    assert [number_of(cli, m) for m in (april, feb, may, special)] == [
        "测试局党组纪〔2024〕1号",
        "测试局党组纪〔2024〕2号",
        "测试局党组纪〔2024〕3号",
        "〔2024〕1号",
    ]
    assert number_of(cli, still_open) == "" and number_of(cli, other_year) == ""
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"2024-{seq}-test-bureau-{type}.{ext}"
        for seq, type in (
            ("001", "party_group"),
            ("001", "special"),
            ("002", "party_group"),
            ("003", "party_group"),
        )
        for ext in ("docx", "md")
    ]
    assert list(tmp_path.glob("**/passwd")) == []
    assert "测试局党组纪〔2024〕3号" in (out / "2024-003-test-bureau-party_group.md").read_text()
    first = files(out)
    records = {m: cli.record_bytes(m) for m in (april, feb, may, special)}
    again = run_ok(
        cli, "batch", "--year", "2024", "-o", str(out), "--format", "md", "--format", "docx"
    )
    assert "numbered:" not in again.stdout
    assert files(out) == first
    assert {m: cli.record_bytes(m) for m in records} == records
    next_year = run_ok(cli, "batch", "--year", "2025", "-o", str(out))
    assert number_of(cli, other_year) == "测试局党组纪〔2025〕1号"
    assert "2025-001-test-bureau-party_group.md" in next_year.stdout + "".join(
        p.name for p in out.iterdir()
    )


def test_batch_jobs_give_the_same_files(cli, tmp_path):
    for month in range(1, 6):
        quick(cli, f"2024-0{month}-01")
    one, many = tmp_path / "one", tmp_path / "many"
    run_ok(cli, "batch", "--year", "2024", "-o", str(one), "-f", "md", "-f", "docx")
    run_ok(cli, "batch", "--year", "2024", "-o", str(many), "-f", "md", "--jobs", "2")
    assert {k: v for k, v in files(one).items() if k.endswith(".md")} == files(many)
    assert len(files(one)) == 10


def test_batch_body_filter_strict_and_symlinks(cli, tmp_path):
    good = quick(cli, "2024-02-01")
    bad = quick(cli, "2024-03-01", quorum=False)
    out = tmp_path / "out"
    none = run_ok(cli, "batch", "--year", "2024", "--body", "other-body", "-o", str(out))
    assert "no numbered" in none.stdout and number_of(cli, good) == ""
    strict = cli("batch", "--year", "2024", "-o", str(out))  # strict by default
    assert strict.exit_code == 1 and "not numbered" in strict.stderr and "QUORUM" in strict.stderr
    assert number_of(cli, good) == "测试局党组纪〔2024〕1号" and number_of(cli, bad) == ""
    assert (out / "2024-001-test-bureau-party_group.md").exists()  # the good one is rendered
    victim = tmp_path / "victim.md"
    victim.write_text("keep", encoding="utf-8")
    target = out / "2024-001-test-bureau-party_group.md"
    target.unlink()
    target.symlink_to(victim)
    refused = cli("batch", "--year", "2024", "-o", str(out))
    assert refused.exit_code == 2 and "symbolic link" in refused.stderr
    assert victim.read_text(encoding="utf-8") == "keep"
    target.unlink()
    forced = run_ok(cli, "batch", "--year", "2024", "-o", str(out), "--force")
    assert "QUORUM" in forced.stderr and number_of(cli, bad) == "测试局党组纪〔2024〕2号"
    record = tomllib.loads(cli.record_bytes(bad).decode())
    assert [e for e in record["log"] if e["op"] == "issue"][0]["forced"] is True


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--format", "odt"], "invalid format"),
        (["--issue-date", "2024-3-5"], "--issue-date"),
        (["--jobs", "0"], "--jobs"),
        (["--copy", "all"], "--copy"),
    ],
)
def test_batch_bad_options(cli, tmp_path, args, fragment):
    result = cli("batch", "--year", "2024", "-o", str(tmp_path / "out"), *args)
    assert result.exit_code == 2 and fragment in result.stderr
    assert not (tmp_path / "out").exists()


def test_batch_renders_the_rest_but_fails_when_a_record_of_the_year_is_damaged(cli, tmp_path):
    first = cli.open(date="2024-03-05")
    cli("attend", "zhang", "li", "wang", "zhao", "chen")
    cli("close")
    second = cli.open(date="2024-05-06")
    path = cli.records / f"{second}.toml"
    path.write_bytes(path.read_bytes().replace(b"[meeting]", b"[meeting", 1))
    result = cli("batch", "--year", "2024", "-o", str(tmp_path / "out"), "--force")
    assert result.exit_code == 2
    assert second in result.stderr
    assert any((tmp_path / "out").glob("2024-001-*.md"))
    assert first in cli("list", "--state", "issued").stdout


def test_a_closed_record_damaged_after_its_head_is_unreadable_in_batch(cli, tmp_path):
    """The scan reads a closed record's head alone (it is parsed whole when numbered): a
    record whose head reads but whose rest does not is still reported, counted unreadable
    (exit 2) and not numbered, and the rest of the year is numbered and written."""
    from yishi.store import closed_header

    good = quick(cli, "2024-03-05")
    bad = quick(cli, "2024-05-06")
    path = cli.records / f"{bad}.toml"
    raw = path.read_bytes()
    damaged = raw.replace(b"\n[[log]]\n", b"\n[[log]\n", 1)
    assert closed_header(damaged) is not None  # the head alone still reads
    path.write_bytes(damaged)
    result = cli("batch", "--year", "2024", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert bad in result.stderr
    assert number_of(cli, good) == "测试局党组纪〔2024〕1号"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "2024-001-test-bureau-party_group.md"
    ]
    assert path.read_bytes() == damaged  # never written


def test_the_head_alone_is_trusted_only_for_a_plain_closed_record(cli):
    """store.closed_header: a closed record in the current format with no seal anywhere;
    any other record is parsed whole by the scan."""
    from yishi.store import closed_header

    meeting_id = quick(cli, "2024-03-05")
    raw = (cli.records / f"{meeting_id}.toml").read_bytes()
    header = closed_header(raw)
    assert header is not None and header["id"] == meeting_id and header["state"] == "closed"
    sealed_later = raw + b'\n[seal]\ndigest = "x"\n'
    upgraded = raw.replace(b"format = 1\n", b"", 1)
    still_open = raw.replace(b'state = "closed"', b'state = "open"', 1)
    not_text = raw.replace(b"[meeting]", b"[meeting]\xff", 1)
    for other in (sealed_later, upgraded, still_open, not_text):
        assert closed_header(other) is None
