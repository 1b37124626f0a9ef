"""The compiled packaged Word templates (yishi.render.docx_fast) give docxtpl's bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from helpers import bench_gen

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

    gen = bench_gen()
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


# Text that lxml writes otherwise than Jinja does (quotes as entities, control and
# non-characters), empty values (<w:t></w:t>), docxtpl's own escapes,
# the characters resolve_listing rewrites, and text lxml leaves alone.
AWKWARD = [
    "",
    'a "quoted" word',
    "it's",
    "R&D <b> & >",
    "{_{ x }_} {_% y %_}",
    "line\nbreak\tand tab",
    "bell\a and\fform feed",
    "carriage\rreturn",
    "\x01\x0b\x1f controls",
    "non-character \ufffe \uffff",
    "\x7f\x85\u2028\u3000 emoji 😀",
]


_KEEP = {"copy", "fonts"}  # what the template compares, the font mapping


def _awkward(value: object, k: list[int]) -> object:
    """`value` with every text leaf replaced, in turn, by one of AWKWARD."""
    if isinstance(value, dict):
        return {key: v if key in _KEEP else _awkward(v, k) for key, v in value.items()}
    if isinstance(value, list):
        return [_awkward(v, k) for v in value]
    if isinstance(value, str) and value:
        k[0] += 1
        return value[:2] + AWKWARD[k[0] % len(AWKWARD)]
    return value


@pytest.mark.parametrize("stem", ["minutes", "record"])
def test_awkward_text_gives_docxtpl_bytes(contexts: list[dict], stem: str) -> None:
    path = templates_dir() / f"{stem}.docx"
    r.render_context(contexts[0], path, "docx")  # proves the compiled form
    assert docx_fast.compiled(path)
    tried = 0
    for shift in range(len(AWKWARD)):
        for ctx in contexts[:2]:
            odd = _awkward(ctx, [shift])
            assert isinstance(odd, dict)
            try:
                expected = slow(odd, path)
            except Exception:  # noqa: BLE001 - a value the template itself refuses
                continue
            assert r.render_context(odd, path, "docx") == expected
            tried += 1
    assert tried >= len(AWKWARD)


def test_plain_meetings_skip_the_lxml_round_trip(
    contexts: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text path is the one in use: no parse of the body for ordinary meetings, and
    a parse for text lxml would write otherwise."""
    path = templates_dir() / "minutes.docx"
    r.render_context(contexts[0], path, "docx")
    calls: list[int] = []
    real = docx_fast._via_lxml

    def counted(c: object, xml: str) -> bytes:
        calls.append(1)
        return real(c, xml)  # type: ignore[arg-type]

    monkeypatch.setattr(docx_fast, "_via_lxml", counted)
    for ctx in contexts:
        r.render_context(ctx, path, "docx")
    assert calls == []
    for text in ["", "R&D <b> & >", "{_{ x }_}", "line\nbreak\tand tab", "\x7f\u2028 😀"]:
        ctx = dict(contexts[1])
        item = {**ctx["items"][1], "paragraphs": [text, "", text]}
        ctx["items"] = [ctx["items"][0], item, *ctx["items"][2:]]
        assert r.render_context(ctx, path, "docx") == slow(ctx, path)
    assert calls == []
    ctx = dict(contexts[1])
    item = {**ctx["items"][1], "paragraphs": ['a "quoted" decision']}
    ctx["items"] = [ctx["items"][0], item, *ctx["items"][2:]]
    assert r.render_context(ctx, path, "docx") == slow(ctx, path)
    assert calls == [1]


def test_shape_refuses_what_it_cannot_prove() -> None:
    shape = docx_fast._shape
    assert shape("<w:body><w:p><w:t>{{ a }}</w:t></w:p></w:body>") == {"w:t"}
    assert shape("<w:body>{% if a %}<w:p/>{% endif %}</w:body>") == {"w:body"}
    assert shape("<w:body><w:p>{% if a %}</w:p><w:p>{% endif %}</w:p></w:body>") == {"w:p"}
    assert shape("<w:body><w:p>{% if a %}</w:p><w:r>{% endif %}</w:r></w:body>") is None
    assert shape("<w:body>{% for a in b %}<w:p>{% endfor %}</w:p></w:body>") is None
    assert shape("<w:body><w:p {% if a %}w:x='1'{% endif %}/></w:body>") is None
    assert shape("<w:body>{% set a = 1 %}</w:body>") is None
    assert shape('<w:body><w:p w:x="{{ a }}"/></w:body>') == set()
    assert shape("<w:body><w:p {{ a }}/></w:body>") is None
    assert shape("<w:body><w:{{ a }}/></w:body>") is None
    assert shape("<w:body><w:p></w:body>") is None


def test_a_lone_surrogate_in_the_body_gives_docxtpl_bytes(contexts: list[dict]) -> None:
    path = templates_dir() / "minutes.docx"
    r.render_context(contexts[0], path, "docx")
    ctx = dict(contexts[1])
    item = {**ctx["items"][1], "paragraphs": ["lone \ud800 surrogate"]}
    ctx["items"] = [ctx["items"][0], item, *ctx["items"][2:]]
    assert r.render_context(ctx, path, "docx") == slow(ctx, path)


def test_fonts_mapped_on_the_text_path_give_docxtpl_bytes(contexts: list[dict]) -> None:
    from yishi.printing import OFFICIAL, banji, finish_docx

    path = templates_dir() / "minutes.docx"
    fonts = {"heiti": "Noto Sans CJK SC", "songti": 'A "quoted" & font', "title": "宋体"}
    for ctx in contexts[:3]:
        ctx = {**ctx, "fonts": fonts}
        full = {**ctx, **banji(ctx)}
        env = environment(True, (str(path.parent),))
        wanted = {OFFICIAL[role]: name for role, name in fonts.items()}
        expected = finish_docx(_docxtpl(env, path, full), full, wanted)
        assert r.render_context(ctx, path, "docx") == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as z:
        assert "Noto Sans CJK SC" in z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("stem", ["minutes", "record", "notice"])
def test_packaged_bodies_are_proven_well_formed(stem: str) -> None:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(templates_dir() / f"{stem}.docx"))
    tpl.render_init()
    source = tpl.patch_xml(tpl.get_xml())
    assert docx_fast._shape(source) is not None  # the text path is open to it
    assert docx_fast._lang_fixed(source)
    assert not any(s in source for s in docx_fast._LITERAL_ONLY)
