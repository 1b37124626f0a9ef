"""Sample meetings for the print tier (tests/test_print.py) and `make print-check`.

`hold(run, rules)` records one ordinary meeting of any sample body through the CLI: every
member present but one on leave (with a written opinion), a 列席, one item of each kind
the meeting type allows (study, a fund of 235万元, a personnel item with a candidate,
…), named votes where the kind votes, a decision each; then close and issue (forced:
the sample is about layout, not about the rules). `long=True` adds enough items to run
over several pages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_configs"

SHORT = ROOT / "tests" / "fixtures" / "eight.toml"  # 中共测试局党组 (short name)
BAICHENG = SAMPLES / "baicheng-office-party-group.toml"  # 18-character 纪要标志
XINING = SAMPLES / "xining-chengzhong-hrss-party-group.toml"  # 24-character 纪要标志


class Runner:
    """yishi in-process against one records directory (like tests/conftest.Cli)."""

    def __init__(self, records: Path) -> None:
        from typer.testing import CliRunner

        self.records = records
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        from yishi.app import app
        from yishi.commands import _common
        from yishi.i18n import set_lang

        _common.state.update(records=None, cmd="yishi " + " ".join(args))
        set_lang(None)
        result = self.runner.invoke(
            app, ["--lang", "en", "--records", str(self.records), *args], catch_exceptions=False
        )
        if result.exit_code not in (0, 1):
            raise AssertionError(f"yishi {' '.join(args)} -> {result.exit_code}: {result.output}")
        return result


def _last_line(result: Any) -> str:
    return result.stdout.strip().splitlines()[-1]


_TEXTS = {
    "study": (
        "传达学习习近平总书记关于机关党建工作的重要论述",
        "会议要求，全体党员干部要深入学习领会，结合工作实际抓好贯彻落实",
    ),
    "fund": (
        "关于机关办公楼维修改造资金的请示",
        "同意维修改造方案，所需资金从年度预算中列支，由办公室按政府采购程序组织实施",
    ),
    "personnel": ("关于科级干部任免的议题", "同意周晓明同志任综合科科长，按程序办理任职手续"),
    "general": (
        "关于修订机关财务管理办法的议题",
        "原则通过《机关财务管理办法（修订稿）》，由办公室印发执行",
    ),
    "other": ("关于做好年度考核工作的安排", "由办公室牵头，各科室配合，12月底前完成年度考核工作"),
    "criticism": ("开展批评与自我批评", ""),
}


def _kind_text(kind: Any) -> tuple[str, str]:
    if kind.id in ("study", "law_study") or "学习" in kind.name:
        return _TEXTS["study"]
    if kind.id == "criticism":
        return _TEXTS["criticism"]
    if kind.per_candidate:
        return _TEXTS["personnel"]
    if "资金" in kind.name:
        return _TEXTS["fund"]
    if kind.vote:
        return _TEXTS["general"]
    return _TEXTS["other"]


def hold(
    run: Runner,
    rules: Path,
    *,
    date: str = "2024-03-05",
    long: bool = False,
    type_id: str | None = None,
    issue_date: str | None = None,
) -> str:
    """Record, close and issue one meeting of the body in `rules`; its id."""
    from yishi.rules import load

    model = load(rules)
    mtype = model.meeting_types[type_id] if type_id else next(iter(model.meeting_types.values()))
    members = model.members_of(mtype.id)
    meeting_id = _last_line(
        run(
            "open",
            str(rules),
            "--type",
            mtype.id,
            "--date",
            date,
            "--time",
            "09:00",
            "--place",
            "机关三楼会议室",
            "--recorder",
            "周敏",
        )
    )
    present = [m.id for m in members[:-1]] if len(members) > 3 else [m.id for m in members]
    run("attend", *present)
    if len(members) > 3:
        run("leave", members[-1].id, "--reason", "外出学习", "--opinion", "同意各项议题")
    run("guest", "孙丽", "--role", "办公室主任")
    kinds = [model.item_kinds[k] for k in (mtype.kinds or model.item_kinds)]
    plan = list(kinds)
    if long:
        plan = plan * 4
    number = 0
    for kind in plan:
        title, decision = _kind_text(kind)
        args = [
            "item",
            "add",
            title,
            "--kind",
            kind.id,
            "--presenter",
            members[min(1, len(members) - 1)].id,
        ]
        if kind.per_candidate:
            args += ["--candidate", "周晓明"]
        if "资金" in kind.name or kind.amount_at_least is not None:
            args += ["--amount", "2350000"]
        if not kind.vote and "学习" in title:
            args[-1] = members[0].id
        number = int(_last_line(run(*args)))
        if kind.vote:
            # opinions from the last-ranked up, the chair last
            order = list(reversed(present))
            for member in order:
                extra = ["--candidate", "周晓明"] if kind.per_candidate else []
                run("opinion", str(number), member, "agree", *extra)
            method = "secret" if kind.per_candidate else "hands"
            if method == "secret":
                run(
                    "vote",
                    str(number),
                    "--method",
                    "secret",
                    "--candidate",
                    "周晓明",
                    "--yes",
                    str(len(present)),
                    "--no",
                    "0",
                    "--abstain",
                    "0",
                )
            else:
                run("vote", str(number), "--method", "hands", "--yes", ",".join(present))
        if decision:
            run("decide", str(number), decision)
    run("close")
    args = ["issue", meeting_id, "--force"]
    if issue_date:
        args += ["--date", issue_date]
    run(*args)
    return meeting_id


def sample_rules() -> list[Path]:
    """Every sample body (one rules file each)."""
    return sorted(SAMPLES.glob("*.toml"))


def env_for(records: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["YISHI_RECORDS"] = str(records)
    return env


# ---------------------------------------------------------------- reading PDFs back

MM = 25.4 / 72  # one PDF point in mm


def pdf_lines(pdf: Path) -> list[list[dict[str, Any]]]:
    """Per page, its text lines as `pdftotext -bbox-layout` sees them: text and the box
    in mm from the page's top-left (x0, y0, x1, y1)."""
    import subprocess
    import xml.etree.ElementTree as ET

    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")
    out = out[out.index("<doc") : out.index("</doc>") + len("</doc>")]
    root = ET.fromstring(out.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    pages = []
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            words = [w.text or "" for w in line.iter("word")]
            lines.append(
                {
                    "text": "".join(words),
                    **{
                        k: float(line.get(a)) * MM
                        for k, a in (("x0", "xMin"), ("y0", "yMin"), ("x1", "xMax"), ("y1", "yMax"))
                    },
                }
            )
        pages.append(sorted(lines, key=lambda ln: (round(ln["y0"], 1), ln["x0"])))
    return pages


def find(lines: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    return [ln for ln in lines if text in ln["text"]]
