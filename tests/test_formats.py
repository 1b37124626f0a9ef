"""The output-format registry (yishi.render.formats): one entry per format."""

from __future__ import annotations

from pathlib import Path

import pytest

from yishi.errors import InputError
from yishi.render import formats, resolve


def test_registry_lists_the_four_formats_in_order():
    assert formats.FORMATS == ("md", "html", "docx", "pdf")


@pytest.mark.parametrize(
    ("suffix", "name"),
    [(".md", "md"), (".MARKDOWN", "md"), (".htm", "html"), (".docx", "docx"), (".pdf", "pdf")],
)
def test_suffix_chooses_the_format(suffix, name):
    assert formats.by_suffix(Path("out" + suffix)) == name
    assert resolve("minutes", None, Path("纪要" + suffix))[1] == name


def test_unknown_suffix_chooses_nothing_and_render_falls_back_to_md():
    assert formats.by_suffix(Path("out.txt")) is None
    assert resolve("minutes", None, Path("out.txt"))[1] == "md"


def test_builtin_template_file_per_format():
    assert resolve("record", "html")[0].name == "record.html.j2"
    assert resolve("minutes", "pdf")[0].name == "minutes.docx"
    assert formats.get("docx").template_file("notice") == "notice.docx"


def test_word_formats_need_an_output_file_text_formats_do_not():
    assert [f.name for f in formats.REGISTRY.values() if f.needs_output] == ["docx", "pdf"]
    assert [f.name for f in formats.REGISTRY.values() if f.soffice] == ["pdf"]
    assert [f.name for f in formats.REGISTRY.values() if not f.autoescape] == ["md"]


def test_unknown_format_is_refused_with_the_list():
    with pytest.raises(InputError) as caught:
        formats.get("odt")
    assert caught.value.key == "cli.bad_format"
    assert "md, html, docx, pdf" in caught.value.message("en")


def test_format_lists_split_on_commas_spaces_and_chinese_commas_once_each():
    assert formats.parse_list(["md,html", "docx，md", "pdf html"]) == ["md", "html", "docx", "pdf"]
    assert formats.parse_list(None) == ["md"]
    with pytest.raises(InputError):
        formats.parse_list(["md,doc"])


def test_user_template_must_fit_the_format(tmp_path):
    text = tmp_path / "mine.md.j2"
    text.write_text("{{ number }}", encoding="utf-8")
    assert resolve(str(text), None)[1] == "md"
    with pytest.raises(InputError) as caught:
        resolve(str(text), "docx")
    assert caught.value.key == "render.format_mismatch"
    with pytest.raises(InputError) as caught:
        resolve(str(text), "pdf")
    assert caught.value.key == "pdf.user_template"
