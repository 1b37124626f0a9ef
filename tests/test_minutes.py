"""Minutes through the CLI: golden files for every template and format, print-ready HTML,
Word files opened with python-docx, redacted distribution copies, and user templates in
the sandbox (escape attempts, runaway loops, undefined names, syntax errors: exit 2,
nothing written, no traceback).

Golden files live in tests/golden/; refresh them with YISHI_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import html.parser
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.helpers import EIGHT, ROOT, TITLE, Cli, held, hold_meeting, run_ok  # noqa: F401

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("YISHI_UPDATE_GOLDEN") == "1"


@pytest.fixture
def issued(cli, monkeypatch, tmp_path_factory):
    held(cli, tmp_path_factory)
    monkeypatch.setenv("YISHI_NOW", "2024-03-06T16:30:00+08:00")
    assert run_ok(cli, "issue").stdout.splitlines()[-1] == "测试局党组纪〔2024〕1号"
    return cli.records


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs) + "\n"


def golden(name: str, actual: str) -> None:
    # the seal's digest covers the rules file's path, which differs between checkouts
    actual = re.sub(r"封存摘要：[0-9a-f]{16}", "封存摘要：<digest>", actual)
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"golden file {path} is missing; run with YISHI_UPDATE_GOLDEN=1")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


def render(cli, tmp_path, *args: str, fmt: str = "md") -> str:
    out = tmp_path / f"out.{fmt}"
    run_ok(cli, "render", *args, "--format", fmt, "-o", str(out))
    data = out.read_bytes()
    return docx_text(data) if fmt == "docx" else data.decode("utf-8")


# ---------------------------------------------------------------------------- golden


@pytest.mark.parametrize("template", ["minutes", "record"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_golden(cli, issued, tmp_path, template, fmt):
    text = render(cli, tmp_path, "--template", template, fmt=fmt)
    golden(f"{template}.{fmt}" + (".txt" if fmt == "docx" else ""), text)


def test_golden_distribution_copy(cli, monkeypatch, tmp_path, tmp_path_factory):
    held(cli, tmp_path_factory, confidential=True)
    monkeypatch.setenv("YISHI_NOW", "2024-03-06T16:30:00+08:00")
    run_ok(cli, "issue")
    text = render(cli, tmp_path, "--copy", "distribution")
    golden("minutes-distribution.md", text)
    for secret in ("甲某", "乙某", "干部任免", "同意甲某"):
        assert secret not in text
    assert "## 三、（涉密议题，内容从略）" in text and "本议题涉密，内容从略。" in text
    full = render(cli, tmp_path)
    assert "甲某" in full


def test_golden_draft_md_to_stdout(cli, tmp_path_factory):
    held(cli, tmp_path_factory, close=False)
    result = run_ok(cli, "render")
    golden("minutes-draft.md", result.stdout)
    assert "草稿" in result.stdout and "〔　〕　号" in result.stdout


# ---------------------------------------------------------------------------- content


def test_minutes_say_what_happened(cli, issued):
    text = run_ok(cli, "render").stdout
    assert text.startswith("# 中共测试局党组会议纪要\n")
    assert "\n测试局党组纪〔2024〕1号\n" in text
    assert "中共测试局党组　　2024年3月6日" in text  # office left, issue date right
    assert (
        "2024年3月5日上午，党组书记、局长张伟在局机关三楼会议室主持召开中共测试局党组会议，"
        "传达学习了习近平总书记重要讲话精神"
    ) in text
    assert "现将会议议定事项纪要如下：" in text
    assert "## 二、关于购置办公设备 & <会议系统>" in text
    assert "会议听取了王芳关于购置办公设备 & <会议系统>的汇报" in text
    # a named vote shows the names; a recusal counts out of 实到 and is said
    assert "刘洋（与供应商存在利害关系）回避本议题。" in text
    assert (
        "经举手表决，应到会8人，实到5人（1人回避），同意5票，不同意0票，弃权0票，表决通过"
        "（同意：张伟、李明、王芳、赵磊、陈静）。"
    ) in text
    assert (
        "经记名投票表决，应到会8人，实到6人，同意5票，不同意1票，弃权0票，表决通过"
        "（同意：张伟、李明、王芳、赵磊、陈静；不同意：刘洋）。"
    ) in text
    # a secret ballot: totals only
    assert (
        "乙某：经无记名投票表决，应到会8人，实到6人，同意5票，不同意1票，弃权0票，表决通过。"
    ) in text
    assert "会议同意购置，由办公室牵头落实。" in text
    assert "会议原则同意食堂改造方案。" in text
    assert "**请假：**杨帆（外出学习，已提交书面意见）" in text
    assert "**缺席：**黄海" in text and "**列席：**孙丽（办公室主任）" in text
    assert "分送：局机关各处室，局属各单位。" in text
    assert text.rstrip().endswith("中共测试局党组　　2024年3月6日印发")


def test_secret_ballot_names_never_appear(cli, issued):
    for template in ("minutes", "record"):
        text = run_ok(cli, "render", "--template", template).stdout
        line = next(ln for ln in text.splitlines() if "乙某：经无记名投票" in ln)
        assert "同意：" not in line and "张伟" not in line


def test_record_fields_in_order_and_signature_lines(cli, issued):
    text = run_ok(cli, "render", "--template", "record").stdout
    order = [
        "会议名称：",
        "时间：",
        "地点：",
        "主持人：",
        "应到：",
        "出席人：",
        "缺席人及原因：",
        "列席人：",
        "记录人：",
        "议题：",
        "发言记录",
        "表决情况：",
        "决定事项：",
        "散会。",
        "主持人（签字）",
        "记录人（签字）",
    ]
    positions = [text.index(label) for label in order]
    assert positions == sorted(positions)
    assert "2024年3月5日 9:00" in text
    assert "张伟（党组书记、局长）" in text
    assert "杨帆（外出学习；书面意见：同意）、黄海" in text
    # speaking order as recorded, chair last
    assert text.index("陈静：同意。") < text.index("张伟：同意。抓紧落实。")
    assert "**回避：**刘洋（与供应商存在利害关系）" in text


def test_html_is_well_formed_and_print_ready(cli, issued):
    for template in ("minutes", "record"):
        text = run_ok(cli, "render", "--template", template, "--format", "html").stdout
        assert text.startswith("<!DOCTYPE html>")
        root = ET.fromstring(text.split("\n", 1)[1])  # strict XML: every tag closed
        assert root.tag == "html" and root.get("lang") == "zh-CN"
        parser = html.parser.HTMLParser()
        parser.feed(text)
        parser.close()
        assert "size: A4" in text and "margin: 37mm 26mm 35mm 28mm" in text
        assert (
            '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋", '
            '"Noto Serif CJK SC"'
        ) in text
        assert "&amp; &lt;会议系统&gt;" in text and TITLE not in text
    minutes = run_ok(cli, "render", "--format", "html").stdout
    assert 'class="flag"' in minutes and "#e60000" in minutes and '<hr class="red"/>' in minutes


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no /usr/bin/chromium")
def test_html_prints_to_pdf(cli, issued, tmp_path):
    html_path = tmp_path / "minutes.html"
    run_ok(cli, "render", "--format", "html", "-o", str(html_path))
    pdf = tmp_path / "minutes.pdf"
    subprocess.run(
        [
            "/usr/bin/chromium",
            "--headless",
            f"--user-data-dir={tmp_path / 'chromium'}",  # never the user's profile
            "--no-sandbox",
            "--disable-gpu",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            html_path.as_uri(),
        ],
        check=True,
        env={**os.environ, "HOME": str(tmp_path / "home")},  # its dconf cache too
        capture_output=True,
        timeout=120,
    )
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000


def test_docx_opens_with_number_names_decisions_and_escaped_title(cli, issued, tmp_path):
    out = tmp_path / "minutes.docx"
    run_ok(cli, "render", "--format", "docx", "-o", str(out))
    text = docx_text(out.read_bytes())
    for expected in (
        "中共测试局党组会议纪要",
        "测试局党组纪〔2024〕1号",
        TITLE,
        "二、关于购置办公设备 & <会议系统>",
        "张伟、李明、王芳、赵磊、陈静、刘洋",
        "会议同意购置，由办公室牵头落实。",
        "会议同意甲某、乙某的任职。",
        "2024年3月6日印发",
    ):
        assert expected in text
    assert "{{" not in text and "{%" not in text
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "&amp; &lt;会议系统&gt;" in body
    record = tmp_path / "record.docx"
    run_ok(cli, "render", "--template", "record", "-o", str(record))  # format from suffix
    text = docx_text(record.read_bytes())
    assert "中共测试局党组会议记录" in text and "陈静：同意。" in text and "散会。" in text


def test_docx_needs_output(cli, issued):
    result = cli("render", "--format", "docx")
    assert result.exit_code == 2 and "-o" in result.stderr


def test_hanzi_date_filter(cli, issued, tmp_path):
    from yishi.render import cn_date

    assert cn_date("2024-03-05") == "2024年3月5日"
    assert cn_date("2024-10-31", "hanzi") == "二〇二四年十月三十一日"
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{{ meeting.date | cndate('hanzi') }}|{{ issue_date | cndate }}", encoding="utf-8"
    )
    assert (
        run_ok(cli, "render", "--template", str(template)).stdout
        == "二〇二四年三月五日|2024年3月6日"
    )


def test_amendment_shows_in_minutes(cli, issued, monkeypatch):
    monkeypatch.setenv("YISHI_NOW", "2024-03-08T09:00:00+08:00")
    run_ok(cli, "amend", "第二项汇报人更正为王芳同志", "--item", "2")
    text = run_ok(cli, "render").stdout
    assert "## 更正说明" in text
    assert "2024年3月8日更正（第二项）：第二项汇报人更正为王芳同志。" in text


def test_forced_issue_is_noted_in_record(cli, monkeypatch):
    cli.open(date="2024-03-05")
    run_ok(cli, "attend", "zhang", "li")  # no quorum
    run_ok(cli, "close")
    assert cli("issue").exit_code == 1
    run_ok(cli, "issue", "--force")
    assert "强制签发" in run_ok(cli, "render", "--template", "record").stdout


def test_control_characters_never_reach_the_output(cli, tmp_path):
    cli.open()
    run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen")
    run_ok(cli, "item", "add", "学习\x01\x1b[31m内容", "--kind", "study")
    html_text = run_ok(cli, "render", "--format", "html").stdout
    assert "\x01" not in html_text and "\x1b" not in html_text
    ET.fromstring(html_text.split("\n", 1)[1])
    out = tmp_path / "m.docx"
    run_ok(cli, "render", "-o", str(out))
    assert "学习[31m内容" in docx_text(out.read_bytes())


# ---------------------------------------------------------------------------- user templates


def user_template(tmp_path, text: str, name: str = "mine.md.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_template_gets_the_data(cli, issued, tmp_path):
    path = user_template(
        tmp_path,
        (
            "{{ number }}|{{ body.short }}|{{ items | length }}|"
            "{% for i in items %}{{ i.cn }}{{ i.votes | map(attribute='outcome') | join(',') }};"
            "{% endfor %}|{{ present | map(attribute='name') | join('、') }}"
        ),
    )
    out = run_ok(cli, "render", "--template", str(path)).stdout
    assert out == (
        "测试局党组纪〔2024〕1号|测试局党组|4|一;二passed;三passed,passed;四passed;"
        "|张伟、李明、王芳、赵磊、陈静、刘洋"
    )


def test_user_html_template_is_autoescaped(cli, issued, tmp_path):
    path = user_template(tmp_path, "<p>{{ items[1].title }}</p>", "mine.html.j2")
    assert (
        run_ok(cli, "render", "--template", str(path)).stdout
        == "<p>关于购置办公设备 &amp; &lt;会议系统&gt;</p>"
    )


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ items.__class__.__base__ }}",
    "{{ (items|first).__class__ }}",
    "{% set x = items.append(1) %}{{ x }}",
    "{{ body.update({'name': 'x'}) }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ 'a' * 100000000 }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ 'x' | center(1000000000) }}",
    "{{ '%1000000000d' % 1 }}",
    "{{ 2 ** 100000000 }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_sandbox_refuses_escapes_with_exit_2_and_writes_nothing(cli, issued, tmp_path, payload):
    path = user_template(tmp_path, payload)
    out = tmp_path / "out.md"
    result = cli("render", "--template", str(path), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert any(word in result.stderr for word in ("unsafe", "undefined", "too large", "refused"))


@pytest.mark.parametrize(
    "payload, fragment",
    [
        ("{% for i in range(10**9) %}x{% endfor %}", "too large a loop"),
        ("{{ nothing_here }}", "undefined variable: 'nothing_here' is undefined"),
        ("{% for x in items %}\n{{ x.title }\n{% endfor %}", "syntax error: mine.md.j2 line 2"),
        ("{% if %}", "syntax error"),
        ("{{ items[99] }}", "undefined variable"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{% include 'nope.j2' %}", "missing template"),
    ],
)
def test_bad_templates_fail_cleanly(cli, issued, tmp_path, payload, fragment):
    path = user_template(tmp_path, payload)
    out = tmp_path / "out.md"
    result = cli("render", "--template", str(path), "-o", str(out))
    assert result.exit_code == 2
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_runaway_template_is_stopped_by_the_clock(cli, issued, tmp_path, monkeypatch):
    monkeypatch.setenv("YISHI_TEMPLATE_TIMEOUT", "0.5")
    path = user_template(
        tmp_path,
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
    )
    out = tmp_path / "out.md"
    result = cli("render", "--template", str(path), "-o", str(out))
    assert result.exit_code == 2 and "was stopped" in result.stderr
    assert not out.exists()


def test_runaway_output_is_capped(cli, issued, tmp_path):
    path = user_template(
        tmp_path,
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx"
            "{% endfor %}{% endfor %}"
        ),
    )
    result = cli("render", "--template", str(path))
    assert result.exit_code == 2 and "characters and was stopped" in result.stderr


def test_user_docx_template(cli, issued, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("{{ number }} {{ items[1].title }} {{ chair.name }}")
    template = tmp_path / "mine.docx"
    document.save(str(template))
    out = tmp_path / "out.docx"
    run_ok(cli, "render", "--template", str(template), "-o", str(out))
    assert docx_text(out.read_bytes()).strip() == f"测试局党组纪〔2024〕1号 {TITLE} 张伟"
    document = docx.Document()
    document.add_paragraph("{{ ''.__class__.__mro__ }}")
    document.save(str(template))
    result = cli("render", "--template", str(template), "-o", str(out))
    assert result.exit_code == 2 and "unsafe" in result.stderr


def test_missing_template_and_bad_options(cli, issued, tmp_path):
    assert cli("render", "--template", str(tmp_path / "none.j2")).exit_code == 2
    assert cli("render", "--format", "pdf").exit_code == 2
    assert cli("render", "--copy", "everyone").exit_code == 2


def test_render_never_writes_through_a_symlink(cli, issued, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(victim)
    result = cli("render", "-o", str(link))
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep" and link.is_symlink()


# ---------------------------------------------------------------------------- packaging


def test_docx_templates_are_reproducible(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "templates" / "build_docx_templates.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("minutes.docx", "record.docx"):
        built, committed = tmp_path / name, ROOT / "templates" / name
        with zipfile.ZipFile(built) as a, zipfile.ZipFile(committed) as b:
            assert a.namelist() == b.namelist()
            for member in a.namelist():
                assert a.read(member) == b.read(member), f"{name}:{member} differs: rebuild"


def test_resources_prefer_the_packaged_copy(tmp_path, monkeypatch):
    from yishi import resources

    assert resources.templates_dir() == ROOT / "templates"
    assert resources.template("minutes.md.j2").is_file()
    assert EIGHT.parent.parent.parent / "sample_configs" == resources.sample_configs_dir()
    packaged = tmp_path / "yishi"
    (packaged / "_data" / "templates").mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE", packaged)
    assert resources.templates_dir() == packaged / "_data" / "templates"


def test_recording_commands_do_not_import_renderers():
    code = (
        "import sys, yishi.app; "
        "print(sorted(m for m in ('jinja2', 'docxtpl', 'docx', 'yishi.render') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_study_titles_that_start_with_a_verb_are_not_doubled():
    from yishi.wording import STUDY, first_sentence, opening_parts

    def study(subject):
        return {"subject": subject, "redacted": False, "nature": STUDY}

    assert (
        first_sentence(STUDY, "传达学习习近平总书记重要讲话精神", "", False)
        == "会议传达学习习近平总书记重要讲话精神"
    )
    assert opening_parts([study("传达学习习近平总书记重要讲话精神")]) == [
        "传达学习习近平总书记重要讲话精神"
    ]
    assert opening_parts([study("《条例》")]) == ["传达学习了《条例》"]
    assert opening_parts([study("学习贯彻会议精神"), study("《条例》")]) == [
        "传达学习了学习贯彻会议精神、《条例》"
    ]


@pytest.mark.parametrize("text", ["a\x01b", "a\x08", "\x0c", "\x7f", "\ufffe", "x\x1f"])
def test_control_characters_are_always_detected(text):
    from yishi.render import _clean, _may_hold_control

    ctx = {"items": [{"title": text, "n": 1}], "plain": "正常\n\t文字"}
    assert _may_hold_control(ctx)
    cleaned = _clean(ctx)["items"][0]["title"]
    assert cleaned == "".join(c for c in text if c not in "\x01\x08\x0c\x7f\ufffe\x1f")
    assert not _may_hold_control({"plain": "正常\n\t文字", "n": [1, 2]})
