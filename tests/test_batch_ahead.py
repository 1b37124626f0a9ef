"""`batch --jobs N` on a year never numbered: the workers compose each sealed record ahead
(batch.SealAhead: parse, check, seal, sign, render, for the number and ledger entry it will
get if every meeting before it is numbered) and the main process commits them in order.

Here the workers run inline (an executor that runs each share when it is submitted, so
the main process always has composed records waiting), which lets a test change what
happens between composing and committing: a refused meeting, a record edited meanwhile.
Whatever happens, the year comes out as the serial way numbers it: every meeting numbered
once, per type in date order with no gap, each record sealed for the ledger entry that
names it (`yishi verify --all`)."""

from __future__ import annotations

import tomllib
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from helpers import Cli, bench_gen

from yishi import batch, issue_gate
from yishi.batch_cache import Cache
from yishi.store import Store

MEETINGS = 24


class InlinePool:
    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Any, *args: Any) -> Future:
        self.submitted += 1
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, as a pool does
            future.set_exception(exc)
        return future


class InlineWorkers:
    jobs = 2

    def __init__(self) -> None:
        self.inline = InlinePool()

    def pool(self) -> InlinePool:
        return self.inline


@pytest.fixture
def year(tmp_path: Path) -> Path:
    gen = bench_gen()
    rules = tmp_path / "rules-year.toml"
    rules.write_text(gen.rules_text(2, 15), encoding="utf-8")
    gen.write_year(tmp_path / "records", rules, MEETINGS, year=2024)
    return tmp_path / "records"


def number_inline(
    records: Path, workers: Any = None, force: bool = False
) -> tuple[int, int, list[str]]:
    store = Store(records)
    req = batch.Request(year=2024, output=records.parent / "out", formats=["md"], force=force)
    said: list[str] = []
    hooks = batch.Hooks(say=said.append, warn=said.append)
    cache = Cache(store.root, enabled=False)
    heads, broken, _ = batch.scan(store, req, cache, hooks)
    assert not broken
    numbered, refused = batch.number(store, req, heads, hooks, [], workers or InlineWorkers())
    return numbered, refused, said


def gate_refuses(monkeypatch: pytest.MonkeyPatch, meeting_id: str) -> None:
    """The issue gate finds TEST_REFUSED in `meeting_id` (in the workers too: inline, or
    forked after this)."""
    real = issue_gate.Gate.codes.fget

    def codes(self: issue_gate.Gate) -> list[str]:
        found = list(real(self))
        return [*found, "TEST_REFUSED"] if self.meeting.id == meeting_id else found

    monkeypatch.setattr(issue_gate.Gate, "codes", property(codes))


def numbers(records: Path) -> dict[str, tuple[str, str, int | None]]:
    """meeting id -> (type, date, seq) of every record."""
    found = {}
    for path in sorted(records.glob("*.toml")):
        header = tomllib.loads(path.read_text(encoding="utf-8"))["meeting"]
        found[path.stem] = (header["type"], header["date"], header.get("seq"))
    return found


def assert_numbered_in_order(records: Path, skipped: set[str] = frozenset()) -> None:
    by_type: dict[str, list[tuple[str, str, int | None]]] = {}
    for mid, (type_, date, seq) in numbers(records).items():
        if mid in skipped:
            assert seq is None, mid
            continue
        by_type.setdefault(type_, []).append((str(date), mid, seq))
    for rows in by_type.values():
        rows.sort()
        assert [seq for _, _, seq in rows] == list(range(1, len(rows) + 1))
    result = Cli(records)("verify", "--all")
    assert result.exit_code == 0, result.output


def test_composed_ahead_is_what_the_serial_way_numbers(year: Path) -> None:
    workers = InlineWorkers()
    numbered, refused, _ = number_inline(year, workers)
    assert (numbered, refused) == (MEETINGS, 0)
    assert workers.inline.submitted == MEETINGS // batch.SealAhead.SHARE  # nothing composed twice
    assert_numbered_in_order(year)


def test_a_refused_meeting_is_skipped_and_the_rest_composed_again(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = sorted(p.stem for p in year.glob("*.toml"))
    refused_id = ids[5]  # in the first share: the five before it are committed already
    gate_refuses(monkeypatch, refused_id)
    workers = InlineWorkers()
    numbered, refused, said = number_inline(year, workers)
    assert (numbered, refused) == (MEETINGS - 1, 1)
    assert any(refused_id in line and "TEST_REFUSED" in line for line in said)
    assert workers.inline.submitted > MEETINGS // batch.SealAhead.SHARE  # composed again
    assert_numbered_in_order(year, skipped={refused_id})


def test_a_record_changed_after_it_was_composed_is_sealed_from_its_new_bytes(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = sorted(p.stem for p in year.glob("*.toml"))
    edited = ids[6]
    commit = batch._commit_group
    serial = batch._number_one
    went_serial: list[str] = []

    def commit_and_edit(store: Any, tx: Any, req: Any, hooks: Any, heads: Any, group: Any) -> int:
        if heads[0].id == ids[0]:  # meeting 6 is composed by now: edit its record
            path = year / f"{edited}.toml"
            path.write_bytes(path.read_bytes() + b"# edited after it was composed\n")
        return commit(store, tx, req, hooks, heads, group)

    def counted(store: Any, tx: Any, req: Any, heads: Any, hooks: Any, h: Any, bad: Any) -> str:
        went_serial.append(h.id)
        return serial(store, tx, req, heads, hooks, h, bad)

    monkeypatch.setattr(batch, "_commit_group", commit_and_edit)
    monkeypatch.setattr(batch, "_number_one", counted)
    numbered, refused, _ = number_inline(year)
    assert (numbered, refused) == (MEETINGS, 0)
    assert went_serial == [edited]
    assert_numbered_in_order(year)


def test_a_pool_that_breaks_leaves_the_rest_to_the_serial_way(year: Path) -> None:
    from concurrent.futures.process import BrokenProcessPool

    class Breaking(InlinePool):
        def submit(self, fn: Any, *args: Any) -> Future:
            if self.submitted == 2:  # a worker died: the pool refuses any more work
                raise BrokenProcessPool("a worker died")
            return super().submit(fn, *args)

    workers = InlineWorkers()
    workers.inline = Breaking()
    numbered, refused, _ = number_inline(year, workers)
    assert (numbered, refused) == (MEETINGS, 0)
    assert_numbered_in_order(year)


def test_real_workers_leave_no_staged_file_of_a_record_composed_again(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With forked workers (they inherit the patched gate): every meeting after the refused
    one was composed, rendered and staged for a number it does not get; those files go, the
    ones of the numbers given are renamed into place."""
    ids = sorted(p.stem for p in year.glob("*.toml"))
    gate_refuses(monkeypatch, ids[5])
    out = year.parent / "out"
    result = Cli(year)("batch", "--year", "2024", "-o", str(out), "--jobs", "2", "--no-cache")
    assert "TEST_REFUSED" in result.stderr
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
    assert len(list(out.glob("*.md"))) == MEETINGS - 1
    assert_numbered_in_order(year, skipped={ids[5]})


def test_force_numbers_a_meeting_with_errors_ahead_and_logs_what_it_overrode(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = sorted(p.stem for p in year.glob("*.toml"))
    gate_refuses(monkeypatch, ids[3])
    workers = InlineWorkers()
    numbered, refused, said = number_inline(year, workers, force=True)
    assert (numbered, refused) == (MEETINGS, 0)
    assert workers.inline.submitted == MEETINGS // batch.SealAhead.SHARE  # all composed ahead
    issue = [e for e in Store(year).read(ids[3])["log"] if e["op"] == "issue"][0]
    assert issue["forced"] is True and issue["findings"] == ["TEST_REFUSED"]
    assert any(ids[3] in line and "TEST_REFUSED" in line for line in said)
    assert_numbered_in_order(year)


def test_sealed_records_at_hand_are_committed_together(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records the workers have sealed are committed as groups (one ledger write and
    one sync for all: seal.commit_all), never more than ledger.GROUP at once."""
    from yishi import ledger, seal

    sizes: list[int] = []
    real = seal.commit_all

    def counted(store: Any, tx: Any, changes: Any) -> None:
        sizes.append(len(changes))
        real(store, tx, changes)

    monkeypatch.setattr(seal, "commit_all", counted)
    numbered, _, _ = number_inline(year)
    assert numbered == MEETINGS
    assert sum(sizes) == MEETINGS and max(sizes) == ledger.GROUP  # inline: all at hand
    assert_numbered_in_order(year)


@pytest.mark.parametrize(
    ("renamed", "lost", "incomplete", "entries"),
    [(0, 0, 16, 16), (5, 0, 11, 16), (5, 2, 12, 16), (19, 0, 5, 24)],
)
def test_a_group_cut_short_by_a_crash_is_completed_by_the_next_transaction(
    year: Path,
    monkeypatch: pytest.MonkeyPatch,
    renamed: int,
    lost: int,
    incomplete: int,
    entries: int,
) -> None:
    """A kill after a group's ledger entries are written and synced (the first group
    holds 16 meetings, the second 8), with `renamed` records renamed into place, and after
    a power cut the rename of the `lost` one of them lost as well (a later one in place,
    an earlier one not): the next transaction on that ledger completes every entry of the
    group from the entry itself."""
    import os
    import shutil

    from yishi import ledger

    class Killed(BaseException):
        pass

    before = year.parent / "before"
    shutil.copytree(year, before)
    real = os.replace
    calls = {"n": 0}

    def replace(src: Any, dst: Any) -> None:
        if str(dst).endswith(".toml") and Path(dst).parent == year:
            calls["n"] += 1
            if calls["n"] > renamed:
                raise Killed
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Killed):
        number_inline(year)
    monkeypatch.setattr(os, "replace", real)
    for tmp in year.glob(".*.tmp-*"):  # what the killed process left (its pid is this one's)
        tmp.unlink()
    ids = sorted(p.stem for p in year.glob("*.toml"))
    if lost:
        name = f"{ids[lost - 1]}.toml"
        shutil.copy(before / name, year / name)
    store = Store(year)
    body = store.read(ids[0])["meeting"]["body"]
    with ledger.transaction(store, body) as tx:
        completed = [e["meeting"] for e in tx.recovered]
    assert len(completed) == incomplete
    assert len(tx.ledger.entries) == 1 + entries  # the genesis and the groups' entries
    result = Cli(year)("verify", "--all")
    assert result.exit_code == 0, result.output
