"""After the meeting (SPEC §7 After): 纪要 review before 签发 where the rules ask for it
(辽宁 第二十五条), and 督办 tasks: add / update / done / reopen, `tasks` exiting 1 while any
is overdue, the 督办通知单 and the annual report's follow-up section."""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).parent.parent
LIAONING = ROOT / "sample_configs" / "liaoning-jiguan-party-group.toml"
EIGHT = Path(__file__).parent / "fixtures" / "eight.toml"
LN_MEMBERS = ["张德明", "韩雪", "宋涛", "冯强", "董雅丽", "吕长胜"]
ALL8 = ["zhang", "li", "wang", "zhao", "chen", "liu", "yang", "huang"]


def ok(cli, *args: str, lang: str = "en"):
    result = cli(*args, lang=lang)
    assert result.exit_code == 0, result.output
    return result


def last_line(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def task_ids(result) -> list[str]:
    """The ids of the tasks a text `tasks` listing shows (first column)."""
    return [
        line.split()[0]
        for line in result.stdout.splitlines()
        if line[:4].isdigit() or "/20" in line.split(" ")[0]
    ]


def liaoning_meeting(cli, date: str = "2024-03-05", close: bool = True) -> str:
    """A clean 辽宁 党组会议: everyone present, a study item, one voted decision."""
    meeting_id = cli.open(
        "--time",
        "09:00",
        "--place",
        "三楼会议室",
        "--recorder",
        "党组秘书",
        "--notice-sent",
        "2024-01-01",
        rules=LIAONING,
        date=date,
    )
    ok(cli, "attend", *LN_MEMBERS)
    ok(
        cli,
        "item",
        "add",
        "传达学习全省机关事务工作会议精神",
        "--kind",
        "study",
        "--materials-sent",
        "2024-01-01",
    )
    ok(
        cli,
        "item",
        "add",
        "关于机关食堂改造的请示",
        "--kind",
        "general",
        "--materials-sent",
        "2024-01-01",
    )
    ok(cli, "opinion", "2", "韩雪", "agree")
    ok(cli, "opinion", "2", "张德明", "agree")
    ok(cli, "vote", "2", "--method", "hands", "--yes", ",".join(LN_MEMBERS))
    ok(cli, "decide", "2", "同意改造，由机关服务中心组织实施")
    if close:
        ok(cli, "close")
    return meeting_id


def eight_meeting(cli, date: str, decisions: int = 2, close: bool = True) -> str:
    """A meeting of the 8-member test body with `decisions` decided general items (2..)."""
    meeting_id = cli.open("--notice-sent", "2000-01-01", "--notified", "派驻纪检监察组", date=date)
    ok(cli, "attend", *ALL8)
    ok(cli, "item", "add", "学习", "--kind", "study")
    for n in range(decisions):
        ok(
            cli,
            "item",
            "add",
            f"关于第{n + 1}项工作的请示",
            "--kind",
            "general",
            "--materials-sent",
            "2000-01-01",
        )
        ok(cli, "vote", str(n + 2), "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
        ok(cli, "decide", str(n + 2), f"同意第{n + 1}项，由办公室抓好落实")
    if close:
        ok(cli, "close")
    return meeting_id


def log_of(cli) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted((cli.records / "followup").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


# ---------------------------------------------------------------------------- review


def test_liaoning_minutes_cannot_be_issued_before_review(cli):
    meeting_id = liaoning_meeting(cli, close=False)
    early = cli("review", "韩雪")
    assert early.exit_code == 2 and "not closed" in early.output
    ok(cli, "close")
    before = cli.record_bytes(meeting_id)
    refused = cli("issue")
    assert refused.exit_code == 1
    assert "not been reviewed" in refused.output
    assert "张德明、韩雪、宋涛、冯强、董雅丽、吕长胜" in refused.output
    assert cli.record_bytes(meeting_id) == before  # nothing written

    ok(cli, "review", "韩雪", "--comment", "建议补充资金来源")
    ok(cli, "review", "song")  # by id prefix
    twice = cli("review", "韩雪")
    assert twice.exit_code == 2 and "already reviewed" in twice.output
    stranger = cli("review", "孙强")
    assert stranger.exit_code == 2 and "no member" in stranger.output
    status = ok(cli, "status").stdout
    assert "minutes reviewed: 2/6" in status and "建议补充资金来源" in status
    assert "still to review: 张德明、冯强、董雅丽、吕长胜" in status
    zh = cli("issue", lang="zh")
    assert zh.exit_code == 1 and "尚待审阅：张德明、冯强、董雅丽、吕长胜" in zh.output

    for name in ("张德明", "冯强", "董雅丽"):
        ok(cli, "review", name)
    assert "still to review: 吕长胜" in ok(cli, "status").stdout
    last = ok(cli, "review", "吕长胜")
    assert "every member has reviewed" in last.stdout
    issued = ok(cli, "issue")
    assert last_line(issued) == "辽机管党组纪〔2024〕1号"
    after = cli("review", "韩雪")
    assert after.exit_code == 2 and "issued" in after.output
    ok(cli, "verify")
    doc = tomllib.loads(cli.record_bytes(meeting_id).decode())
    reviews = [e for e in doc["log"] if e["op"] == "review"]
    assert [e["member"] for e in reviews][:2] == ["hanxue", "songtao"]
    assert reviews[0]["comment"] == "建议补充资金来源"
    assert not any(e.get("forced") for e in doc["log"] if e["op"] == "issue")


def test_issue_force_before_review_is_logged(cli):
    meeting_id = liaoning_meeting(cli)
    ok(cli, "review", "韩雪")
    forced = ok(cli, "issue", "--force")
    assert "before 张德明、宋涛、冯强、董雅丽、吕长胜 reviewed" in forced.output
    doc = tomllib.loads(cli.record_bytes(meeting_id).decode())
    issue = next(e for e in doc["log"] if e["op"] == "issue")
    assert issue["forced"] is True and "REVIEW_INCOMPLETE" in issue["findings"]
    report = json.loads(ok(cli, "report", "--year", "2024", "--format", "json").stdout)
    numbers = report["bodies"][0]["numbers"][0]
    assert numbers["forced"] == ["辽机管党组纪〔2024〕1号"]


def test_review_can_be_undone_and_is_refused_where_rules_do_not_ask(cli):
    meeting_id = liaoning_meeting(cli)
    ok(cli, "review", "韩雪")
    ok(cli, "undo")
    assert "minutes reviewed: 0/6" in ok(cli, "status").stdout
    assert meeting_id
    eight_meeting(cli, "2024-03-06")
    refused = cli("review", "zhang")
    assert refused.exit_code == 2 and "minutes_review" in refused.output
    assert "minutes reviewed" not in ok(cli, "status").stdout
    ok(cli, "issue")  # no review asked for: issued as before


def test_batch_does_not_number_an_unreviewed_meeting_silently(cli, tmp_path):
    def state(meeting_id: str) -> str:
        return tomllib.loads(cli.record_bytes(meeting_id).decode())["meeting"]["state"]

    waiting = liaoning_meeting(cli)
    refused = cli("batch", "--year", "2024", "-o", str(tmp_path / "out"))
    assert refused.exit_code == 1 and "REVIEW_INCOMPLETE" in refused.output
    assert state(waiting) == "closed"
    for name in LN_MEMBERS:
        ok(cli, "review", name)
    ok(cli, "batch", "--year", "2024", "-o", str(tmp_path / "out"))
    assert state(waiting) == "issued"
    forced = liaoning_meeting(cli, date="2024-04-02")
    ok(cli, "batch", "--year", "2024", "--force", "-o", str(tmp_path / "out"))
    doc = tomllib.loads(cli.record_bytes(forced).decode())
    issue = next(e for e in doc["log"] if e["op"] == "issue")
    assert doc["meeting"]["state"] == "issued" and "REVIEW_INCOMPLETE" in issue["findings"]


def test_minutes_review_key_in_rules(tmp_path):
    from yishi.rules import check_file, load

    rules = load(LIAONING)
    assert rules.meeting_types["party_group"].minutes_review is True
    assert rules.meeting_types["democratic_life"].minutes_review is False
    assert rules.raw["follow_up"] == {"office": "局办公室", "due_soon_days": 7}
    text = LIAONING.read_text(encoding="utf-8")
    comment = text.split("\nminutes_review = true")[0].rsplit("\n", 1)[-1]
    assert comment.startswith("# 第二十五条")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        text.replace("minutes_review = true", "minutes_reveiw = true").replace(
            "due_soon_days = 7", "due_soon_days = -1"
        ),
        encoding="utf-8",
    )
    merged, problems = check_file(bad)
    assert merged is None
    codes = {(p.code, p.params.get("hint", "")) for p in problems}
    assert any(hint == "minutes_review" for _, hint in codes)
    assert len(problems) == 2


# ---------------------------------------------------------------------------- tasks


def test_tasks_across_two_meetings_one_overdue_then_done(cli, monkeypatch):
    first = eight_meeting(cli, "2024-03-05")
    ok(cli, "issue")
    second = eight_meeting(cli, "2024-04-10", decisions=1)
    ok(cli, "issue")
    t1 = last_line(
        ok(
            cli,
            "task",
            "add",
            "2",
            "--meeting",
            first,
            "--owner",
            "办公室",
            "--lead",
            "李明",
            "--due",
            "2024-04-30",
        )
    )
    t2 = last_line(
        ok(
            cli,
            "task",
            "add",
            "3",
            "--meeting",
            first,
            "--owner",
            "财务科",
            "--due",
            "2024-09-30",
            "--text",
            "完成采购并报告",
        )
    )
    t3 = last_line(ok(cli, "task", "add", "2", "--owner", "人事科", "--due", "2024-05-20"))
    assert (t1, t2, t3) == ("2024-001", "2024-002", "2024-003")

    monkeypatch.setenv("YISHI_NOW", "2024-05-10T09:00:00+08:00")
    listing = cli("tasks")
    assert listing.exit_code == 1
    lines = {
        line.split()[0]: line for line in listing.stdout.splitlines() if line.startswith("2024-")
    }
    assert "overdue by 10 day(s)" in lines["2024-001"] and "办公室" in lines["2024-001"]
    assert "李明" in lines["2024-001"] and "测试局党组纪〔2024〕1号 #2" in lines["2024-001"]
    assert "on time (143 day(s) left)" in lines["2024-002"]
    assert "due in 10 day(s)" not in lines["2024-003"]  # window 7 days: on time
    assert "3 task(s): 0 done, 3 open (1 overdue)" in listing.stdout
    assert cli("tasks", "--soon", "10").stdout.count("due in 10 day(s)") == 1
    only = cli("tasks", "--overdue")
    assert only.exit_code == 1 and "2024-001" in only.stdout and "2024-002" not in only.stdout
    assert task_ids(ok(cli, "tasks", "--owner", "财务科")) == ["2024-002"]
    assert task_ids(ok(cli, "tasks", "--meeting", second)) == ["2024-003"]
    data = json.loads(cli("tasks", "--format", "json").stdout)
    assert data["overdue"] == 1 and data["today"] == "2024-05-10"
    by_id = {t["id"]: t for t in data["tasks"]}
    assert by_id["2024-001"]["status"] == "overdue" and by_id["2024-001"]["lead"] == "li"
    assert by_id["2024-002"]["text"] == "完成采购并报告"
    assert by_id["2024-003"]["decision"] == "同意第1项，由办公室抓好落实"
    assert by_id["2024-003"]["meeting"] == second and by_id["2024-003"]["days_left"] == 10

    assert "督办: 1 task(s) (0 done, 1 open, 0 overdue): 2024-003" in ok(cli, "status").stdout
    ok(cli, "use", first)
    assert "2 open, 1 overdue): 2024-001、2024-002" in ok(cli, "status").stdout
    ok(cli, "task", "update", "2024-001", "--note", "已完成方案设计")
    ok(cli, "task", "update", "2024-002", "--due", "2024-10-31", "--owner", "财务审计科")
    done = ok(cli, "task", "done", "2024-001", "--note", "已完工验收")
    assert "after its due date 2024-04-30" in done.stdout
    final = ok(cli, "tasks")
    assert "done late (2024-05-10)" in final.stdout and "财务审计科" in final.stdout
    assert "3 task(s): 1 done, 2 open (0 overdue)" in final.stdout
    again = cli("task", "done", "2024-001")
    assert again.exit_code == 2 and "already done" in again.output
    ok(cli, "task", "reopen", "2024-001", "--note", "验收发现问题")
    assert cli("tasks").exit_code == 1  # open and overdue again
    ok(cli, "task", "done", "2024-001", "--date", "2024-05-09")
    assert cli("tasks").exit_code == 0
    show = ok(cli, "task", "show", "2024-001").stdout
    assert "已完成方案设计" in show and "验收发现问题" in show and "reopened" in show
    shown = ok(cli, "task", "show", "2024-002").stdout
    assert "2024-10-31（2024-09-30）" in shown
    zh = cli("tasks", lang="zh").stdout
    assert "逾期办结（2024-05-09）" in zh and "承办单位" in zh


def test_task_add_needs_a_decision(cli):
    meeting_id = eight_meeting(cli, "2024-03-05", close=False)
    ok(cli, "item", "add", "关于暂缓事项", "--kind", "general")
    ok(cli, "vote", "4", "--method", "hands", "--yes", "zhang,li", "--no", "wang,zhao,chen")
    ok(cli, "decide", "4", "--defer")
    ok(cli, "close")
    for args, text in (
        (("1",), "no decision"),  # a study item
        (("4",), "no decision"),  # 暂缓
        (("9",), "no item 9"),
        (("2", "--due", "2024-02-01"), "before the meeting date"),
        (("2", "--due", "2024-13-01"), "invalid date"),
        (("2", "--lead", "nobody"), "no member"),
        (("2", "--owner", "  "), "must not be empty"),
        (("2", "--owner", "办公\x1b[31m室"), "control characters"),
    ):
        argv = ["task", "add", *args]
        if "--due" not in args:
            argv += ["--due", "2024-04-01"]
        if "--owner" not in args:
            argv += ["--owner", "办公室"]
        result = cli(*argv)
        assert result.exit_code == 2, (args, result.output)
        assert text in result.output, (args, result.output)
    assert not (cli.records / "followup").exists()  # nothing written
    assert (
        last_line(ok(cli, "task", "add", "2", "--owner", "办公室", "--due", "2024-04-01"))
        == "2024-001"
    )
    assert meeting_id in ok(cli, "tasks").stdout  # no number yet
    ok(cli, "issue", "--force")
    assert "测试局党组纪〔2024〕1号 #2" in ok(cli, "tasks").stdout  # the number it has now
    bad = cli("task", "update", "2024-001")
    assert bad.exit_code == 2 and "nothing to update" in bad.output
    future = cli("task", "done", "2024-001", "--date", "2024-12-01")
    assert future.exit_code == 2 and "after today" in future.output
    unknown = cli("task", "done", "2024-099")
    assert unknown.exit_code == 2 and "no task '2024-099'" in unknown.output
    assert cli("tasks", "--format", "pdf").exit_code == 2
    assert cli("tasks", "--format", "docx").exit_code == 2  # needs -o


def test_a_task_during_the_meeting_warns_and_a_changed_decision_is_reported(cli):
    eight_meeting(cli, "2024-03-05", close=False)
    early = ok(cli, "task", "add", "2", "--owner", "办公室", "--due", "2024-04-01")
    assert last_line(early) == "2024-001" and "still open" in early.stderr
    ok(cli, "decide", "2", "同意，由财务科抓好落实", "--replace")
    ok(cli, "close")
    verify = cli("tasks", "--verify")
    assert verify.exit_code == 1 and "its decision differs" in verify.output


def test_tasks_of_per_candidate_and_rejected_decisions(cli):
    eight_meeting(cli, "2024-03-05", decisions=0, close=False)
    ok(
        cli,
        "item",
        "add",
        "干部任免",
        "--kind",
        "personnel",
        "--candidate",
        "甲某",
        "--candidate",
        "乙某",
    )
    ok(cli, "vote", "2", "--method", "secret", "--candidate", "甲某", "--yes", "7", "--no", "1")
    ok(cli, "decide", "2", "同意任命甲某", "--candidate", "甲某")
    ok(cli, "decide", "2", "--candidate", "乙某", "--defer")
    ok(cli, "item", "add", "关于被否决的事项", "--kind", "general")
    ok(cli, "vote", "3", "--method", "hands", "--yes", "zhang,li", "--no", "wang,zhao,chen,liu")
    ok(cli, "decide", "3", "不同意", "--rejected")
    ok(cli, "close")
    base = ["--owner", "组织人事科", "--due", "2024-04-30"]
    which = cli("task", "add", "2", *base)
    assert which.exit_code == 2 and "--candidate (甲某)" in which.output
    deferred = cli("task", "add", "2", "--candidate", "乙", *base)
    assert deferred.exit_code == 2 and "no decision" in deferred.output
    rejected = cli("task", "add", "3", *base)
    assert rejected.exit_code == 2 and "no decision" in rejected.output
    assert last_line(ok(cli, "task", "add", "2", "--candidate", "甲", *base)) == "2024-001"
    task = json.loads(cli("tasks", "--format", "json").stdout)["tasks"][0]
    assert task["candidate"] == "甲某" and task["decision"] == "同意任命甲某"
    assert task["major"] is True and task["kind"] == "personnel"
    assert cli("tasks", "--verify").exit_code == 0


def test_task_ids_per_body_and_year(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("YISHI_NOW", "2025-01-20T09:00:00+08:00")
    eight_meeting(cli, "2024-12-20")
    ok(cli, "task", "add", "2", "--owner", "办公室", "--due", "2025-01-31")
    eight_meeting(cli, "2025-01-10")
    assert (
        last_line(ok(cli, "task", "add", "2", "--owner", "办公室", "--due", "2025-01-31"))
        == "2025-001"
    )
    other = tmp_path / "other.toml"
    other.write_text(
        EIGHT.read_text(encoding="utf-8").replace('id = "test-bureau"', 'id = "other-bureau"'),
        encoding="utf-8",
    )
    cli.open("--notice-sent", "2000-01-01", rules=other, date="2025-01-11")
    ok(cli, "attend", *ALL8)
    ok(cli, "item", "add", "学习", "--kind", "study")
    ok(cli, "item", "add", "关于其他事项", "--kind", "general")
    ok(cli, "vote", "2", "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
    ok(cli, "decide", "2", "同意")
    ok(cli, "close")
    ok(cli, "task", "add", "2", "--owner", "办公室", "--due", "2025-02-28")
    ambiguous = cli("task", "done", "2025-001")
    assert ambiguous.exit_code == 2
    assert "other-bureau/2025-001" in ambiguous.output
    assert "test-bureau/2025-001" in ambiguous.output
    ok(cli, "task", "done", "other-bureau/2025-001")
    listing = ok(cli, "tasks", "--year", "2025")
    assert task_ids(listing) == ["other-bureau/2025-001", "test-bureau/2025-001"]
    assert task_ids(ok(cli, "tasks", "--body", "test-bureau")) == ["2024-001", "2025-001"]


def test_status_colours_and_the_due_soon_window(cli, monkeypatch, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        EIGHT.read_text(encoding="utf-8") + "\n[follow_up]\ndue_soon_days = 20\n", encoding="utf-8"
    )
    meeting_id = cli.open("--notice-sent", "2000-01-01", rules=rules, date="2024-03-05")
    ok(cli, "attend", *ALL8)
    ok(cli, "item", "add", "学习", "--kind", "study")
    for n in (2, 3, 4):
        ok(cli, "item", "add", f"事项{n}", "--kind", "general")
        ok(cli, "vote", str(n), "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
        ok(cli, "decide", str(n), "同意")
    ok(cli, "close")
    for n, due in ((2, "2024-03-05"), (3, "2024-03-20"), (4, "2024-06-30")):
        ok(cli, "task", "add", str(n), "--owner", "办公室", "--due", due, "--meeting", meeting_id)
    monkeypatch.setenv("YISHI_NOW", "2024-03-10T09:00:00+08:00")
    plain = cli("tasks")
    assert "\x1b[" not in plain.stdout
    assert "due in 10 day(s)" in plain.stdout  # the rules' window: 20 days
    assert "overdue by 5 day(s)" in plain.stdout and "on time (112 day(s) left)" in plain.stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = cli("tasks")
    assert coloured.exit_code == 1
    out = coloured.stdout
    red = out.split("overdue by 5 day(s)")[0].rsplit("\x1b[", 1)[1]
    yellow = out.split("due in 10 day(s)")[0].rsplit("\x1b[", 1)[1]
    green = out.split("on time (112")[0].rsplit("\x1b[", 1)[1]
    assert red.startswith("1;31m") and yellow.startswith("33m") and green.startswith("32m")
    narrow = cli("tasks", "--soon", "3")  # outside a narrower window it is on time
    assert "due in 10 day(s)" not in narrow.stdout and "on time (10 day(s) left)" in narrow.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[3" not in cli("tasks").stdout


def test_duban_notice_documents(cli, tmp_path, monkeypatch):
    eight_meeting(cli, "2024-03-05")
    ok(cli, "issue")
    ok(
        cli,
        "task",
        "add",
        "2",
        "--owner",
        "办公室|后勤",
        "--lead",
        "李明",
        "--due",
        "2024-04-30",
        "--text",
        "完成改造\n并报告",
    )
    ok(cli, "task", "add", "3", "--owner", "财务科", "--due", "2024-06-30")
    monkeypatch.setenv("YISHI_NOW", "2024-05-05T09:00:00+08:00")
    md = cli("tasks", "--format", "md")
    assert md.exit_code == 1
    text = md.stdout
    assert text.startswith("# 中共测试局党组会议决定事项督办通知单")
    assert "办公室\\|后勤" in text and "完成改造 并报告" in text
    assert "| 2024-001 | 测试局党组纪〔2024〕1号 第2项 |" in text and "已逾期" in text
    assert "共2项：已办结0项，正常推进1项，即将到期0项，已逾期1项" in text
    rows = [line for line in text.splitlines() if line.startswith("| 2024-")]
    assert all(line.replace("\\|", "").count("|") == 8 for line in rows)
    html_path = tmp_path / "duban.html"
    ok_html = cli("tasks", "--format", "html", "-o", str(html_path))
    assert ok_html.exit_code == 1  # still overdue: the exit code says so
    html_text = html_path.read_text(encoding="utf-8")
    ET.fromstring(html_text.split("\n", 1)[1])
    assert '<tr class="overdue"><td>2024-001</td>' in html_text and "李明" in html_text
    docx_path = tmp_path / "duban.docx"
    cli("tasks", "--format", "docx", "-o", str(docx_path), "--owner", "财务科")
    from docx import Document

    document = Document(str(docx_path))
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "2024-002" in cells and "2024-001" not in cells and "财务科" in cells
    assert any("承办单位：财务科" in p.text for p in document.paragraphs)
    first = docx_path.read_bytes()
    cli("tasks", "--format", "docx", "-o", str(docx_path), "--owner", "财务科")
    assert docx_path.read_bytes() == first  # deterministic


def test_annual_report_follow_up_section(cli, monkeypatch):
    first = eight_meeting(cli, "2024-03-05")
    ok(cli, "issue")
    fund = cli.open(
        "--notice-sent", "2000-01-01", "--notified", "派驻纪检监察组", date="2024-06-10"
    )
    ok(cli, "attend", *ALL8)
    ok(cli, "item", "add", "学习", "--kind", "study")
    ok(
        cli,
        "item",
        "add",
        "关于食堂改造",
        "--kind",
        "general",
        "--amount",
        "900",
        "--area",
        "finance",
        "--notified",
        "派驻纪检监察组",
    )
    ok(cli, "vote", "2", "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
    ok(cli, "decide", "2", "同意改造")
    ok(cli, "close")
    ok(cli, "task", "add", "2", "--meeting", first, "--owner", "办公室", "--due", "2024-04-30")
    ok(cli, "task", "add", "2", "--meeting", fund, "--owner", "财务科", "--due", "2024-07-31")
    ok(cli, "task", "add", "2", "--meeting", fund, "--owner", "办公室", "--due", "2024-12-31")
    monkeypatch.setenv("YISHI_NOW", "2024-08-15T09:00:00+08:00")
    ok(cli, "task", "done", "2024-001", "--date", "2024-04-20")
    data = json.loads(ok(cli, "report", "--year", "2024", "--format", "json").stdout)
    body = data["bodies"][0]
    follow = body["follow_up"]
    assert follow["total"] == {"total": 3, "done": 1, "done_late": 0, "open": 2, "overdue": 1}
    assert follow["major"]["total"] == 2 and follow["major"]["overdue"] == 1
    owners = {o["owner"]: o["count"] for o in follow["owners"]}
    assert owners["办公室"]["done"] == 1 and owners["办公室"]["open"] == 1
    assert owners["财务科"]["overdue"] == 1
    kinds = {k["kind"]: k for k in follow["kinds"]}
    assert kinds["large_fund"]["major"] is True and kinds["large_fund"]["count"]["total"] == 2
    assert [o["id"] for o in follow["overdue"]] == ["2024-002"]
    assert follow["overdue"][0]["days"] == 15
    assert len(follow["head"]) == 64
    pending = {(p["meeting"], p["item"]) for p in body["pending"]}
    assert (first, 2) not in pending and (fund, 2) not in pending and (first, 3) in pending
    zh = ok(cli, "report", "--year", "2024", lang="zh").stdout
    assert "[督办落实]" in zh and "督办事项 3 项：已办结 1 项" in zh and "大额资金使用 ★" in zh
    md = ok(cli, "report", "--year", "2024", "--format", "md").stdout
    assert "### Follow-up (督办)" in md and "| 财务科 | 1 | 0 | 1 | 1 |" in md


def test_every_after_message_is_used_and_every_used_one_exists():
    import re

    from yishi.catalog.after import MESSAGES
    from yishi.i18n import catalog

    sources = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "cli" / "yishi").rglob("*.py")
        if p.name != "after.py" or p.parent.name != "catalog"
    )
    dynamic = ("task.op.", "task.s.", "tasks.col.", "task.verify.sig_")
    for key, pair in MESSAGES.items():
        assert len(pair) == 2 and all(pair), key
        assert f'"{key}"' in sources or key.startswith(dynamic), f"unused message {key}"
    mine = [ROOT / "cli" / "yishi" / name for name in ("tasks.py", "duban.py")] + [
        ROOT / "cli" / "yishi" / "commands" / "after.py"
    ]
    used = {
        k
        for path in mine
        for k in re.findall(
            r'"((?:task|tasks|review|issue|report|input|item|render|cli|record)\.[a-z_.]+)"',
            path.read_text(encoding="utf-8"),
        )
    }
    assert used and all(k in catalog() for k in used), sorted(used - set(catalog()))


def test_open_tasks_appear_in_due(cli, monkeypatch):
    eight_meeting(cli, "2024-03-05")
    ok(cli, "issue")
    ok(cli, "task", "add", "2", "--owner", "办公室", "--due", "2024-04-30")
    ok(cli, "task", "add", "3", "--owner", "财务科", "--due", "2024-06-30")
    monkeypatch.setenv("YISHI_NOW", "2024-05-10T09:00:00+08:00")
    listing = cli("due", "--format", "json")
    assert listing.exit_code == 1
    tasks = {e["due"]: e for e in json.loads(listing.stdout)["entries"] if e["what"] == "task"}
    assert tasks["2024-04-30"]["status"] == "overdue"
    assert tasks["2024-06-30"]["status"] == "due" and tasks["2024-06-30"]["rule"] == "follow_up"
    assert "task 2024-002 (财务科)" in tasks["2024-06-30"]["label"]
    within = json.loads(cli("due", "--within", "10", "--format", "json").stdout)["entries"]
    assert [e["due"] for e in within if e["what"] == "task"] == ["2024-04-30"]
    ok(cli, "task", "done", "2024-001")
    after = cli("due", "--format", "json")
    assert after.exit_code == 0, after.output
    assert [e["due"] for e in json.loads(after.stdout)["entries"] if e["what"] == "task"] == [
        "2024-06-30"
    ]
    assert "task 2024-002 (财务科)" in ok(cli, "due").stdout
