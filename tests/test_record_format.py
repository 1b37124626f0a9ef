"""Record format versions: records written by yishi 0.1 keep loading, checking, rendering
with their number and verifying; a newer format is refused clearly; an older one is
upgraded in memory without rewriting the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, Cli
from yishi import record_format
from yishi.errors import RecordError
from yishi.store import Store

V01 = FIXTURES / "records-0.1"
FULL = "2024-03-05-test-bureau-party_group-1"  # issued and amended (seal generation 2)
SMALL = "2024-04-02-test-bureau-party_group-1"  # issued
OPEN = "2024-05-07-test-bureau-party_group-1"  # still open


@pytest.fixture
def old(tmp_path: Path) -> Cli:
    records = tmp_path / "records"
    shutil.copytree(V01, records)
    return Cli(records)


def snapshot(cli: Cli) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in cli.records.iterdir() if p.suffix == ".toml"}


def test_v01_records_list_check_render_and_verify_unchanged(old: Cli) -> None:
    before = snapshot(old)
    listing = old("list")
    assert listing.exit_code == 0, listing.output
    for number in ("测试局党组纪〔2024〕1号", "测试局党组纪〔2024〕2号"):
        assert number in listing.output
    for meeting_id in (FULL, SMALL):
        assert old("check", meeting_id).exit_code in (0, 1)
        rendered = old("render", meeting_id, "--format", "md")
        assert rendered.exit_code == 0, rendered.output
        number = "1" if meeting_id == FULL else "2"
        assert f"〔2024〕{number}号" in rendered.output
        verified = old("verify", meeting_id)
        assert verified.exit_code == 0, verified.output
    assert old("use", OPEN).exit_code == 0
    assert old("status").exit_code == 0
    assert snapshot(old) == before  # reading old records never rewrites them


def test_v01_open_record_keeps_recording(old: Cli) -> None:
    assert old("use", OPEN).exit_code == 0
    result = old("absent", "huang")
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output


def test_newer_format_is_refused_with_a_clear_message(old: Cli) -> None:
    path = old.records / f"{SMALL}.toml"
    text = path.read_text(encoding="utf-8").replace("format = 1", "format = 99", 1)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    result = old("render", SMALL, "--format", "md")
    assert result.exit_code == 2
    assert "newer yishi" in result.output and "format 99" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("value", ['"1"', "0", "-3", "true", "1.5"])
def test_a_bad_format_value_is_a_damaged_record(old: Cli, value: str) -> None:
    path = old.records / f"{SMALL}.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("format = 1", f"format = {value}", 1),
        encoding="utf-8",
    )
    with pytest.raises(RecordError) as refused:
        Store(old.records).read(SMALL)
    assert refused.value.key == "record.bad_shape"


def test_an_older_format_is_upgraded_in_memory_only(
    old: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pretend the current format is 2 and 0.1's format 1 needs an upgrade step."""

    def one_to_two(doc: dict) -> dict:
        doc["meeting"]["upgraded"] = True
        return doc

    monkeypatch.setattr(record_format, "CURRENT", 2)
    monkeypatch.setitem(record_format.UPGRADES, 1, one_to_two)
    path = old.records / f"{SMALL}.toml"
    before = path.read_bytes()
    doc = Store(old.records).read(SMALL)
    assert doc["format"] == 2 and doc["meeting"]["upgraded"] is True
    assert path.read_bytes() == before


def test_reading_a_year_opens_only_that_years_records(
    old: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file names (date-first ids) are the index by year: `list --year` and `report`
    never read another year's record (a damaged one of 2023 is not even opened)."""
    (old.records / "2023-01-05-test-bureau-party_group-1.toml").write_text(
        "not toml [", encoding="utf-8"
    )
    opened: list[str] = []
    real = Store.read

    def spy(self: Store, meeting_id: str) -> dict:
        opened.append(meeting_id)
        return real(self, meeting_id)

    monkeypatch.setattr(Store, "read", spy)
    assert old("list", "--year", "2024").exit_code == 0
    assert old("report", "--year", "2024").exit_code in (0, 1)
    assert opened and all(m.startswith("2024-") for m in opened), opened
