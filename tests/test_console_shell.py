"""The secretary's shell: history that never keeps secret-ballot names, completion by
position, a prompt with the meeting's state, help and Ctrl-C."""

from __future__ import annotations

import pytest

from yishi.commands.shell import keep_in_history


@pytest.mark.parametrize(
    "line",
    [
        "vote 1 --method secret --yes 张伟,李明",
        "vote 1 -m secret --yes 5 --no 张伟",
        "vote 1 --method=secret --yes=zhang",
        "vote 1 -m secret 张伟",
        "vote 1 -m secret --yes 'zhang li",  # unparseable: kept off disk too
        "vote 2 --method 无记名 --yes 张伟",
    ],
)
def test_secret_ballot_lines_with_names_never_reach_the_history(line: str) -> None:
    assert not keep_in_history(line)


@pytest.mark.parametrize(
    "line",
    [
        "vote 1 --method secret --yes 5 --no 1 --abstain 0",
        "vote 1,2 -m secret --yes=5",
        "vote 1 --method hands --yes 张伟,李明",
        "attend 张伟 李明",
        "status",
    ],
)
def test_other_lines_are_kept(line: str) -> None:
    assert keep_in_history(line)


# --- completion by position, the prompt, help

from tests.conftest import EIGHT  # noqa: E402
from yishi.commands.shell import Shell, run_script  # noqa: E402


@pytest.fixture
def shell(tmp_path):
    codes = run_script(
        [
            f"open {EIGHT} --type party_group --date 2024-04-01",
            "attend zhang li wang zhao chen",
            "leave yang --reason 出差",
            "item add 议题一 --kind general",
            "item add 干部任免 --kind personnel --candidate 甲某 --candidate 乙某",
            "recuse wang --item 2",
        ],
        tmp_path,
    )
    assert codes == [0] * 6
    return Shell(tmp_path, "en")


def ids(words):
    return {w for w in words if w.isascii()}


def test_completion_knows_where_it_is(shell) -> None:
    c = shell.candidates
    assert {"attend", "vote", "help", "exit"} <= set(c("", ""))
    assert set(c("", "v")) == {"vote", "verify"}
    assert ids(c("attend ", "")) == {"liu", "yang", "huang"}  # not yet present
    assert ids(c("attend ", "")) == ids(c("attend liu ", "")) | {"liu"}
    assert "agree" not in c("attend ", "")  # no stray words
    assert c("vote ", "") == ["1", "2"]
    assert "--method" in c("vote 1 ", "--") and "--yes" in c("vote 1 ", "--y")
    assert ids(c("vote 1 --yes ", "")) == {"zhang", "li", "wang", "zhao", "chen"}
    assert ids(c("vote 2 --yes ", "")) == {"zhang", "li", "zhao", "chen"}  # wang recused
    assert "yang" not in c("vote 1 --yes ", "")  # on leave
    assert ids(c("vote 1 --yes zhang,", "")) == {"li", "wang", "zhao", "chen"}  # once each
    assert c("vote 1 --yes zhang,", "l") == ["li"]
    assert c("vote 1 --yes ", "张") == ["张伟"]
    assert set(c("vote 2 --method ", "")) <= {"oral", "hands", "secret", "roll_call"}
    assert c("vote 2 --candidate ", "") == ["甲某", "乙某"]
    assert c("opinion ", "") == ["1", "2"]
    assert "yang" in c("opinion 1 ", "")  # a written opinion from a member on leave
    assert "wang" not in c("opinion 2 ", "")  # recused
    assert set(c("opinion 1 li ", "")) == {"agree", "disagree", "defer"}
    assert c("opinion 2 li agree --candidate ", "乙") == ["乙某"]
    assert c("recuse li --item ", "") == ["1", "2"]
    assert c("item ", "") == ["add", "list", "approve", "withdraw", "prereq"]
    assert "--kind" in c("item add x ", "--k") and "general" in c("item add x --kind ", "")
    assert ids(c("depart ", "")) == {"zhang", "li", "wang", "zhao", "chen"}
    assert c("fix ", "")[0] == "5"  # entry numbers, newest first
    assert ids(c("fix 3 vote 1 --yes ", "")) == {"zhang", "li", "wang", "zhao", "chen"}


def test_prompt_shows_meeting_state_and_quorum(shell, tmp_path) -> None:
    prompt = shell.prompt()
    assert prompt.startswith("yishi 2024-04-01-test-bureau-party_group-1 open 5/8✓")
    zh = Shell(tmp_path, "zh")
    from yishi.i18n import set_lang

    set_lang("zh")
    try:
        assert "进行中 到会5/8✓" in zh.prompt()
    finally:
        set_lang(None)
    assert Shell(tmp_path / "none", "en").prompt() == "yishi> "


def test_help_lists_commands_in_the_chosen_language(shell, capsys) -> None:
    from yishi.i18n import set_lang

    set_lang("zh")
    try:
        assert Shell(shell.records, None).help() == 0
    finally:
        set_lang(None)
    out = capsys.readouterr().out
    assert "出席：登记到会成员" in out and "Ctrl-R" in out and "attend" in out


def test_unclosed_quote_is_reported_in_the_language(shell, capsys) -> None:
    from yishi.i18n import set_lang

    set_lang("zh")
    try:
        assert shell.run_line('item add "议题 --kind general') == 2
    finally:
        set_lang(None)
    assert "引号未闭合" in capsys.readouterr().err
