"""The printed 纪要 (issue 11): layout rules read back from real PDFs, the 印发 date, PDF
output, document properties, and the wording of a 纪要.

The print tier converts the Word file with LibreOffice (`render --format pdf`) and the HTML
with Chromium (--print-to-pdf), then reads positions with `pdftotext -bbox-layout`
(tests/print_samples.py). Those tests skip, naming what is missing, when soffice, chromium
or pdftotext are not installed (.ci/run installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from tests.print_samples import BAICHENG, SHORT, XINING, Runner, hold, pdf_lines

TEXT_TOP, TEXT_BOTTOM = 37.0, 297.0 - 35.0  # the text block, mm from the page's top
LEFT, RIGHT = 28.0, 210.0 - 26.0
MM_PER_PT = 25.4 / 72
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _need_fonts() -> None:
    """The positions below are measured with the Noto CJK fonts (.ci/run installs them)."""
    try:
        listed = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    if "Noto Serif CJK" not in listed or "Noto Sans CJK" not in listed:
        pytest.skip("print tier needs the Noto CJK fonts (apt-get install fonts-noto-cjk)")


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None and not (t == "chromium" and CHROMIUM)]
    if missing:
        pytest.skip(
            "print tier needs " + ", ".join(missing) + " (apt-get install "
            "libreoffice-writer-nogui poppler-utils fonts-noto-cjk chromium)"
        )


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """PDFs of the 纪要 of three bodies (short, 18- and 24-character flags) and a long
    meeting, from docx (LibreOffice) and from HTML (Chromium)."""
    _need("soffice", "pdftotext", "chromium")
    _need_fonts()
    # a module fixture runs before the per-test environment of conftest: set its own,
    # never the user's ~/.config (the office key) nor a YISHI_NOW left for later tests
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("print-config")))
        mp.setenv("YISHI_NOW", "2026-12-01T10:00:00+08:00")
        for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "YISHI_LANG", "YISHI_RECORDS"):
            mp.delenv(var, raising=False)
        return _print_all(tmp_path_factory.mktemp("print"))


def _print_all(root):
    run = Runner(root / "records")
    out = {}
    for name, rules, long in (
        ("short", SHORT, False),
        ("baicheng", BAICHENG, False),
        ("xining", XINING, False),
        ("long", XINING, True),
    ):
        mid = hold(run, rules, long=long, issue_date="2026-12-01")
        pdf = root / f"{name}-docx.pdf"
        result = run("render", mid, "--format", "pdf", "-o", str(pdf))
        assert result.exit_code == 0, result.output
        html = root / f"{name}.html"
        assert run("render", mid, "-o", str(html)).exit_code == 0
        hpdf = root / f"{name}-html.pdf"
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                f"--user-data-dir={root / 'chromium'}",  # never the user's profile
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                "--virtual-time-budget=5000",
                f"--print-to-pdf={hpdf}",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(root / "home")},  # its dconf cache too
        )
        out[name, "docx"] = pdf_lines(pdf)
        out[name, "html"] = pdf_lines(hpdf)
    return out


FLAGS = {
    "short": ["中共测试局党组会议纪要"],
    "baicheng": ["中共白城市人民政府办公室党组会议纪要"],
    "xining": ["中共西宁市城中区", "人力资源和社会保障局党组会议纪要"],
    "long": ["中共西宁市城中区", "人力资源和社会保障局党组会议纪要"],
}
OFFICES = {
    "short": "中共测试局党组",
    "baicheng": "中共白城市人民政府办公室党组",
    "xining": "中共西宁市城中区人力资源和社会保障局党组",
    "long": "中共西宁市城中区人力资源和社会保障局党组",
}
CASES = [(n, e) for n in FLAGS for e in ("docx", "html")]


@pytest.mark.parametrize("name, engine", CASES)
def test_flag_breaks_only_between_words_and_sits_35mm_below_the_text_top(printed, name, engine):
    first = printed[name, engine][0]
    flag = [
        ln for ln in first if ln["y0"] < 110 and ("纪要" in ln["text"] or ln["text"] in FLAGS[name])
    ]
    assert [ln["text"] for ln in flag] == FLAGS[name]
    for line in flag:  # inside the text block, centred
        assert line["x0"] >= LEFT - 1 and line["x1"] <= RIGHT + 1
        assert abs((line["x0"] + line["x1"]) / 2 - (LEFT + RIGHT) / 2) < 2
    # the glyphs' middle: the top edge 35 mm below the text block (GB/T 9704 §10.3)
    middle = (flag[0]["y0"] + flag[0]["y1"]) / 2
    assert abs(middle - (TEXT_TOP + 35 + 26 * MM_PER_PT / 2)) < 3, middle


@pytest.mark.parametrize("name, engine", CASES)
def test_number_two_lines_below_the_flag_and_the_date_whole_at_the_right(printed, name, engine):
    first = printed[name, engine][0]
    flag = [ln for ln in first if ln["text"] in FLAGS[name]][-1]
    number = next(ln for ln in first if re.search(r"〔2024〕\d+号$", ln["text"]))
    line = 28.9 * MM_PER_PT
    gap = (number["y0"] + number["y1"]) / 2 - (flag["y0"] + flag["y1"]) / 2
    assert 2.5 * line < gap < 4 * line, gap  # 空二行: two blank lines between them
    date = next(ln for ln in first if ln["text"] == "2026年12月1日")
    assert date["x1"] > RIGHT - 8 and date["x1"] <= RIGHT  # whole, one character in
    office = [ln for ln in first if ln["text"] == OFFICES[name]]
    assert office and office[0]["x0"] < LEFT + 8  # at the left, never run into the date

    def middle(ln):
        return (ln["y0"] + ln["y1"]) / 2

    # the office ends before the date, or the date is on a line of its own below
    assert office[0]["x1"] < date["x0"] or middle(date) - middle(office[0]) > 0.8 * line


@pytest.mark.parametrize("name, engine", CASES)
def test_banji_at_the_foot_of_the_last_page_with_no_signature(printed, name, engine):
    pages = printed[name, engine]
    last = pages[-1]
    issued = next(ln for ln in last if ln["text"] == "2026年12月1日印发")
    assert abs(issued["y1"] - TEXT_BOTTOM) < 2.5, issued  # the last rule = text bottom
    assert issued["x1"] > RIGHT - 8
    office = [ln for ln in last if ln["text"] == OFFICES[name] and ln["y0"] > 200]
    assert office and office[0]["x0"] < LEFT + 8
    assert all("签发" not in ln["text"] for page in pages for ln in page)
    if name == "long":
        assert len(pages) >= 3


@pytest.mark.parametrize("name, engine", CASES)
def test_page_numbers_7mm_below_the_text_block_odd_right_even_left(printed, name, engine):
    for index, page in enumerate(printed[name, engine], start=1):
        number = [ln for ln in page if ln["text"].replace(" ", "") == f"—{index}—"]
        assert number, (index, page[-3:])
        # the number's ink starts 7 mm below the text block: its line's middle (font boxes
        # differ by engine, their middles agree) is about 7 mm + half a 4号 character below
        middle = (number[0]["y0"] + number[0]["y1"]) / 2
        assert 7 <= middle - TEXT_BOTTOM <= 11.5, middle
        if index % 2:
            assert number[0]["x1"] > RIGHT - 8
        else:
            assert number[0]["x0"] < LEFT + 8


def test_pdf_without_libreoffice_names_what_to_install(cli, tmp_path, monkeypatch):
    from tests.helpers import EIGHT

    monkeypatch.setenv("YISHI_SOFFICE", str(tmp_path / "no-soffice"))
    mid = cli.open(rules=EIGHT)
    out = tmp_path / "m.pdf"
    result = cli("render", mid, "--format", "pdf", "-o", str(out))
    assert result.exit_code == 2 and "libreoffice-writer-nogui" in result.stderr
    assert not out.exists()
    result = cli("batch", "--year", "2024", "--format", "pdf", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2 and "LibreOffice" in result.stderr
    assert not (tmp_path / "o").exists()


def _close(cli, date="2024-03-05"):
    """A closed meeting with one study item (so that its check passes)."""
    mid = cli.open(date=date)
    assert cli("attend", "zhang", "li", "wang", "zhao", "chen", "liu").exit_code == 0
    assert cli("item", "add", "传达学习会议精神", "--kind", "study").exit_code == 0
    assert cli("close").exit_code == 0
    assert cli("check", mid).exit_code == 0, cli("check", mid).output
    return mid


def _issue_event(cli, mid):
    doc = tomllib.loads(cli.record_bytes(mid).decode())
    return next(e for e in doc["log"] if e["op"] == "issue")


def test_issue_date_is_printed_and_stored(cli):
    mid = _close(cli)
    assert cli("issue", mid, "--date", "2024-03-08").exit_code == 0
    assert _issue_event(cli, mid)["date"] == "2024-03-08"
    text = cli("render", mid).stdout
    assert "2024年3月8日印发" in text and "签发：" not in text


def test_issue_date_defaults_to_today_and_is_checked(cli):
    mid = _close(cli)
    for bad in ("2024-3-8", "08.03.2024", "held", "2024-02-30"):
        result = cli("issue", mid, "--date", bad)
        assert result.exit_code == 2 and "--date" in result.stderr, bad
    result = cli("issue", mid, "--date", "2024-03-01")  # before the meeting
    assert result.exit_code == 2 and "2024-03-01" in result.stderr
    assert cli("issue", mid).exit_code == 0
    assert _issue_event(cli, mid)["date"] == "2024-03-05"  # YISHI_NOW in the tests


def test_batch_issue_date_held_by_default_or_given(cli, tmp_path):
    old = _close(cli, "2024-01-09")
    result = cli("batch", "--year", "2024", "-o", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert _issue_event(cli, old)["date"] == "2024-01-09"
    text = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    assert "2024年1月9日印发" in text
    later = _close(cli, "2024-02-01")
    result = cli("batch", "--year", "2024", "--issue-date", "2024-01-20", "-o", str(tmp_path / "b"))
    assert result.exit_code == 2 and "2024-02-01" in result.stderr  # before that meeting
    result = cli("batch", "--year", "2024", "--issue-date", "2024-02-03", "-o", str(tmp_path / "b"))
    assert result.exit_code == 0 and _issue_event(cli, later)["date"] == "2024-02-03"


def test_docx_properties_language_and_no_thumbnail(cli, tmp_path):
    mid = _close(cli)
    assert cli("issue", mid, "--date", "2024-03-06").exit_code == 0
    out = tmp_path / "m.docx"
    assert cli("render", mid, "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        core = z.read("docProps/core.xml").decode()
        styles = z.read("word/styles.xml").decode()
        rels = z.read("_rels/.rels").decode()
    assert not any("thumbnail" in n for n in names) and "thumbnail" not in rels
    assert "<dc:title>测试局党组纪〔2024〕1号 中共测试局党组会议纪要</dc:title>" in core
    assert "2024-03-06T00:00:00Z</dcterms:created>" in core and "模板" not in core
    assert 'w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles


def test_fonts_fall_back_and_a_body_can_name_its_own(tmp_path):
    from yishi import printing
    from yishi.pdf import resolve_fonts

    class Rules:
        raw = {"body": {"fonts": {"fangsong": ["方正仿宋_GBK"]}}}

    chains = printing.font_chains(Rules())
    assert chains["fangsong"][:3] == ["方正仿宋_GBK", "仿宋_GB2312", "FangSong_GB2312"]
    assert "STFangsong" in chains["fangsong"] and chains["heiti"][-3] == "Noto Sans CJK SC"
    ctx = {"fonts": {**{r: c[0] for r, c in chains.items()}, "chains": chains}}
    mapping, bold = resolve_fonts(ctx, frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC"}))
    assert mapping["方正仿宋_GBK"] == "Noto Serif CJK SC" and mapping["黑体"] == "Noto Sans CJK SC"
    assert "方正小标宋简体" in bold  # a bold serif stands in for 小标宋
    mapping, bold = resolve_fonts(ctx, frozenset({"方正仿宋_GBK", "SimHei"}))
    assert "方正仿宋_GBK" not in mapping and mapping["黑体"] == "SimHei" and not bold
    assert (
        printing.css_family(['x"; } body { color: red'], "serif") == '"x  body  color red", serif'
    )


def test_amounts_in_wan_yuan_exactly():
    from yishi.wording import amount_text

    assert amount_text(Fraction(2350000)) == "235万元"
    assert amount_text(Fraction(85000)) == "8.5万元"
    assert amount_text(Fraction(800)) == "800元"
    assert amount_text(Fraction(1001, 2)) == "500.5元"
    assert amount_text(Fraction(120000000)) == "1.2亿元"
    assert amount_text(Fraction(1234567)) == "123.4567万元"
    assert amount_text(Fraction(12345678, 100)) == "123456.78元"  # not exact in 万 (4 places)


def test_meeting_names_say_each_word_once():
    from yishi.wording import core, meeting_name

    assert meeting_name("中共测试局党组", "党组会议") == "中共测试局党组会议"
    assert (
        meeting_name("中共白城市人民政府办公室党组", "党组会") == "中共白城市人民政府办公室党组会"
    )
    assert meeting_name("中共区人民政府党组", "区政府党组会议") == "中共区人民政府党组会议"
    assert meeting_name("中共某局委员会", "党委会会议") == "中共某局委员会会议"
    assert (
        meeting_name("黑龙江省机关事务管理局", "局长办公会议")
        == "黑龙江省机关事务管理局局长办公会议"
    )
    assert core("科级干部任免的议题") == "科级干部任免" and core("购置设备的请示") == "购置设备"


def test_flag_and_line_layout_rules():
    from yishi.layout import flag, split_line, words

    assert words("中共西宁市城中区人力资源和社会保障局党组") == [
        "中共",
        "西宁市",
        "城中区",
        "人力资源和社会保障局",
        "党组",
    ]
    assert flag("中共测试局党组会议纪要", "中共测试局党组")["lines"] == ["中共测试局党组会议纪要"]
    long = flag("中共白城市人民政府办公室党组会议纪要", "中共白城市人民政府办公室党组")
    assert long["lines"] == ["中共白城市人民政府办公室党组会议纪要"] and 90 <= long["scale"] < 100
    lines = split_line("中共西宁市城中区人力资源和社会保障局党组", "2026年12月1日", 16)
    assert lines[-1]["right"] == "2026年12月1日"
    assert "".join(line["left"] for line in lines) == "中共西宁市城中区人力资源和社会保障局党组"


def _render_md(cli, *setup):
    mid = cli.open()
    assert cli("attend", "zhang", "li", "wang", "zhao", "chen", "liu").exit_code == 0
    for args in setup:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    return cli("render", mid).stdout


def test_unvoted_items_are_worded_by_what_they_are(tmp_path):
    """Issue 10 item 1: only study items are 传达学习; a 主任办公会 matter is 研究, a
    document 审议, 民主生活会's 批评与自我批评 is not a study session."""
    from yishi.rules import load
    from yishi.wording import first_sentence, kind_nature

    office = load(Path("sample_configs/baicheng-office-director-meeting.toml"))
    assert kind_nature(office.item_kinds["office_matter"]) == "research"
    assert kind_nature(office.item_kinds["study"]) == "study"
    hlj = load(Path("sample_configs/hlj-jiguan-office.toml"))
    assert kind_nature(hlj.item_kinds["normative_doc"]) == "deliberate"
    group = load(Path("sample_configs/hlj-jiguan-party-group.toml"))
    assert kind_nature(group.item_kinds["criticism"]) == "criticism"
    assert (
        first_sentence("research", "做好年度考核工作的安排", "王丽", True)
        == "会议听取了王丽关于做好年度考核工作的安排的汇报，并进行了研究"
    )
    assert (
        first_sentence("research", "做好年度考核工作的议题", "", True)
        == "会议研究了做好年度考核工作"
    )
    assert "传达学习" not in first_sentence("criticism", "开展批评与自我批评", "", False)


def test_minutes_read_like_a_real_jiyao(tmp_path):
    run = Runner(tmp_path / "records")
    mid = hold(run, Path("sample_configs/baicheng-office-director-meeting.toml"))
    text = run("render", mid).stdout
    assert "会议研究了" in text or "并进行了研究" in text
    assert "传达学习了做好" not in text and "传达学习了传达学习" not in text
    mid = hold(run, BAICHENG, date="2024-03-06")
    text = run("render", mid).stdout
    assert "235万元" in text and "2350000" not in text
    assert "的议题的汇报" not in text and "的请示的汇报" not in text
    assert "党组党组" not in text and "同意。同意" not in text and "签发" not in text


def test_a_meeting_with_no_items_says_so(cli):
    mid = cli.open()
    assert cli("attend", "zhang", "li", "wang", "zhao", "chen", "liu").exit_code == 0
    text = cli("render", mid).stdout
    assert "会议未安排议题，无议定事项。" in text and "纪要如下" not in text


def test_digest_is_printed_in_the_banji_when_present():
    from yishi.printing import banji

    ctx = {
        "distribution": ["甲", "乙"],
        "text": {"distribution": "甲，乙"},
        "digest": "9f2c1a",
        "office": "中共测试局党组",
        "issue_date_text": "2024年3月6日",
    }
    rows = banji(ctx)["banji"]
    assert [r["left"] for r in rows] == ["分送：甲，乙。", "封存摘要：9f2c1a", "中共测试局党组"]
    assert rows[0]["top"] == 8 and rows[1]["top"] == 6 and rows[-1]["bottom"] == 8
    assert rows[-1]["y"] + 480 + (6 + 8) * 20 // 8 == round(225 / 25.4 * 1440)  # text bottom


def test_record_title_breaks_between_words_too(cli, tmp_path):
    from yishi.layout import flag

    title = flag(
        "中共西宁市城中区人力资源和社会保障局党组会议记录",
        "中共西宁市城中区人力资源和社会保障局党组",
        size_pt=22,
    )
    assert title["lines"] == ["中共西宁市城中区人力资源和社会保障局党组", "会议记录"]
    mid = _close(cli)
    html = cli("render", mid, "--template", "record", "--format", "html").stdout
    assert "<span>中共测试局党组会议记录</span>" in html and "yishi-title" in html
