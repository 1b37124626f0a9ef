"""Findings and their order, and item outcomes, frozen over a corpus of meetings.

tests/golden/check-corpus.json.gz (made by `python -m tests.check_corpus`, see there) holds
every meeting the suite evaluated, demo-like meetings of every sample body, the 0.1 record
fixtures, the meetings of `make demo` and every step of the derandomized state machine, each
with what `check.evaluate` found; and the year evaluations of the suite. Evaluating them
again must give exactly the same (code, severity, item, message key, rule, source, params)
lists, in the same order, and the same outcomes."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from tests import check_corpus as corpus_mod
from yishi.check import CODES, SEAL_CODES, evaluate, evaluate_year


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    return corpus_mod.load()


def _same(a: Any, b: Any) -> bool:
    return json.loads(json.dumps(a)) == json.loads(json.dumps(b))


# found only in hand-edited records (the replay refuses the events that would cause them:
# tests/test_check_engine.py builds those meetings by editing a replayed one)
HAND_EDITED = {"RECUSED_PARTICIPATED", "LEAVE_NO_REASON"}


def test_corpus_is_broad(corpus: dict[str, Any]) -> None:
    """The corpus covers the engine: hundreds of meetings from the suite and from the state
    machine, every sample body, and every code the engine reports on a replayed record."""
    origins = Counter(entry["origin"].split("::")[0] for entry in corpus["meetings"])
    assert len(corpus["meetings"]) > 1500, len(corpus["meetings"])
    machine = origins["tests/test_state_machine.py"] + origins["extra-machine"]
    assert machine > 500, origins
    assert origins["extra"] > 50, origins  # sample bodies, 0.1 fixtures, make demo
    assert len(corpus["years"]) > 20, "year evaluations"
    seen = {row[0] for entry in corpus["meetings"] for row in entry["expect"]["findings"]}
    seen |= {row[0] for entry in corpus["years"] for row in entry["expect"]}
    assert set(CODES) - set(SEAL_CODES) - HAND_EDITED == seen


def test_every_meeting_gives_the_same_findings_and_outcomes(corpus: dict[str, Any]) -> None:
    wrong = []
    for index, entry in enumerate(corpus["meetings"]):
        report = evaluate(corpus_mod.meeting_from(corpus, entry))
        got = corpus_mod.report_rows(report)
        if not _same(got, entry["expect"]):
            wrong.append((index, entry["origin"], got, entry["expect"]))
    if wrong:
        index, origin, got, expect = wrong[0]
        pytest.fail(
            f"{len(wrong)} of {len(corpus['meetings'])} meetings differ; the first, #{index} "
            f"from {origin}:\n got    {json.dumps(got, ensure_ascii=False)}\n"
            f" expect {json.dumps(expect, ensure_ascii=False)}"
        )


def test_every_year_gives_the_same_findings(corpus: dict[str, Any]) -> None:
    wrong = []
    for entry in corpus["years"]:
        meetings = [
            corpus_mod.meeting_from(corpus, corpus["meetings"][i]) for i in entry["meetings"]
        ]
        today = corpus_mod.decode(entry["today"])
        found = evaluate_year(meetings, entry["year"], today, closed_only=entry["closed_only"])
        got = corpus_mod.finding_rows(found)
        if not _same(got, entry["expect"]):
            wrong.append((entry["origin"], got, entry["expect"]))
    assert wrong == []
