"""yishi.toml_write: tomli_w with a faster string formatter, the same bytes."""

from __future__ import annotations

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from yishi import toml_write


def test_the_fast_formatter_is_installed() -> None:
    assert toml_write.INSTALLED
    assert tomli_w._writer.format_string is toml_write.format_string


@given(st.text(), st.booleans())
def test_a_string_is_formatted_as_tomli_w_formats_it(text: str, multiline: bool) -> None:
    fast = toml_write.format_string(text, allow_multiline=multiline)
    assert fast == toml_write.ORIGINAL(text, allow_multiline=multiline)


@given(st.text(alphabet=st.characters(max_codepoint=0x80)), st.booleans())
def test_control_characters_quotes_and_backslashes_too(text: str, multiline: bool) -> None:
    fast = toml_write.format_string(text, allow_multiline=multiline)
    assert fast == toml_write.ORIGINAL(text, allow_multiline=multiline)
