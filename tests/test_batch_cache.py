"""The batch cache (yishi.batch_cache) is never trusted over the seal: a changed record,
a changed ledger or a planted entry is caught exactly as without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import Cli, bench_gen

from yishi.batch_cache import Cache

ROOT = Path(__file__).parent.parent


@pytest.fixture
def year(tmp_path: Path) -> Cli:
    gen = bench_gen()
    records = tmp_path / "records"
    rules = tmp_path / "rules.toml"
    rules.write_text(gen.rules_text(2, 15), encoding="utf-8")
    gen.write_year(records, rules, 4, year=2024, items=3)
    cli = Cli(records)
    for _ in range(2):  # numbers and renders; then every head is cached too
        result = cli("batch", "--year", "2024", "-o", str(tmp_path / "warm"))
        assert result.exit_code == 0, result.output
    return cli


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def entries(records: Path, kind: str) -> list[Path]:
    return sorted((records / ".cache" / "batch").glob(f"*/*.{kind}"))


def test_warm_cache_holds_heads_and_outputs(year: Cli) -> None:
    assert len(entries(year.records, "head")) == 4
    assert len(entries(year.records, "out-minutes-md-full")) == 4


def test_a_changed_record_is_refused_with_a_warm_cache(year: Cli, tmp_path: Path) -> None:
    record = sorted(year.records.glob("*.toml"))[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("同意", "不同意", 1), encoding="utf-8")
    out = tmp_path / "after-edit"
    result = year("batch", "--year", "2024", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "do not verify" in result.output and record.stem in result.output
    assert not out.exists()  # nothing written


def test_a_cut_ledger_is_caught_with_a_warm_cache(year: Cli, tmp_path: Path) -> None:
    (ledger,) = (year.records / ".ledger").glob("*")
    lines = ledger.read_bytes().splitlines(keepends=True)
    ledger.write_bytes(b"".join(lines[:2]))  # genesis and the first issue only
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "cut"))
    assert result.exit_code == 1, result.output
    assert "do not verify" in result.output
    assert not (tmp_path / "cut").exists()


def test_planted_or_moved_entries_are_ignored(year: Cli, tmp_path: Path) -> None:
    expected = outputs(tmp_path / "warm")
    outs = entries(year.records, "out-minutes-md-full")
    # an entry of one record copied under another record's digest: its MAC names the first
    shutil.copy(outs[0], outs[1])
    # an entry rewritten by hand (no secret): its MAC no longer holds
    data = bytearray(outs[2].read_bytes())
    data[-5:] = b"XXXXX"
    outs[2].write_bytes(bytes(data))
    # a head claiming another meeting
    heads = entries(year.records, "head")
    shutil.copy(heads[0], heads[3])
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    assert outputs(tmp_path / "again") == expected


def test_an_entry_is_bound_to_its_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "records")
    cache.put("ab" * 32, "out-minutes-md-full", b"minutes")
    assert cache.get("ab" * 32, "out-minutes-md-full") == b"minutes"
    assert cache.get("ab" * 32, "out-minutes-html-full") is None
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))  # another secret
    assert Cache(tmp_path / "records").get("ab" * 32, "out-minutes-md-full") is None
    assert Cache(tmp_path / "records", enabled=False).get("ab" * 32, "x") is None


def test_no_cache_neither_reads_nor_writes_it(year: Cli, tmp_path: Path) -> None:
    shutil.rmtree(year.records / ".cache")
    result = year("batch", "--year", "2024", "--no-cache", "-o", str(tmp_path / "plain"))
    assert result.exit_code == 0, result.output
    assert not (year.records / ".cache").exists()
    assert outputs(tmp_path / "plain") == outputs(tmp_path / "warm")


def test_verify_ignores_the_cache(year: Cli) -> None:
    for entry in entries(year.records, "head"):
        entry.write_bytes(b"garbage")
    assert year("verify", "--all").exit_code == 0
