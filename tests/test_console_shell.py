"""The secretary's shell: history that never keeps secret-ballot names, completion by
position, a prompt with the meeting's state, help and Ctrl-C."""

from __future__ import annotations

import pytest

from yishi.commands.shell import keep_in_history


@pytest.mark.parametrize("line", [
    "vote 1 --method secret --yes 张伟,李明",
    "vote 1 -m secret --yes 5 --no 张伟",
    "vote 1 --method=secret --yes=zhang",
    "vote 1 -m secret 张伟",
    "vote 1 -m secret --yes 'zhang li",  # unparseable: kept off disk too
    "vote 2 --method 无记名 --yes 张伟",
])
def test_secret_ballot_lines_with_names_never_reach_the_history(line: str) -> None:
    assert not keep_in_history(line)


@pytest.mark.parametrize("line", [
    "vote 1 --method secret --yes 5 --no 1 --abstain 0",
    "vote 1,2 -m secret --yes=5",
    "vote 1 --method hands --yes 张伟,李明",
    "attend 张伟 李明",
    "status",
])
def test_other_lines_are_kept(line: str) -> None:
    assert keep_in_history(line)
