"""Before the meeting, end to end through the CLI: plan → 议题申报 → 审定 → 通知 → open →
check, for every seed body, with the seeds' deadlines; and every refusal writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EIGHT, ROOT
from yishi import rules as rules_mod

SAMPLES = sorted((ROOT / "sample_configs").glob("*.toml"))
DEADLINE_CODES = {
    "NOTICE_LATE",
    "NOTICE_UNRECORDED",
    "PROPOSAL_LATE",
    "PREREQ_MISSING",
    "PREREQ_UNRECORDED",
    "MATERIALS_LATE",
    "AD_HOC",
    "CALENDAR_UNKNOWN",
}


def last(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def codes(cli, meeting: str | None = None) -> set[str]:
    result = cli("check", *([meeting] if meeting else []), "--format", "json")
    return {f["code"] for f in json.loads(result.stdout)["findings"]}


def plan(cli, rules: Path, type: str, date: str, *extra: str) -> str:
    return last(
        cli(
            "plan",
            str(rules),
            "--type",
            type,
            "--date",
            date,
            "--time",
            "09:00",
            "--place",
            "三楼会议室",
            *extra,
        )
    )


def pick(rules_path: Path):
    """A meeting type with a notice rule and the kinds a scenario uses for it."""
    rules = rules_mod.load(rules_path)
    mtype = next(
        (t for t in rules.meeting_types.values() if t.notice_days is not None),
        next(iter(rules.meeting_types.values())),
    )
    allowed = [
        k for k in (mtype.kinds or tuple(rules.item_kinds)) if not rules.item_kinds[k].per_candidate
    ]
    voted = [k for k in allowed if rules.item_kinds[k].prerequisites] or allowed
    return rules, mtype, voted[0]


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_each_seed_body_plans_approves_notifies_opens_and_checks(cli, sample):
    rules, mtype, kind = pick(sample)
    day = "2024-10-22"  # a Tuesday; nothing of 国庆 is near
    meeting = plan(cli, sample, mtype.id, day, "--contact", "办公室 王敏 0451-1234567")
    assert cli("list", "--state", "planned").stdout.count(meeting) == 1
    items = []
    if mtype.first_item:
        items.append(
            last(
                cli(
                    "item",
                    "add",
                    "学习贯彻重要讲话精神",
                    "--kind",
                    mtype.first_item,
                    "--by",
                    "办公室",
                    "--submitted",
                    "2024-10-14",
                )
            )
        )
    done = [x for p in rules.item_kinds[kind].prerequisites for x in ("--done", p)]
    items.append(
        last(
            cli(
                "item",
                "add",
                "关于2024年第四季度重点工作的请示",
                "--kind",
                kind,
                "--by",
                "办公室",
                "--presenter",
                rules.members[1].name,
                "--submitted",
                "2024-10-14",
                "--materials",
                "请示及附件",
                *done,
            )
        )
    )
    assert last(cli("item", "approve", *items)).startswith(("approved", "not approved"))
    notice = cli("notice", "--sent", "2024-10-15")
    assert notice.exit_code == 0, notice.output
    assert "关于召开" in notice.stdout and "关于2024年第四季度重点工作的请示" in notice.stdout
    assert "办公室 王敏" in notice.stdout and "2024年10月15日" in notice.stdout
    for prerequisite in rules.item_kinds[kind].prerequisites:
        assert f"{prerequisite}（已完成）" in notice.stdout
    sign_in = cli("notice", "--sign-in")
    assert "签到表" in sign_in.stdout and rules.members[0].name in sign_in.stdout
    assert codes(cli) & DEADLINE_CODES == set()  # planned: only what is due before it
    assert last(cli("open", meeting)) == meeting
    cli("attend", *[m.id for m in rules.members_of(mtype.id)])
    assert codes(cli) & DEADLINE_CODES == set()
    listing = cli("item", "list").stdout
    assert "[approved]" in listing and "[ad hoc]" not in listing


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_each_seed_body_late_notice_and_late_proposal_are_found(cli, sample):
    rules, mtype, kind = pick(sample)
    day = "2024-10-22"
    plan(cli, sample, mtype.id, day)
    number = last(cli("item", "add", "关于某事项的请示", "--kind", kind, "--submitted", day))
    cli("item", "approve", number)
    cli("notice", "--sent", day)
    found = codes(cli)
    if mtype.notice_days:
        assert "NOTICE_LATE" in found
    if mtype.submit_days:
        assert "PROPOSAL_LATE" in found
    if rules.item_kinds[kind].prerequisites:
        assert "PREREQ_UNRECORDED" in found


def working(tmp_path: Path, notice_days: int = 2) -> Path:
    """The 局委员会 (submit_days = 2) counting working days, with notice_days as given."""
    text = (ROOT / "sample_configs" / "hlj-jiguan-party-committee.toml").read_text("utf-8")
    text = text.replace(
        "notice_days = 1\n", f'notice_days = {notice_days}\nday_count = "working"\n', 1
    )
    path = tmp_path / "committee-working.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_national_day_with_its_make_up_sunday(cli, tmp_path):
    """SPEC §7: notice_days = 2 in working days; sent 2024-09-29 (a 调休 Sunday) is in time
    for 2024-10-08, sent 2024-09-30 is late. submit_days = 2 (局委员会 三.3) likewise."""
    rules = working(tmp_path)
    planned = cli("plan", str(rules), "--type", "party_committee", "--date", "2024-10-08")
    assert "proposals due by 2024-09-29, notice by 2024-09-29" in planned.stdout
    on_time = last(planned)
    study = last(cli("item", "add", "第一议题学习", "--kind", "study", "--submitted", "2024-09-29"))
    general = last(
        cli(
            "item",
            "add",
            "关于购置设备的请示",
            "--kind",
            "general",
            "--by",
            "办公室",
            "--submitted",
            "2024-09-29",
            "--done",
            "沟通协调酝酿,分管局领导审阅",
            "--done",
            "党委书记签字",
        )
    )
    cli("item", "approve", study, general)
    cli("notice", "--sent", "2024-09-29")
    cli("open", on_time)
    assert codes(cli) & {"NOTICE_LATE", "PROPOSAL_LATE", "PREREQ_MISSING"} == set()

    late = plan(cli, rules, "party_committee", "2024-10-08")
    study = last(cli("item", "add", "第一议题学习", "--kind", "study", "--submitted", "2024-09-30"))
    cli("item", "approve", study)
    result = cli("notice", "--sent", "2024-09-30")
    assert result.exit_code == 0 and "2024-09-29" in result.stderr  # warned: due by then
    cli("open", late)
    report = json.loads(cli("check", late, "--format", "json").stdout)
    by_code = {f["code"]: f for f in report["findings"]}
    assert "NOTICE_LATE" in by_code and "PROPOSAL_LATE" in by_code
    assert "2 working day(s)" in by_code["NOTICE_LATE"]["message"]
    assert "2024-09-29" in by_code["NOTICE_LATE"]["message"]


def test_a_year_the_calendar_lacks_is_refused_and_nothing_written(cli, tmp_path):
    rules = working(tmp_path)
    result = cli("plan", str(rules), "--type", "party_committee", "--date", "2031-03-04")
    assert result.exit_code == 2
    assert "2031.toml" in result.stderr and "State Council" in result.stderr
    assert not cli.records.exists() or not list(cli.records.glob("*.toml"))
    # calendar days need no calendar
    plan(
        cli,
        ROOT / "sample_configs" / "hlj-jiguan-party-committee.toml",
        "party_committee",
        "2031-03-04",
    )


def test_a_planned_meeting_refuses_attendance_votes_and_decisions(cli):
    meeting = plan(cli, EIGHT, "party_group", "2024-03-05")
    cli("item", "add", "2024年工作要点", "--kind", "general")
    before = cli.record_bytes(meeting)
    for args in (
        ("attend", "zhang"),
        ("absent", "li"),
        ("vote", "1", "--method", "hands", "--yes", "zhang"),
        ("decide", "1", "同意"),
        ("opinion", "1", "zhang", "agree"),
        ("recuse", "li", "--item", "1"),
        ("close",),
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "planned" in result.stderr and f"yishi open {meeting}" in result.stderr
        assert cli.record_bytes(meeting) == before
    zh = cli("attend", "zhang", lang="zh")
    assert "筹备" in zh.stderr
    # 会前请假 and 列席 named in advance are fine
    assert cli("leave", "huang", "--reason", "出差").exit_code == 0
    assert cli("guest", "孙强", "--role", "人事科科长").exit_code == 0


def test_approve_refusals_write_nothing_and_missing_prerequisites_warn(cli, tmp_path):
    rules = working(tmp_path)
    meeting = plan(cli, rules, "party_committee", "2024-10-22")
    cli("item", "add", "关于购置设备的请示", "--kind", "general", "--done", "沟通协调酝酿")
    before = cli.record_bytes(meeting)
    missing = cli("item", "approve", "5")
    assert missing.exit_code == 2 and "no item 5" in missing.stderr
    assert cli("item", "approve", "1", "x").exit_code == 2
    typo = cli("item", "prereq", "1", "合法性审查")
    assert typo.exit_code == 2 and "分管局领导审阅" in typo.stderr
    assert cli("item", "prereq", "9", "分管局领导审阅").exit_code == 2
    assert cli.record_bytes(meeting) == before
    assert cli("item", "prereq", "1", "分管局领导审阅").exit_code == 0
    warned = cli("item", "approve", "1")
    assert warned.exit_code == 0 and "warning" in warned.stderr
    assert "党委书记签字" in warned.stderr and "分管局领导审阅" not in warned.stderr
    cli("open", meeting)
    report = json.loads(cli("check", "--format", "json").stdout)
    [finding] = [f for f in report["findings"] if f["code"] == "PREREQ_MISSING"]
    assert finding["severity"] == "error" and finding["item"] == 1
    assert "党委书记签字" in finding["message"] and "already missing" in finding["message"]
    again = cli("item", "approve", "1")
    assert again.exit_code == 2 and "already started" in again.stderr


def test_notice_before_approval_warns(cli):
    meeting = plan(cli, EIGHT, "party_group", "2024-03-05")
    cli("item", "add", "2024年工作要点", "--kind", "general")
    result = cli("notice")
    assert result.exit_code == 0
    assert "not approved" in result.stderr and "2024年工作要点" in result.stderr
    assert "议题待审定" in result.stdout
    before = cli.record_bytes(meeting)
    assert cli("notice", "--sent", "2024-03-09").exit_code == 2  # after the meeting
    assert cli("notice", "--sent", "2024-13-01").exit_code == 2
    assert cli("notice", "--format", "pdf").exit_code == 2
    assert cli("notice", "--format", "docx").exit_code == 2  # needs -o
    assert cli.record_bytes(meeting) == before


def test_unapproved_and_late_items_are_ad_hoc_without_typing_it(cli, tmp_path):
    rules = working(tmp_path)
    meeting = plan(cli, rules, "party_committee", "2024-10-22")
    study = last(cli("item", "add", "第一议题学习", "--kind", "study"))
    cli(
        "item",
        "add",
        "未审定的议题",
        "--kind",
        "general",
        "--done",
        "沟通协调酝酿,分管局领导审阅,党委书记签字",
    )
    cli("item", "approve", study)
    opened = cli("open", meeting)
    assert "item 2" in opened.stdout and "ad hoc" in opened.stdout
    cli("item", "add", "会上提出的议题", "--kind", "general")
    listing = cli("item", "list").stdout.splitlines()
    assert "[approved]" in listing[0] and "[ad hoc]" in listing[1] and "[ad hoc]" in listing[2]
    report = json.loads(cli("check", "--format", "json").stdout)
    assert sorted(f["item"] for f in report["findings"] if f["code"] == "AD_HOC") == [2, 3]
    # a meeting opened directly keeps --ad-hoc as typed
    cli.open()
    cli("item", "add", "学习", "--kind", "study")
    cli("item", "add", "工作要点", "--kind", "general")
    assert "[ad hoc]" not in cli("item", "list").stdout


def test_withdraw_keeps_numbers_until_open_then_renumbers(cli):
    meeting = plan(cli, EIGHT, "party_group", "2024-03-05")
    for title, kind in (("学习", "study"), ("撤回的议题", "general"), ("工作要点", "general")):
        cli("item", "add", title, "--kind", kind)
    assert cli("item", "withdraw", "2").exit_code == 0
    assert last(cli("item", "add", "新增议题", "--kind", "general")) == "4"
    gone = cli("item", "approve", "2")
    assert gone.exit_code == 2 and "withdrawn" in gone.stderr
    cli("item", "approve", "1,3", "4")
    opened = cli("open", meeting)
    assert "item 3 is now item 2" in opened.stdout and "item 4 is now item 3" in opened.stdout
    assert [line.split(".")[0] for line in cli("item", "list").stdout.splitlines()] == [
        "1",
        "2",
        "3",
    ]
    assert cli("undo").exit_code == 0  # back to planned, old numbers
    assert "planned" in cli("list").stdout


def test_open_by_id_refuses_a_meeting_already_open_and_rules_need_type(cli):
    meeting = cli.open()
    again = cli("open", meeting)
    assert again.exit_code == 2 and "already started" in again.stderr
    assert cli("open", str(EIGHT)).exit_code == 2  # a rules file needs --type and --date
    assert cli("open", "no-such-meeting").exit_code == 2


def test_open_by_id_takes_the_facts_given(cli):
    meeting = plan(cli, EIGHT, "party_group", "2024-03-05")
    cli("open", meeting, "--recorder", "周敏", "--place", "五楼会议室")
    record = cli.record_bytes(meeting).decode("utf-8")
    assert 'recorder = "周敏"' in record and 'state = "open"' in record
    status = cli("check", "--format", "json")
    assert "RECORD_INCOMPLETE" not in status.stdout


def test_old_records_without_planned_still_open_normally(cli):
    meeting = cli.open()
    text = cli.record_bytes(meeting).decode("utf-8")
    assert "planned" not in text
    assert cli("attend", "zhang").exit_code == 0


def xining(tmp_path: Path) -> Path:
    return ROOT / "sample_configs" / "xining-chengzhong-hrss-party-group.toml"


def test_democratic_life_reports_before_and_after_and_due(cli, tmp_path, monkeypatch):
    """西宁 第十四条（二）方案提前10日报上级党组织；（五）会后15日内报送情况报告和会议记录."""
    monkeypatch.setenv("YISHI_NOW", "2024-12-01T09:00:00+08:00")
    rules = xining(tmp_path)
    meeting = plan(cli, rules, "democratic_life", "2024-12-20")
    due = cli("due", "--format", "json")
    assert due.exit_code == 0, due.output
    entries = json.loads(due.stdout)["entries"]
    assert [(e["what"], e["due"], e["status"]) for e in entries] == [
        ("report", "2024-12-10", "due")
    ]
    assert cli("due", "--within", "5").stdout.strip().endswith("nothing due or overdue")

    monkeypatch.setenv("YISHI_NOW", "2024-12-12T09:00:00+08:00")
    overdue = cli("due")
    assert (
        overdue.exit_code == 1
        and "OVERDUE" in overdue.stdout
        and "民主生活会方案" in overdue.stdout
    )
    assert cli("reported", "民主生活会方案", "--date", "2024-12-09").exit_code == 0
    assert cli("reported", "民主生活会方案").exit_code == 2  # twice
    assert cli("reported", "情况报告").exit_code == 2  # not a report of the rules
    assert cli("due").exit_code == 0

    cli("open", meeting)
    members = rules_mod.load(rules).members_of("democratic_life")
    cli("attend", *[m.id for m in members])
    cli("item", "add", "批评与自我批评", "--kind", "criticism")
    cli("close")
    issued = cli("issue", "--force")
    assert issued.exit_code == 0, issued.output
    monkeypatch.setenv("YISHI_NOW", "2025-01-06T09:00:00+08:00")
    after = json.loads(cli("due", "--format", "json").stdout)
    assert [(e["due"], e["status"]) for e in after["entries"]] == [("2025-01-04", "overdue")]
    before_seal = cli.record_bytes(meeting)
    done = cli("reported", "会议情况报告和会议记录", meeting, "--date", "2025-01-03")
    assert done.exit_code == 0, done.output
    assert cli.record_bytes(meeting) == before_seal  # the sealed record is untouched
    assert cli("verify", meeting).exit_code == 0
    assert cli("due").exit_code == 0
    log = (cli.records / "followup" / "xining-chengzhong-hrss-party-group.jsonl").read_text()
    assert '"op":"reported"' in log and '"sig"' in log  # the body's signed follow-up log
    verified = cli("tasks", "--verify")
    assert verified.exit_code == 0, verified.output
    assert cli("tasks").exit_code == 0  # no task came of it
    again = cli("reported", "会议情况报告和会议记录", meeting)
    assert again.exit_code == 2 and "already" in again.stderr


def test_due_across_bodies_notice_and_proposals(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("YISHI_NOW", "2024-09-27T09:00:00+08:00")
    committee = plan(cli, working(tmp_path), "party_committee", "2024-10-08")
    cli("item", "add", "学习", "--kind", "study")
    other = plan(cli, EIGHT, "party_group", "2024-10-10")
    text = cli("due").stdout
    assert committee in text and other in text
    only = json.loads(cli("due", "--body", "test-bureau", "--format", "json").stdout)
    assert {e["meeting"] for e in only["entries"]} == {other}
    monkeypatch.setenv("YISHI_NOW", "2024-09-30T09:00:00+08:00")
    late = json.loads(cli("due", "--body", "hlj-jiguan-party-committee", "--format", "json").stdout)
    assert [(e["what"], e["due"], e["status"]) for e in late["entries"]] == [
        ("notice", "2024-09-29", "overdue")
    ]
    assert cli("due", "--format", "xml").exit_code == 2
    assert cli("due", "--within", "-1").exit_code == 2
    cli("use", committee)
    cli("notice", "--sent", "2024-09-30")
    assert cli("due", "--body", "hlj-jiguan-party-committee").exit_code == 0


def test_notice_renders_html_and_docx(cli, tmp_path):
    plan(cli, EIGHT, "party_group", "2024-03-05")
    cli("item", "add", "2024年工作要点", "--kind", "general", "--presenter", "李明")
    cli("item", "approve", "1")
    html = cli("notice", "--format", "html")
    assert html.stdout.startswith("<!DOCTYPE html>") and "2024年工作要点" in html.stdout
    for name, args in (("n.docx", ()), ("s.docx", ("--sign-in",))):
        out = tmp_path / name
        result = cli("notice", *args, "-o", str(out))
        assert result.exit_code == 0, result.output
        import zipfile

        body = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
        assert "{{" not in body and "{%" not in body
        assert ("2024年工作要点" in body) if not args else ("签到表" in body)


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ('reports = [{ name = "方案" }]', "CONFLICT"),
        ('reports = [{ name = "方案", before_days = 1, after_days = 2 }]', "CONFLICT"),
        (
            'reports = [{ name = "方案", before_days = 1 }, { name = "方案", after_days = 2 }]',
            "DUPLICATE",
        ),
        ('reports = [{ name = "方案", befor_days = 1 }]', "UNKNOWN_KEY"),
        ('day_count = "workday"', "BAD_VALUE"),
        ("submit_days = -1", "BAD_VALUE"),
    ],
)
def test_rules_keys_are_validated(cli, tmp_path, patch, code):
    text = EIGHT.read_text(encoding="utf-8").replace(
        'notify = ["派驻纪检监察组"]\n', f'notify = ["派驻纪检监察组"]\n{patch}\n', 1
    )
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("rules", "check", str(path))
    assert result.exit_code == 1 and code in result.stdout, result.stdout


def test_a_prerequisite_name_may_not_hold_a_separator(cli, tmp_path):
    text = EIGHT.read_text(encoding="utf-8").replace(
        "[item_kinds.general]\n", '[item_kinds.general]\nprerequisites = ["调研、论证"]\n', 1
    )
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("rules", "check", str(path))
    assert result.exit_code == 1 and "调研、论证" in result.stdout


def test_notice_docx_templates_are_reproducible(tmp_path):
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, str(ROOT / "templates" / "build_notice_docx.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("notice.docx", "signin.docx"):
        built, committed = tmp_path / name, ROOT / "templates" / name
        with zipfile.ZipFile(built) as a, zipfile.ZipFile(committed) as b:
            assert a.namelist() == b.namelist()
            for member in a.namelist():
                assert a.read(member) == b.read(member), f"{name}:{member} differs: rebuild"


def test_a_planned_meeting_is_not_counted_as_held_in_the_report(cli):
    plan(cli, EIGHT, "party_group", "2024-03-05")
    report = json.loads(cli("report", "--year", "2024", "--format", "json").stdout)
    [row] = [t for b in report["bodies"] for t in b["types"] if t["type"] == "party_group"]
    assert row["held"] == 0 and row["open"] == 0


def test_due_leaves_a_missing_notice_to_check_once_the_meeting_takes_place(
    cli, tmp_path, monkeypatch
):
    """A notice nobody recorded is a to-do until the meeting's day; from then on it is past
    mending: `check` warns (NOTICE_UNRECORDED) and `due` no longer says it is overdue."""
    monkeypatch.setenv("YISHI_NOW", "2024-10-08T09:00:00+08:00")
    early = plan(cli, working(tmp_path), "party_committee", "2024-10-10")
    cli("use", early)
    assert cli("open", early).exit_code == 0  # opened ahead of its day: still to come
    ahead = json.loads(cli("due", "--format", "json").stdout)
    assert [(e["meeting"], e["what"], e["status"]) for e in ahead["entries"]] == [
        (early, "notice", "due")
    ]
    monkeypatch.setenv("YISHI_NOW", "2024-10-10T09:00:00+08:00")
    held = cli("due", "--format", "json")
    assert held.exit_code == 0, held.output
    assert json.loads(held.stdout)["entries"] == []
    assert "NOTICE_UNRECORDED" in codes(cli, early)
