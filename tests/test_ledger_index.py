"""The ledger's index (yishi.ledger._Index) is kept up to date as entries are appended
(issue 16.1: a batch asks it once per meeting). Whatever the entries, and however they
arrive, it answers what a walk over every entry answers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.ledger import Ledger

MEETINGS = ["m1", "m2", "m3"]
TYPES = ["party_group", "office"]

entry = st.one_of(
    st.fixed_dictionaries(
        {
            "op": st.sampled_from(["issue", "amend"]),
            "meeting": st.sampled_from(MEETINGS),
            "type": st.sampled_from(TYPES),
            "year": st.sampled_from([2024, 2025]),
            "seq": st.one_of(st.integers(1, 9), st.none(), st.just(True)),
            "date": st.sampled_from(["2024-01-05", "2024-03-01", "2024-12-30"]),
            "number": st.sampled_from(["A1", "A2", "B1"]),
        }
    ),
    st.fixed_dictionaries({"op": st.just("void"), "entry": st.integers(0, 12)}),
    st.fixed_dictionaries({"op": st.just("?")}),
)


def walked(entries: list[dict]) -> dict:
    """The answers by walking every entry (what the ledger did before the index)."""
    void = {
        e["entry"] for e in entries if e.get("op") == "void" and isinstance(e.get("entry"), int)
    }
    latest, mine = {}, {}
    for e in entries:
        if isinstance(e.get("meeting"), str):
            mine.setdefault(e["meeting"], []).append(e)
            if e.get("op") in ("issue", "amend") and e.get("i") not in void:
                latest[e["meeting"]] = e
    top = {}
    for e in entries:
        if e.get("op") == "issue" and isinstance(e.get("seq"), int):
            key = (e.get("type"), e.get("year"))
            top[key] = max(top.get(key, 0), e["seq"])
    standing = [e for e in entries if e.get("op") in ("issue", "amend") and e.get("i") not in void]
    return {"void": void, "latest": latest, "mine": mine, "top": top, "standing": standing}


def asked(ledger: Ledger) -> dict:
    return {
        "void": ledger.voided(),
        "latest": {m: ledger.latest(m) for m in MEETINGS if ledger.latest(m) is not None},
        "mine": {m: ledger.entries_of(m) for m in MEETINGS if ledger.entries_of(m)},
        "top": {
            (t, y): ledger.last_seq(t, y)
            for t in TYPES
            for y in (2024, 2025)
            if ledger.last_seq(t, y)
        },
        "standing": ledger.sealing(),
    }


def after(ledger: Ledger, type_: str, year: int, date: str) -> list[dict]:
    return [
        e
        for e in ledger.sealing()
        if e.get("op") == "issue"
        and e.get("type") == type_
        and e.get("year") == year
        and str(e.get("date", "")) > date
    ]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(entry, max_size=14), st.integers(0, 14))
def test_the_index_answers_what_a_walk_over_the_entries_answers(raw, asked_at) -> None:
    genesis = {"op": "genesis", "i": 0, "floor": {}}
    entries = [genesis] + [{**e, "i": i + 1} for i, e in enumerate(raw)]
    ledger = Ledger("body", Path("/nonexistent"))
    # appended one by one, asked part way (the index is built, then extended)
    for e in entries[: asked_at + 1]:
        ledger.entries.append(e)
    asked(ledger)
    for e in entries[asked_at + 1 :]:
        ledger.entries.append(e)
        assert asked(ledger) == walked(ledger.entries)
    assert asked(ledger) == walked(entries)
    for t in TYPES:
        for day in ("2024-01-01", "2024-03-01", "2024-12-31"):
            assert ledger.issued_after(t, 2024, day) == after(ledger, t, 2024, day)


def test_entries_replaced_rebuild_the_index() -> None:
    ledger = Ledger("body", Path("/nonexistent"))
    ledger.entries += [
        {"op": "genesis", "i": 0},
        {"op": "issue", "i": 1, "meeting": "m1", "type": "t", "year": 2024, "seq": 3},
    ]
    assert ledger.last_seq("t", 2024) == 3
    ledger.entries[1] = {
        "op": "issue",
        "i": 1,
        "meeting": "m2",
        "type": "t",
        "year": 2024,
        "seq": 1,
    }
    assert ledger.last_seq("t", 2024) == 1
    assert ledger.latest("m1") is None and ledger.latest("m2") is not None
