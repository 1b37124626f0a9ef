"""printing.page_layout keeps the flag and office/date lines of repeated strings in small
bounded caches: what it hands out is what yishi.layout computes, and a fresh copy each
time (a template or a caller changing one context never changes the next)."""

from __future__ import annotations

from types import SimpleNamespace

from yishi import layout, printing


def _ctx(title: str, office: str, day: str) -> dict:
    return {
        "office": office,
        "issue_date_text": day,
        "minutes_title": title,
        "record_title": title.replace("纪要", "记录"),
        "body": {"name": office},
        "draft": False,
        "copy": "full",
    }


CASES = [
    ("中共测试局党组会议纪要", "中共测试局党组", "2024年5月1日"),
    (
        "中共西宁市城中区人力资源和社会保障局党组会议纪要",
        "中共西宁市城中区人力资源和社会保障局党组",
        "2026年12月1日",
    ),
    ("局长办公会议纪要", "某某管理局办公室", "2025年1月10日"),
]


def test_the_cached_layout_is_the_layout() -> None:
    for title, office, day in CASES:
        got = printing.page_layout(_ctx(title, office, day), SimpleNamespace(raw={}))
        flag = layout.flag(title, office)
        assert {k: got["flag"][k] for k in ("lines", "scale", "size")} == flag
        record = layout.flag(
            title.replace("纪要", "记录"), office, size_pt=printing.RECORD_TITLE_PT
        )
        assert {k: got["record_flag"][k] for k in ("lines", "scale", "size")} == record
        assert got["issuer_lines"] == layout.split_line(office, day, layout.BODY_SIZE_PT)
        assert got["print_lines"] == layout.split_line(office, day + "印发", layout.BANJI_SIZE_PT)


def test_each_call_hands_out_fresh_lists_and_dicts() -> None:
    title, office, day = CASES[1]
    first = printing.page_layout(_ctx(title, office, day), SimpleNamespace(raw={}))
    first["flag"]["lines"].append("改")
    first["flag"]["size"] = 1.0
    first["print_lines"][0]["left"] = "改"
    first["issuer_lines"].clear()
    first["fonts"]["chains"]["title"].insert(0, "改")
    again = printing.page_layout(_ctx(title, office, day), SimpleNamespace(raw={}))
    assert "改" not in again["flag"]["lines"] and again["flag"]["size"] != 1.0
    assert again["print_lines"][0]["left"] != "改" and again["issuer_lines"]
    assert again["fonts"]["chains"]["title"][0] != "改"
