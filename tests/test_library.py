"""Library first (issue 9.7, 9.8): the status view, the issue gate and the error boundary
are core calls, tested here without the CLI; the commands only print what they return."""

from __future__ import annotations

import ast
import tempfile
from fractions import Fraction

import pytest

from tests.helpers import ROOT, hold_meeting, run_ok
from yishi import errors, issue_gate, status_view
from yishi.errors import EXIT_INTERNAL, Failed, InputError, StateError
from yishi.store import Store


def _small_meeting(cli, *, close: bool = True, attend: int = 5) -> str:
    mid = cli.open("--time", "09:00", "--place", "三楼", "--recorder", "周敏")
    run_ok(cli, "attend", *["zhang", "li", "wang", "zhao", "chen"][:attend])
    run_ok(cli, "item", "add", "学习", "--kind", "study")
    if close:
        run_ok(cli, "close")
    return mid


# ---------------------------------------------------------------------------- status


def test_status_view_is_data_worded_in_the_language_asked(cli) -> None:
    mid = _small_meeting(cli, close=False)
    run_ok(cli, "leave", "liu", "--reason", "出差", "--opinion", "同意")
    run_ok(cli, "depart", "chen", "--after", "1")
    store = Store(cli.records)
    view = status_view.build(store, None, "en")
    assert view.meeting.id == mid and view.title.tone == "strong"
    roll = {row.label: row.names for row in view.roll}
    assert roll["present (5)"].endswith("（left after item 1）")
    assert roll["on leave (1)"] == "刘洋（出差，written opinion）"
    assert roll["not recorded (2)"] == "杨帆、黄海"
    assert "absent (0)" not in roll  # an empty group is left out, except the present
    assert view.quorum is not None and view.quorum.tone == "ok"
    assert view.quorum.text.endswith(": met")
    assert [(r.number, r.outcome, r.tone) for r in view.items] == [("1", "no vote", "dim")]
    codes = {f.code for f in view.report.findings}
    assert "ATTENDANCE_UNRECORDED" in codes
    assert any("counted as not present: 杨帆、黄海" in line.text for line in view.missing)
    assert view.seal is None and view.follow_up == []
    zh = status_view.build(store, mid, "zh")
    assert [row.label for row in zh.roll][:2] == ["出席（5）", "请假（1）"]
    assert zh.columns["outcome"] == "结果"


def test_status_view_without_quorum_shortfall_and_findings(cli) -> None:
    cli.open("--time", "09:00", "--place", "三楼", "--recorder", "周敏")
    run_ok(cli, "attend", "zhang", "li")
    view = status_view.build(Store(cli.records), None, "en")
    assert view.quorum is not None and view.quorum.tone == "alarm"
    assert "NOT met" in view.quorum.text
    assert view.items == [] and view.summary.tone == "strong"
    assert all(line.tone in ("bad", "warn") for line in view.missing)


def test_status_view_reports_the_seal_of_an_issued_meeting(cli) -> None:
    mid = hold_meeting(cli)
    run_ok(cli, "issue")
    view = status_view.build(Store(cli.records), mid, "en")
    assert view.seal is not None and view.seal.tone == "ok"
    assert view.meeting.state == "issued"


# ---------------------------------------------------------------------------- issue


def test_the_gate_of_a_clean_meeting_is_open(cli) -> None:
    mid = hold_meeting(cli)
    store = Store(cli.records)
    gate = issue_gate.gate(store.meeting(mid))
    assert gate.codes == [] and not gate.blocked and not gate.refuses(force=False)
    done = issue_gate.issue(store, mid, "yishi issue", date="2024-03-06")
    assert done.meeting.state == "issued" and done.meeting.number
    assert done.seal["digest"] and done.late == []
    assert done.gate.overridden("en") == []
    with pytest.raises(StateError) as already:  # refused by its state, nothing written
        issue_gate.issue(store, mid, "yishi issue")
    assert already.value.key == "issue.already"


def test_the_gate_refuses_check_errors_and_force_logs_them(cli) -> None:
    mid = _small_meeting(cli, attend=2)  # no quorum: check errors
    store = Store(cli.records)
    meeting = store.meeting(mid)
    gate = issue_gate.gate(meeting)
    assert gate.blocked and gate.refuses(force=False) and not gate.refuses(force=True)
    assert gate.codes == gate.check_codes == sorted({f.code for f in gate.errors})
    before = (cli.records / f"{mid}.toml").read_bytes()
    with pytest.raises(issue_gate.IssueRefused) as refused:
        issue_gate.issue(store, mid, "yishi issue")
    exc = refused.value
    assert exc.exit_code == 1 and not exc.prefixed
    lines = exc.message("en").splitlines()
    assert lines[0].startswith(f"meeting {mid} has {len(gate.errors)} check error(s)")
    assert all(line.startswith("  ") for line in lines[1:]) and len(lines) == 1 + len(gate.errors)
    assert (cli.records / f"{mid}.toml").read_bytes() == before
    done = issue_gate.issue(store, mid, "yishi issue --force", force=True)
    assert done.meeting.forced_issue
    assert done.gate.overridden("en")[0].startswith("issued with --force despite")


def test_the_gate_lets_a_meeting_that_is_not_closed_be_refused_by_its_state(cli) -> None:
    mid = _small_meeting(cli, close=False, attend=2)
    store = Store(cli.records)
    gate = issue_gate.gate(store.meeting(mid))
    assert gate.blocked and not gate.refuses(force=False)  # its state decides
    with pytest.raises(StateError) as open_:
        issue_gate.issue(store, mid, "yishi issue")
    assert open_.value.key == "issue.not_closed"


def test_an_issue_date_before_the_meeting_is_refused_first(cli) -> None:
    mid = _small_meeting(cli)
    with pytest.raises(InputError) as early:
        issue_gate.issue(Store(cli.records), mid, "yishi issue", date="2024-03-01", force=True)
    assert early.value.key == "print.date_before_meeting"


# ---------------------------------------------------------------------------- boundary


def test_the_boundary_maps_every_kind_of_exception(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert errors.boundary(InputError("input.bad_number", value="x"), "en") == (
        2,
        "error: " + InputError("input.bad_number", value="x").message("en"),
    )
    assert errors.boundary(InputError("input.bad_number", value="x"), "zh")[1].startswith("错误：")
    assert errors.boundary(Failed(), "en") == (1, "")
    assert errors.boundary(Failed(2), "en") == (2, "")
    assert errors.boundary(KeyboardInterrupt(), "en") == (130, "")
    code, text = errors.boundary(FileNotFoundError(2, "No such file", "/x/y"), "en")
    assert (code, text) == (2, "error: the system refused a path: /x/y: No such file")
    assert errors.boundary(ValueError("embedded null byte"), "en")[0] == 2
    assert list(tmp_path.iterdir()) == []  # none of those is a bug


def test_a_bug_is_one_line_and_a_crash_report(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    try:
        {}["missing"]
    except KeyError as exc:
        code, text = errors.boundary(exc, "en")
    assert code == EXIT_INTERNAL and "\n" not in text
    [report] = list(tmp_path.glob("yishi-crash-*.txt"))
    assert text == (
        "error: internal error (a bug in yishi, not in your input): KeyError: 'missing'; "
        f"crash report written to {report}, please send it in"
    )
    body = report.read_text(encoding="utf-8")
    assert body.startswith("yishi ") and "Traceback (most recent call last)" in body
    assert "KeyError: 'missing'" in body


def test_a_command_whose_core_crashes_prints_no_traceback(cli, tmp_path, monkeypatch) -> None:
    _small_meeting(cli, close=False)
    crashes = tmp_path / "crashes"
    crashes.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(crashes))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(status_view, "build", broken)
    for lang, words in (("en", "internal error"), ("zh", "内部错误")):
        result = cli("status", lang=lang)
        assert result.exit_code == EXIT_INTERNAL, result.output
        assert "Traceback" not in result.output and result.stdout == ""
        [line] = result.stderr.splitlines()
        assert words in line and "ZeroDivisionError: division by zero" in line
    reports = sorted(crashes.glob("yishi-crash-*.txt"))
    assert len(reports) == 2 and any(str(p) in result.stderr for p in reports)
    assert all("ZeroDivisionError" in p.read_text(encoding="utf-8") for p in reports)


def test_an_unwritable_crash_report_is_still_one_line(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError("no")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, text = errors.boundary(RuntimeError("boom"), "en")
    assert code == EXIT_INTERNAL and "\n" not in text and "could not be written" in text


# ---------------------------------------------------------------------------- layering

CORE = ("errors.py", "status_view.py", "issue_gate.py")


@pytest.mark.parametrize("name", CORE)
def test_the_core_never_imports_typer_or_rich(name: str) -> None:
    tree = ast.parse((ROOT / "cli" / "yishi" / name).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"typer", "rich", "click"}, name


def test_commands_exit_only_through_the_boundary() -> None:
    """No command module decides an exit code on its own: `raise typer.Exit(...)` only in
    the boundary (commands/_common.py) and the `--version` callback."""
    allowed = {"_common.py", "_root.py"}  # the boundary, and the --version callback
    for path in sorted((ROOT / "cli" / "yishi" / "commands").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name in allowed:
            continue
        assert "sys.exit(" not in text.replace("sys.exit(code)", "") or path.name == "_help.py"
        assert "raise typer.Exit(" not in text, path.name


# ---------------------------------------------------------------------------- one message type


def test_errors_findings_and_problems_carry_one_message_type() -> None:
    from yishi import check, ledger, message, rules, schema, seal

    for carrier in (
        errors.YishiError,
        check.Finding,
        rules.LocatedProblem,
        schema.Problem,
        ledger.Problem,
        seal.Change,
        message.Message,
    ):
        assert issubclass(carrier, message.Keyed), carrier
    problem = schema.Problem(
        ("body", "name"),
        "TYPE",
        "rules.type",
        {"expected": "a string", "expected_zh": "字符串", "got": "1"},
    )
    assert problem.message("en") == "expected a string, got 1"
    assert problem.message("zh") == "类型错误：应为字符串，实为 1"
    assert problem.as_message() == message.Message("rules.type", problem.params)


def test_a_message_parameter_is_worded_in_the_language_of_its_message() -> None:
    from yishi.i18n import t
    from yishi.message import message

    inner = InputError("input.bad_number", value="x")
    for lang in ("zh", "en"):
        outer = t("fix.later_invalid", lang, n=3, cmd="yishi vote", error=inner.as_message())
        assert inner.message(lang) in outer
    assert message("status.state.open").message("zh") == "进行中"


# ---------------------------------------------------------------------------- words in the catalog

TH = {
    "half+": ("more_than", Fraction(1, 2)),
    "2/3": ("at_least", Fraction(2, 3)),
    "all": ("at_least", Fraction(1)),
    "3/5+": ("more_than", Fraction(3, 5)),
}


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("half+", "超过半数", "more than half"),
        ("2/3", "达到三分之二以上", "at least 2/3"),
        ("all", "全体", "all"),
        ("3/5+", "超过五分之三", "more than 3/5"),
    ],
)
def test_threshold_words_come_from_the_catalog(name: str, zh: str, en: str) -> None:
    from yishi.check import threshold_words
    from yishi.rules import Threshold

    mode, fraction = TH[name]
    threshold = Threshold(mode, fraction, "members")
    assert (threshold_words(threshold, "zh"), threshold_words(threshold, "en")) == (zh, en)


def test_base_period_and_day_words_come_from_the_catalog() -> None:
    from yishi.check import base_words, period_label
    from yishi.i18n import t
    from yishi.workdays import day_unit

    assert base_words("eligible", 7, "zh") == "除回避外应到会7人"
    assert base_words("cast", 6, "en") == "of 6 votes cast"
    assert base_words("unheard_of", 6, "en") == "6"
    assert period_label(2024, "half_year", 2, "zh") == "2024年下半年"
    assert period_label(2024, "month", 3, "en") == "2024-03"
    assert period_label(2024, "quarter", 2, "zh") == "2024年第2季度"
    with pytest.raises(KeyError):
        period_label(2024, "fortnight", 1, "en")
    assert (
        t(
            "check.NOTICE_LATE", "zh", sent="3月1日", days=2, unit=day_unit("working"), deadline="x"
        ).count("个工作日")
        == 1
    )


def test_outcome_sentences_come_from_the_catalog() -> None:
    from yishi.check import ItemOutcome
    from yishi.rules import Threshold

    half = Threshold("more_than", Fraction(1, 2), "members")
    outcome = ItemOutcome(
        1,
        "购置",
        "general",
        None,
        "passed",
        5,
        1,
        0,
        8,
        5,
        6,
        4,
        "hands",
        voted=True,
        pass_rule=half,
        quorum_rule=half,
        quorum_total=8,
    )
    assert (
        outcome.explain("zh") == "赞成5票、反对1票、弃权0票，应到会8人，须超过半数（至少5票）：通过"
    )
    assert outcome.explain("en") == (
        "5 yes, 1 no, 0 abstain; more than half of 8 members needed (at least 5): passed"
    )
    outcome.outcome, outcome.quorum_present = "invalid", 3
    assert outcome.explain("zh") == (
        "赞成5票、反对1票、弃权0票，但本项到会3人，应到会8人，须超过半数（至少4人）：表决无效"
    )
    outcome.outcome = "deferred"
    assert outcome.explain("en") == "5 yes, 1 no, 0 abstain; deferred"
    outcome.voted = False
    assert outcome.explain("zh") == "暂缓作出决定"


def test_a_per_candidate_finding_names_its_candidate_in_both_languages() -> None:
    from yishi.check import Finding

    finding = Finding("X", "error", 3, "check.for_candidate", {"candidate": "甲"}, "r", "s")
    assert finding.message("zh") == "（人选：甲）" and finding.message("en") == " (candidate 甲)"


# ---------------------------------------------------------------------------- check and due


def test_check_of_one_meeting_and_of_a_year_are_core_calls(cli) -> None:
    import datetime as dt

    from yishi import check_run

    held = hold_meeting(cli)
    run_ok(cli, "issue")
    short = _small_meeting(cli, attend=2)
    store = Store(cli.records)
    meeting, report = check_run.check_meeting(store, short, "en")
    assert meeting.id == short and not report.ok
    checked = check_run.check_meetings(
        store, year=2024, body=None, lang="en", today=dt.date(2024, 3, 5)
    )
    assert [m.id for m, _ in checked.reports] == sorted([held, short])
    assert not checked.ok and checked.errors >= len(report.errors) > 0
    assert [f.code for f in checked.reports[1][1].errors] == [f.code for f in report.errors]
    assert check_run.seal_finding([]) is None
    finding = check_run.seal_finding(["the log was edited"])
    assert finding.code == "SEAL_BROKEN" and "the log was edited" in finding.message("en")


def test_a_changed_sealed_record_is_the_first_finding_of_its_check(cli) -> None:
    from yishi import check_run

    mid = hold_meeting(cli)
    run_ok(cli, "issue")
    path = cli.records / f"{mid}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("局机关三楼", "局机关四楼"), "utf-8")
    _, report = check_run.check_meeting(Store(cli.records), mid, "en")
    assert report.findings[0].code == "SEAL_BROKEN" and not report.ok


def test_due_gathers_every_meeting_in_the_core(cli) -> None:
    import datetime as dt

    from yishi import deadlines

    cli.open("--time", "09:00", "--place", "三楼", "--recorder", "周敏")
    broken = cli.open("--time", "10:00", "--place", "三楼", "--recorder", "周敏")
    path = cli.records / f"{broken}.toml"  # its header reads, its meeting does not replay
    path.write_text(path.read_text(encoding="utf-8").replace('"party_group"', '"nope"', 1), "utf-8")
    found = deadlines.due(Store(cli.records), dt.date(2024, 3, 5))
    assert found.today == dt.date(2024, 3, 5)
    assert len(found.unreadable) == 1 and found.unreadable[0].exit_code == 2
    assert all(e in found.entries for e in found.overdue)
    assert deadlines.due(Store(cli.records), dt.date(2024, 3, 5), body="nobody").entries == []


def test_a_planned_meeting_opens_through_the_core(cli) -> None:
    from tests.helpers import EIGHT
    from yishi.record_before import proposal_notes, start_planned

    result = cli("plan", str(EIGHT), "--type", "party_group", "--date", "2024-03-05")
    assert result.exit_code == 0, result.output
    mid = result.stdout.strip().splitlines()[-1]
    run_ok(cli, "item", "add", "甲", "--kind", "general", "--by", "办公室")
    run_ok(cli, "item", "add", "乙", "--kind", "general", "--by", "办公室")
    run_ok(cli, "item", "approve", "2")
    store = Store(cli.records)
    meeting = store.meeting(mid)
    notes = proposal_notes(meeting, meeting.item(1), "en")
    assert notes and "甲" in notes[0]
    assert proposal_notes(meeting, meeting.item(1), "zh")[0] != notes[0]
    started = start_planned(store, mid, {"time": "09:00", "place": "三楼"}, "yishi open")
    assert started.meeting.state == "open" and store.current() == mid
    assert [i.title for i in started.ad_hoc] == ["甲"]  # never approved: 临时动议
