"""The compiled packaged Word templates (yishi.render.docx_fast) give docxtpl's bytes."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from yishi import render as r
from yishi.render import docx_fast
from yishi.render.docx import _docxtpl
from yishi.render.engine import environment
from yishi.resources import templates_dir

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def contexts(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    from yishi.check import evaluate
    from yishi.store import Store

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import gen
    finally:
        sys.path.remove(str(ROOT / "bench"))
    tmp = tmp_path_factory.mktemp("year")
    rules = tmp / "rules.toml"
    rules.write_text(gen.rules_text(2, 15), encoding="utf-8")
    ids = gen.write_year(tmp / "records", rules, 6, year=2024, items=4)
    store = Store(tmp / "records")
    out = []
    for mid in ids:
        meeting = store.meeting(mid)
        out.append(r.context(meeting, evaluate(meeting), issued_at="2024-12-01T10:00:00+08:00"))
    return out


def slow(ctx: dict, path: Path) -> bytes:
    """The docxtpl path, as yishi rendered every Word file before."""
    from yishi.printing import banji, finish_docx

    ctx = {**ctx, **banji(ctx)}
    env = environment(True, (str(path.parent),))
    return finish_docx(_docxtpl(env, path, ctx), ctx, {})


@pytest.mark.parametrize("stem", ["minutes", "record"])
def test_compiled_template_gives_docxtpl_bytes(contexts: list[dict], stem: str) -> None:
    path = templates_dir() / f"{stem}.docx"
    for ctx in contexts:
        assert r.render_context(ctx, path, "docx") == slow(ctx, path)
    assert docx_fast.compiled(path)  # it proved itself on the first and is in use


def test_line_breaks_and_tabs_in_a_decision_go_through_resolve_listing(
    contexts: list[dict],
) -> None:
    path = templates_dir() / "minutes.docx"
    ctx = dict(contexts[1])
    item = dict(ctx["items"][1])
    item["decision_text"] = "会议决定：\n一、同意\t购置；\n二、由办公室组织实施。"
    item["paragraphs"] = [*item["paragraphs"][:-1], item["decision_text"]]
    ctx["items"] = [ctx["items"][0], item, *ctx["items"][2:]]
    rendered = r.render_context(ctx, path, "docx")
    assert rendered == slow(ctx, path)
    with zipfile.ZipFile(io.BytesIO(rendered)) as z:
        assert "<w:br/>" in z.read("word/document.xml").decode("utf-8")


def test_zip_writer_matches_zipfile() -> None:
    members = [("[Content_Types].xml", b"<x/>" * 50), ("word/文档.xml", "中文".encode() * 99)]
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    built = docx_fast.zip_members([docx_fast.deflate(n, d) for n, d in members])
    assert built == expected.getvalue()
