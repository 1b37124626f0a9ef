"""Signed seals and the ledger of issued numbers, tried as an attacker would: a hand edit, a
re-seal with recomputed digests, a record forged in another records directory under another
key and copied in, ledger entries removed / reordered / truncated, a stripped signature,
an old copy put back, two processes issuing at once. Each fails `verify` (exit 1, saying
what), and `render`, `batch`, `check` and `status` refuse or report it. Records of 0.1 keep
verifying as unsigned legacy seals; `verify --digest` pins the paper copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, Cli, number_of, quick, run_ok
from yishi import keys, ledger, seal
from yishi.store import dumps

V01 = FIXTURES / "records-0.1"


def load(cli: Cli, mid: str) -> dict[str, Any]:
    return tomllib.loads(cli.record_bytes(mid).decode("utf-8"))


def save(cli: Cli, mid: str, doc: dict[str, Any]) -> None:
    (cli.records / f"{mid}.toml").write_bytes(dumps(doc))


def issued(cli: Cli, date: str = "2024-03-05") -> str:
    mid = quick(cli, date)
    run_ok(cli, "issue", mid)
    return mid


def ledger_lines(cli: Cli) -> list[bytes]:
    return ledger.path_of(cli.records, "test-bureau").read_bytes().splitlines(keepends=True)


def write_lines(cli: Cli, lines: list[bytes]) -> None:
    ledger.path_of(cli.records, "test-bureau").write_bytes(b"".join(lines))


def fails(cli: Cli, mid: str, *fragments: str) -> None:
    """verify exits 1 naming each fragment; render writes nothing and exits 1."""
    result = cli("verify", mid)
    assert result.exit_code == 1, result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    out = cli.records.parent / "refused.md"
    rendered = cli("render", mid, "-o", str(out))
    assert rendered.exit_code == 1 and "does not verify" in rendered.stderr, rendered.output
    assert not out.exists()


def resealed(doc: dict[str, Any]) -> dict[str, Any]:
    """What an attacker without the key can do: recompute every digest, keep the rest."""
    old = doc["seal"]
    body = seal.content(doc)
    new = seal.compute(body, at=old["sealed_at"], ledger=old.get("ledger"), entry=old.get("entry"))
    new["generation"] = old["generation"]
    new["self"] = seal.self_digest(new)
    if "signatures" in old:
        new["signatures"] = old["signatures"]
    return {**body, "seal": new}


# ---------------------------------------------------------------------------- the good path


def test_issue_signs_enters_the_ledger_and_prints_the_digest(cli):
    mid = quick(cli, "2024-03-05")
    out = run_ok(cli, "issue", mid).stdout
    doc = load(cli, mid)
    short = doc["seal"]["digest"][:16]
    assert short in out and out.splitlines()[-1] == "测试局党组纪〔2024〕1号"
    (sig,) = doc["seal"]["signatures"]
    assert sig["role"] == "office" and sig["key"] == keys.office_key().id
    entries = ledger.load(cli.records, "test-bureau").entries
    assert [e["op"] for e in entries] == ["genesis", "issue"]
    assert entries[1]["digest"] == doc["seal"]["digest"] and entries[1]["meeting"] == mid
    assert doc["seal"]["ledger"] == entries[0]["ledger"] and doc["seal"]["entry"] == 1
    verified = run_ok(cli, "verify", mid)
    assert "sealed and unchanged" in verified.stdout and sig["key"] in verified.stdout
    rendered = run_ok(cli, "render", mid).stdout
    assert f"封存摘要：{short}" in rendered  # the 版记 pins the electronic record
    assert run_ok(cli, "verify", "--all").stdout.count("chain intact") == 1
    assert not str(keys.home()).startswith(str(cli.records))


def test_verify_digest_pins_the_paper_copy(cli):
    mid = issued(cli)
    first = load(cli, mid)["seal"]["digest"][:16]
    assert "matches" in run_ok(cli, "verify", "--digest", first).stdout
    assert "matches" in run_ok(cli, "verify", mid, "--digest", first.upper()).stdout
    wrong = cli("verify", mid, "--digest", "0" * 16)
    assert wrong.exit_code == 1 and "paper copy and the record disagree" in wrong.stderr
    nowhere = cli("verify", "--digest", "0" * 16)
    assert nowhere.exit_code == 1 and "no record" in nowhere.stderr
    assert cli("verify", "--digest", "xyz").exit_code == 2
    run_ok(cli, "amend", mid, "第一项决定中“同意”更正为“原则同意”")
    later = run_ok(cli, "verify", mid, "--digest", first)  # the first paper copy still holds
    assert "seal generation 1" in later.stdout and "amended since" in later.stdout
    assert len(ledger.load(cli.records, "test-bureau").entries) == 3  # genesis, issue, amend


def test_key_rotation_keeps_issued_records_verifiable(cli):
    first = issued(cli, "2024-02-01")
    old = keys.office_key().id
    run_ok(cli, "key", "rotate")
    second = issued(cli, "2024-03-01")
    assert load(cli, second)["seal"]["signatures"][0]["key"] != old
    run_ok(cli, "verify", first)
    run_ok(cli, "amend", first, "补充说明")
    assert run_ok(cli, "verify", "--all").exit_code == 0


def test_another_machine_must_trust_the_office_key(cli, tmp_path, monkeypatch):
    mid = issued(cli)
    public = keys.office_key().public
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "second-machine"))
    result = cli("verify", mid)
    assert result.exit_code == 1 and "does not trust" in result.stderr
    run_ok(cli, "key", "trust", public, "--name", "本机关")
    run_ok(cli, "verify", mid)
    run_ok(cli, "verify", "--all")


# ---------------------------------------------------------------------------- attacks


def test_hand_edit_is_caught_everywhere(cli, tmp_path):
    mid = issued(cli)
    doc = load(cli, mid)
    decide = next(e for e in doc["log"] if e["op"] == "decide")
    decide["text"] = "不同意"
    save(cli, mid, doc)
    fails(cli, mid, "changed after sealing", "was edited")
    checked = cli("check", mid, "--format", "json")
    data = json.loads(checked.stdout)
    assert checked.exit_code == 1 and data["ok"] is False
    assert data["findings"][0]["code"] == "SEAL_BROKEN"
    text = cli("check", mid)
    assert "SEAL_BROKEN" in text.stdout and text.exit_code == 1
    assert "check passed" not in text.stdout  # the summary counts the broken seal
    run_ok(cli, "use", mid)
    assert "does NOT verify" in cli("status").stdout
    out = tmp_path / "out"
    batch = cli("batch", "--year", "2024", "-o", str(out))
    assert batch.exit_code == 1 and mid in batch.stderr and not out.exists()


def test_reseal_with_recomputed_digests_fails_the_signature_and_the_ledger(cli):
    mid = issued(cli)
    doc = load(cli, mid)
    next(e for e in doc["log"] if e["op"] == "decide")["text"] = "同意拨款一千万元"
    forged = resealed(doc)
    assert seal.verify(forged).ok  # what 0.1 would have called "sealed and unchanged"
    save(cli, mid, forged)
    fails(cli, mid, "signature (key", "does not match", "disagrees with ledger entry 1: digest")


def test_stripped_signature_does_not_pass_as_a_legacy_seal(cli):
    mid = issued(cli)
    doc = load(cli, mid)
    next(e for e in doc["log"] if e["op"] == "decide")["text"] = "改过的决定"
    body = seal.content(doc)
    save(cli, mid, {**body, "seal": seal.compute(body, at=doc["seal"]["sealed_at"])})
    fails(cli, mid, "signature was stripped")


def test_forged_record_from_another_records_dir_and_key(cli, tmp_path, monkeypatch):
    issued(cli, "2024-03-05")
    mine = os.environ["XDG_CONFIG_HOME"]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "forger"))
    forger = Cli(tmp_path / "forger-records")
    fake = issued(forger, "2024-04-02")  # a perfectly valid record, elsewhere
    forger_key = keys.office_key().public
    monkeypatch.setenv("XDG_CONFIG_HOME", mine)
    shutil.copy(forger.records / f"{fake}.toml", cli.records / f"{fake}.toml")
    fails(cli, fake, "does not trust", "another ledger")
    run_ok(cli, "key", "trust", forger_key)  # even a trusted office's record is not ours
    fails(cli, fake, "copied in from another records directory")
    assert cli("verify", "--all").exit_code == 1


def test_signed_record_into_a_directory_without_ledger(cli, tmp_path):
    mid = issued(cli)
    other = Cli(tmp_path / "elsewhere")
    other.records.mkdir()
    shutil.copy(cli.records / f"{mid}.toml", other.records / f"{mid}.toml")
    fails(other, mid, "has no ledger for body test-bureau")


def test_old_copy_put_back_after_amendments(cli):
    mid = issued(cli)
    before = cli.record_bytes(mid)
    run_ok(cli, "amend", mid, "更正")
    run_ok(cli, "amend", mid, "再更正")
    (cli.records / f"{mid}.toml").write_bytes(before)
    fails(cli, mid, "old copy")


def test_copy_one_generation_behind_is_an_interrupted_amend(cli):
    """Indistinguishable from a kill between ledger and record: the ledger entry holds the
    amendment itself, and repair writes it again."""
    mid = issued(cli)
    before = cli.record_bytes(mid)
    run_ok(cli, "amend", mid, "更正")
    (cli.records / f"{mid}.toml").write_bytes(before)
    result = cli("verify", mid)
    assert result.exit_code == 1 and "yishi repair completes it" in result.stderr
    assert "completed" in run_ok(cli, "repair").stdout
    assert load(cli, mid)["seal"]["generation"] == 2
    run_ok(cli, "verify", "--all")


def test_ledger_entry_removed(cli):
    first, second, third = (issued(cli, f"2024-0{m}-01") for m in (1, 2, 3))
    lines = ledger_lines(cli)
    del lines[2]  # the entry of the second number
    write_lines(cli, lines)
    fails(cli, first, "does not follow the one before it")
    result = cli("verify", "--all")
    assert result.exit_code == 1 and "ledger entry 2 does not follow" in result.stderr
    assert cli("issue", quick(cli, "2024-04-01")).exit_code == 2  # nothing numbered on it


def test_ledger_entries_reordered(cli):
    for month in (1, 2, 3):
        issued(cli, f"2024-0{month}-01")
    lines = ledger_lines(cli)
    lines[1], lines[2] = lines[2], lines[1]
    write_lines(cli, lines)
    result = cli("verify", "--all")
    assert result.exit_code == 1 and "does not follow" in result.stderr


def test_ledger_truncated(cli, monkeypatch, tmp_path):
    issued(cli, "2024-01-01")
    second = issued(cli, "2024-02-01")
    public = keys.office_key().public
    write_lines(cli, ledger_lines(cli)[:-1])  # cut the last entry off
    fails(cli, second, "the ledger has no entry 2", "the ledger was truncated")
    # no number is handed out twice on a truncated ledger
    third = quick(cli, "2024-03-01")
    refused = cli("issue", third)
    assert refused.exit_code == 2 and "truncated" in refused.stderr
    # a machine that never saw the ledger (no witness) still finds the record without entry
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "auditor"))
    run_ok(cli, "key", "trust", public)
    result = cli("verify", second)
    assert result.exit_code == 1 and "no entry 2" in result.stderr


def test_ledger_entry_forged_without_the_key(cli):
    mid = issued(cli)
    lines = ledger_lines(cli)
    entry = json.loads(lines[1])
    entry["number"] = "测试局党组纪〔2024〕9号"
    lines[1] = ledger.canonical(entry) + b"\n"
    write_lines(cli, lines)
    result = cli("verify", "--all")
    assert result.exit_code == 1 and "bad signature" in result.stderr
    fails(cli, mid, "disagrees with ledger entry 1: number")


def test_two_processes_issuing_at_once(cli):
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
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    numbers = sorted(number_of(cli, mid) for mid in ids)
    assert numbers == sorted(f"测试局党组纪〔2024〕{n}号" for n in range(1, 7))
    entries = ledger.load(cli.records, "test-bureau").entries
    assert sorted(e["seq"] for e in entries if e["op"] == "issue") == list(range(1, 7))
    run_ok(cli, "verify", "--all")


def test_concurrent_batch_runs_wait_for_each_other(cli, tmp_path):
    ids = [quick(cli, f"2024-0{month}-01") for month in range(1, 5)]
    env = {**os.environ, "YISHI_RECORDS": str(cli.records), "LANG": "C.UTF-8"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "yishi",
                "batch",
                "--year",
                "2024",
                "-o",
                str(tmp_path / f"out{n}"),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        assert "already issued" not in err
    assert sorted(number_of(cli, mid) for mid in ids) == [
        f"测试局党组纪〔2024〕{n}号" for n in range(1, 5)
    ]
    for n in range(3):
        assert len(list((tmp_path / f"out{n}").iterdir())) == 4
    run_ok(cli, "verify", "--all")


# ---------------------------------------------------------------------------- 0.1 records


@pytest.fixture
def old(tmp_path: Path) -> Cli:
    records = tmp_path / "records"
    shutil.copytree(V01, records)
    return Cli(records)


def test_legacy_seals_verify_and_are_never_rewritten(old):
    before = {p.name: p.read_bytes() for p in old.records.glob("*.toml")}
    result = run_ok(old, "verify", "--all")
    assert "unsigned legacy seals" in result.stdout
    single = run_ok(old, "verify", "2024-04-02-test-bureau-party_group-1")
    assert "unsigned legacy seal (yishi 0.1)" in single.stderr
    # a new issue in that directory continues after 0.1's numbers, and its ledger takes
    # the 0.1 records in: they keep verifying
    new = quick(old, "2024-06-04")
    assert run_ok(old, "issue", new).stdout.splitlines()[-1] == "测试局党组纪〔2024〕3号"
    genesis = ledger.load(old.records, "test-bureau").genesis
    assert genesis["floor"] == {"party_group/2024": 2} and len(genesis["legacy"]) == 2
    run_ok(old, "verify", "--all")
    assert {
        p.name: p.read_bytes() for p in old.records.glob("*.toml") if p.name in before
    } == before


def test_a_legacy_looking_record_the_ledger_did_not_know(old, tmp_path):
    run_ok(old, "issue", quick(old, "2024-06-04"))  # the ledger begins
    src = old.records / "2024-04-02-test-bureau-party_group-1.toml"
    doc = tomllib.loads(src.read_text(encoding="utf-8"))
    doc["meeting"]["id"] = "2024-04-03-test-bureau-party_group-1"
    body = seal.content(doc)
    doc = {**body, "seal": seal.compute(body, at="2024-04-03T10:00:00+08:00")}
    (old.records / "2024-04-03-test-bureau-party_group-1.toml").write_bytes(dumps(doc))
    fails(old, "2024-04-03-test-bureau-party_group-1", "did not know when it began")


# ---------------------------------------------------------------------------- crash windows


def crash_after_ledger(monkeypatch) -> None:
    """The next record write of a sealed change dies (as kill -9 between the two writes)."""
    import yishi.store

    real = yishi.store.atomic_write

    def dying(path, data, **kwargs):
        if path.suffix == ".toml" and not path.name.startswith("."):
            raise KeyboardInterrupt  # stands for the process being killed
        return real(path, data, **kwargs)

    monkeypatch.setattr(yishi.store, "atomic_write", dying)


def test_crash_between_ledger_and_record_is_completed(cli, monkeypatch):
    first = quick(cli, "2024-02-01")
    second = quick(cli, "2024-03-01")
    with monkeypatch.context() as m:
        crash_after_ledger(m)
        assert cli("issue", first).exit_code == 130
    assert number_of(cli, first) == ""  # the record was not written ...
    result = cli("verify", "--all")
    assert result.exit_code == 1 and "never reached its record" in result.stderr
    dry = run_ok(cli, "repair", "--dry-run")
    assert "to repair" in dry.stdout and number_of(cli, first) == ""
    # ... the next issue completes it first: the number goes where the ledger says
    run_ok(cli, "issue", second)
    assert number_of(cli, first) == "测试局党组纪〔2024〕1号"
    assert number_of(cli, second) == "测试局党组纪〔2024〕2号"
    run_ok(cli, "verify", "--all")
    assert "nothing to repair" in run_ok(cli, "repair").stdout


def test_crash_during_amend_is_completed_by_repair(cli, monkeypatch):
    mid = issued(cli)
    with monkeypatch.context() as m:
        crash_after_ledger(m)
        assert cli("amend", mid, "更正").exit_code == 130
    assert cli("verify", mid).exit_code == 1  # the ledger has generation 2, the record 1
    assert "completed" in run_ok(cli, "repair").stdout
    assert load(cli, mid)["seal"]["generation"] == 2
    run_ok(cli, "verify", "--all")


def test_entry_whose_record_changed_since_is_voided_and_its_number_never_reused(
    cli, monkeypatch, tmp_path
):
    first = quick(cli, "2024-02-01")
    with monkeypatch.context() as m:
        crash_after_ledger(m)
        cli("issue", first)
    doc = load(cli, first)  # the meeting is changed meanwhile (a hand edit)
    doc["meeting"]["place"] = "二楼"
    save(cli, first, doc)
    assert "voided" in run_ok(cli, "repair").stdout
    run_ok(cli, "verify", "--all")
    assert run_ok(cli, "issue", first).stdout.splitlines()[-1] == "测试局党组纪〔2024〕2号"
    report = run_ok(cli, "report", "--year", "2024", "--format", "json").stdout
    numbers = json.loads(report)["bodies"][0]["numbers"][0]
    assert numbers["gaps"] == [1] and numbers["duplicates"] == []


def test_torn_ledger_line_is_cut_and_nothing_lost(cli):
    first = issued(cli, "2024-01-01")
    path = ledger.path_of(cli.records, "test-bureau")
    with open(path, "ab") as handle:
        handle.write(b'{"i":2,"op":"issue","number":"x')  # a crash while appending
    assert "incomplete" in cli("verify", "--all").stderr
    second = quick(cli, "2024-02-01")
    assert run_ok(cli, "issue", second).stdout.splitlines()[-1] == "测试局党组纪〔2024〕2号"
    run_ok(cli, "verify", "--all")
    assert number_of(cli, first) == "测试局党组纪〔2024〕1号"


def test_temp_files_of_killed_writers_are_cleaned(cli):
    mid = quick(cli, "2024-02-01")
    stale = cli.records / f".{mid}.toml.tmp-99999999-abcdef"
    stale.write_bytes(b"half")
    run_ok(cli, "issue", mid)
    assert not stale.exists()
    stale.write_bytes(b"half")
    run_ok(cli, "amend", mid, "更正")
    assert not stale.exists()
    other = cli.records / ".2024-x.toml.tmp-99999999-abcdef"
    other.write_bytes(b"half")
    run_ok(cli, "repair")
    assert not other.exists()


# ---------------------------------------------------------------------------- report


def test_report_names_a_number_held_twice(cli):
    mid = issued(cli)
    doc = load(cli, mid)
    doc["meeting"]["id"] = mid.replace("-1", "-2")
    (cli.records / f"{mid.replace('-1', '-2')}.toml").write_bytes(dumps(doc))
    data = json.loads(run_ok(cli, "report", "--year", "2024", "--format", "json").stdout)
    numbers = data["bodies"][0]["numbers"][0]
    assert numbers["duplicates"] == ["测试局党组纪〔2024〕1号"]
    assert "issued twice" in run_ok(cli, "report", "--year", "2024").stdout
    assert cli("verify", "--all").exit_code == 1


def test_amending_a_legacy_record_signs_its_new_generation(old):
    mid = "2024-04-02-test-bureau-party_group-1"
    before = load(old, mid)
    run_ok(old, "amend", mid, "补充：0.1 记录的更正")
    after = load(old, mid)
    assert after["seal"]["generation"] == before["seal"]["generation"] + 1
    assert after["seal"]["signatures"][0]["role"] == "office"
    result = run_ok(old, "verify", mid)
    assert "signed by office key" in result.stdout
    run_ok(old, "verify", "--all")


def test_temp_files_beside_the_key_are_cleaned(cli):
    mid = quick(cli, "2024-02-01")
    keys.office_key()
    stale = keys.home() / ".ledgers.toml.tmp-99999999-abcdef"
    stale.write_bytes(b"half")
    run_ok(cli, "issue", mid)
    assert not stale.exists()


def test_check_of_a_year_reports_a_broken_seal(cli):
    good, bad = issued(cli, "2024-02-01"), issued(cli, "2024-03-01")
    doc = load(cli, bad)
    doc["meeting"]["place"] = "别处"
    save(cli, bad, doc)
    result = cli("check", "--year", "2024", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["ok"] is False
    codes = {m["meeting"]: [f["code"] for f in m["findings"]] for m in data["meetings"]}
    assert "SEAL_BROKEN" in codes[bad] and "SEAL_BROKEN" not in codes[good]
    assert "SEAL_BROKEN" in cli("check", "--year", "2024").stdout
