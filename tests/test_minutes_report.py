"""`yishi report --year`: meetings per type vs frequency, numbers and gaps, items per kind
with 三重一大, findings per code, decisions without recorded follow-up."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from tests.helpers import quick, run_ok


def test_report(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("YISHI_NOW", "2025-01-15T09:00:00+08:00")
    jan = quick(cli, "2024-01-10")
    feb = quick(cli, "2024-02-10")
    mar = quick(cli, "2024-03-10")
    quick(cli, "2024-04-10", type="special")
    quick(cli, "2024-05-10", close=False)
    fund = cli.open("--notice-sent", "2024-06-01", date="2024-06-10")
    run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen", "liu", "yang", "huang")
    run_ok(cli, "item", "add", "学习", "--kind", "study")
    run_ok(
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
    )
    run_ok(cli, "vote", "2", "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
    run_ok(cli, "decide", "2", "同意改造")
    run_ok(cli, "close")
    for meeting_id in (jan, feb, mar):
        run_ok(cli, "issue", meeting_id)
    run_ok(cli, "issue", fund, "--force")  # notify not recorded is a warning; forced if errors
    (cli.records / f"{feb}.toml").unlink()  # number 2 is now a gap
    run_ok(cli, "amend", jan, "--follow-up", "--item", "2", "已落实")

    data = json.loads(run_ok(cli, "report", "--year", "2024", "--format", "json").stdout)
    assert data["year"] == 2024
    body = data["bodies"][0]
    assert body["id"] == "test-bureau" and body["meetings"] == 5
    types = {t["type"]: t for t in body["types"]}
    assert types["party_group"]["held"] == 3 and types["party_group"]["open"] == 1
    assert types["party_group"]["required"] == 12
    short = [p["zh"] for p in types["party_group"]["short_periods"]]
    assert "2024年2月" in short and "2024年1月" not in short and "2024年12月" in short
    assert types["special"]["held"] == 1 and types["special"]["required"] is None
    numbers = {n["type"]: n for n in body["numbers"]}
    assert [n[1] for n in numbers["party_group"]["numbers"]] == [
        "测试局党组纪〔2024〕1号",
        "测试局党组纪〔2024〕3号",
        "测试局党组纪〔2024〕4号",
    ]
    assert numbers["party_group"]["gaps"] == [2]
    kinds = {k["kind"]: k for k in body["kinds"]}
    assert kinds["large_fund"]["items"] == 1 and kinds["large_fund"]["major"] is True
    assert kinds["personnel"]["major"] is True and kinds["general"]["major"] is False
    assert kinds["general"]["passed"] == 4 and kinds["study"]["items"] == 4
    assert body["major"] == 1
    codes = {f["code"]: f for f in body["findings"]}
    assert codes["FREQUENCY"]["severity"] == "error" and codes["FREQUENCY"]["count"] >= 8
    pending = {(p["meeting"], p["item"]) for p in body["pending"]}
    assert (jan, 2) not in pending and (mar, 2) in pending and (fund, 2) in pending

    text = run_ok(cli, "--lang", "zh", "report", "--year", "2024").stdout
    assert "2024年度议事情况报告" in text and "“三重一大”事项合计：1 项" in text
    assert "FREQUENCY" in text and "同意改造" in text
    md = run_ok(cli, "report", "--year", "2024", "--format", "md").stdout
    assert md.startswith("# Annual report 2024") and "| meeting type | held |" in md
    out = tmp_path / "report.html"
    run_ok(cli, "report", "--year", "2024", "--format", "html", "-o", str(out))
    html_text = out.read_text(encoding="utf-8")
    ET.fromstring(html_text.split("\n", 1)[1])
    assert "<table>" in html_text


def test_report_empty_year_and_bad_format(cli):
    result = run_ok(cli, "report", "--year", "1999")
    assert "no meetings recorded in 1999" in result.stdout
    assert cli("report", "--year", "2024", "--format", "pdf").exit_code == 2


def test_major_flag_overrides_the_guess():
    from types import SimpleNamespace

    from yishi.report import is_major

    guessed = SimpleNamespace(id="large_fund", name="大额资金使用", amount_at_least=500, major=None)
    assert is_major(guessed)
    assert not is_major(SimpleNamespace(**{**vars(guessed), "major": False}))
    assert is_major(SimpleNamespace(id="x", name="基建", amount_at_least=None, major=True))
