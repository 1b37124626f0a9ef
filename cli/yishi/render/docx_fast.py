"""The packaged Word templates, compiled once per process: the same bytes as docxtpl.

docxtpl reopens the template, recompiles the Jinja of every part and zips the whole
document (800 KB of styles) twice for every meeting. Here a packaged template is compiled
once per process: the first render goes through docxtpl as before, and from it we keep
the patched, compiled Jinja of the body and of each header and footer, the document's
root element, and every other member finished and deflated once (per font mapping). A
render is then: the body's and footers' Jinja, docxtpl's own post-processing of the
result (`resolve_listing`, `fix_tables`, renumbered `docPr` ids), serialisation as
python-docx does it, the finishing of yishi.printing, and one zip of mostly precompressed
members.

The parse and serialisation of the body are skipped when they cannot change it: the
template's Jinja is proven (once, `_shape`) to give well-formed XML for any values, it
holds no table (fix_tables changes only a <w:tbl> whose rows have more or fewer cells
than its <w:gridCol>s) and no drawing (docPr ids), and the rendered text holds nothing
lxml writes otherwise (`_as_text`: entities, control characters, empty elements).
Anything else goes through lxml as docxtpl does. A footer that renders to the same text
as for the previous meeting reuses its serialisation.

The compiled form proves itself before it is used: it must reproduce, byte for byte, the
docxtpl output of the first meeting; if it does not (another docxtpl or python-docx),
that template stays on docxtpl for the rest of the process. A user's Word template always
goes through docxtpl (yishi.render.docx), in the sandbox.
"""

from __future__ import annotations

import copy
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HEADER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
Member = tuple[str, int, int, bytes]  # name, crc32, size, deflated bytes


@dataclass
class _Part:
    name: str  # zip member, e.g. word/footer1.xml
    template: Any  # compiled jinja
    encoding: str
    # The last rendered XML and its serialisation: a footer that prints no context
    # value (a page number field) renders to the same text for every meeting.
    last: tuple[str, bytes] | None = None


@dataclass
class Compiled:
    order: list[str]  # the members of the finished file, in order
    static: dict[str, bytes]  # members docxtpl does not render, as it saves them
    body: Any  # compiled jinja of <w:body>
    root: Any  # the document's root element, its body to be replaced
    parts: list[_Part]  # headers and footers
    tpl: Any  # a DocxTemplate, for its pure post-processing methods
    # document.xml around the body as lxml writes it (head ends with <w:body ...>), and
    # the body's start tag as the template has it; head is "" when the body's Jinja is
    # not proven to give well-formed XML, so every render goes through lxml
    head: bytes = b""
    tail: bytes = b""
    body_open: bytes = b""
    empties: tuple[tuple[Any, bytes], ...] = ()  # (pattern, replacement) per element name
    lang_done: bool = False  # the body's <w:lang/> tags are tagged zh-CN in its Jinja
    # finished, deflated headers/footers by font mapping: (their serialisation, member)
    parts_done: dict[Any, tuple[bytes, Member]] = field(default_factory=dict)
    finished: dict[Any, dict[str, Member]] = field(default_factory=dict)


_COMPILED: dict[tuple[Any, ...], Compiled | None] = {}


def deflate(name: str, data: bytes) -> Member:
    """A member deflated as zipfile does (raw deflate, default level)."""
    squeeze = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return name, zlib.crc32(data) & 0xFFFFFFFF, len(data), squeeze.compress(data) + squeeze.flush()


_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01
_DOS_TIME = 0


def zip_members(members: list[Member]) -> bytes:
    """The zip archive `zipfile` writes for these members (ZipInfo dated 1980-01-01,
    deflated, mode 0644, to a seekable file): local headers, data, central directory."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, crc, size, data in members:
        try:
            raw = name.encode("ascii")
            flags = 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), 0x800
        local = struct.pack(
            "<4s2B4HL2L2H",
            b"PK\003\004",
            20,
            0,
            flags,
            8,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            len(data),
            size,
            len(raw),
            0,
        )
        out += [local, raw, data]
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\001\002",
                20,
                3,
                20,
                0,
                flags,
                8,
                _DOS_TIME,
                _DOS_DATE,
                crc,
                len(data),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + raw
        )
        offset += len(local) + len(raw) + len(data)
    directory = b"".join(central)
    end = struct.pack(
        "<4s4H2LH", b"PK\005\006", 0, 0, len(members), len(members), len(directory), offset, 0
    )
    return b"".join(out) + directory + end


def _compile(env: Any, path: Path, first: bytes) -> Compiled:
    import zipfile
    from io import BytesIO

    from docxtpl import DocxTemplate

    from yishi.printing import zh_lang

    tpl = DocxTemplate(str(path))
    tpl.render_init()

    def compiled(xml: str) -> Any:
        return env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))

    source = tpl.patch_xml(tpl.get_xml())
    # The <w:lang/> tags of the body come from the template's text only (values are
    # escaped): tagged zh-CN here once, the finishing need not look for them again.
    lang_done = _lang_fixed(source)
    body = compiled(zh_lang(source) if lang_done else source)
    parts = []
    for uri in (_HEADER_URI, _FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            name = str(part.partname).lstrip("/")
            encoding = tpl.get_headers_footers_encoding(xml)
            parts.append(_Part(name, compiled(tpl.patch_xml(xml)), encoding))
    root = copy.deepcopy(tpl.docx._element)
    head = tail = body_open = b""
    names = _shape(source)
    if any(s in source for s in _LITERAL_ONLY):
        names = None
    empties = tuple(_empty_pattern(n) for n in sorted(names or ()) if n != "w:body")
    if names is not None:
        from lxml import etree

        body_open = source[: source.index(">") + 1].encode("utf-8")
        probe = copy.deepcopy(root)
        probe.replace(probe.body, etree.fromstring(body_open + b"<w:p/></w:body>"))
        text = etree.tostring(probe, encoding="UTF-8", standalone=True)
        at = text.index(b"<w:p/>", text.index(b"<w:body"))
        head, tail = text[:at], text[at + len(b"<w:p/>") :]
    dynamic = {
        str(tpl.docx._part.partname).lstrip("/"),
        "docProps/core.xml",
        *(p.name for p in parts),
    }
    with zipfile.ZipFile(BytesIO(first)) as z:
        order = [i.filename for i in z.infolist()]
        static = {n: z.read(n) for n in order if n not in dynamic}
    return Compiled(
        order, static, body, root, parts, tpl, head, tail, body_open, empties, lang_done
    )


_LANG_START = re.compile(r"<w:lang\b")


def _lang_fixed(source: str) -> bool:
    """Whether every <w:lang/> of this Jinja source is whole text, with no Jinja in it:
    tagging them zh-CN in the source is then tagging them in every render."""
    from yishi.printing import _LANG  # the tags as the finishing finds them

    tags = _LANG.findall(source)
    return len(tags) == len(_LANG_START.findall(source)) and not any(
        "{" in t or "}" in t for t in tags
    )


def _post(tpl: Any, xml: str) -> str:
    """What docxtpl's render_xml_part does after Jinja."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    if "{_" in xml or "_}" in xml:  # each of the four holds one of these
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
    if not any(ch in xml for ch in "\t\a\n\f"):  # all resolve_listing rewrites
        return xml
    return str(tpl.resolve_listing(xml))


# The Jinja tags a packaged template may use for the body to be proven well-formed.
_BLOCK = re.compile(r"\{%-?\s*(\w*)[^%]*?-?%\}")
_EXPR = re.compile(r"\{\{.*?\}\}|\{#.*?#\}", re.S)
_TAG = re.compile(r"<(/?)([^\s/>]+)[^<>]*?(/?)>")
_OPENS, _MIDDLES, _CLOSES = {"if", "for"}, {"elif", "else"}, {"endif", "endfor"}
_QUOTED = re.compile(r'"[^"]*"')
_MARK = "\x00"  # stands for a {{ }} in the analysis (the source holds no control character)


def _shape(source: str) -> set[str] | None:
    """Whether every render of this body source is well-formed XML, and if so the names
    of the elements that may render empty. The values of `{{ }}` are autoescaped (no <
    or >), so the tags come from the literal text between the block tags; it is enough
    that each literal stretch holds whole tags only, that the tags nest, and that the
    element stack is the same at every tag of one if/for (each branch and each loop turn
    then leaves it as it found it). An element may render empty only if Jinja stands
    directly in it: its literal content is never empty (lxml wrote it)."""
    if _MARK in source:
        return None
    pieces = _BLOCK.split(_EXPR.sub(_MARK, source))  # literal, keyword, literal, ...
    stack: list[str] = []
    groups: list[tuple[str, ...]] = []
    may_be_empty: set[str] = set()
    for k, piece in enumerate(pieces):
        if k % 2:
            if stack:
                may_be_empty.add(stack[-1])
            if piece in _OPENS:
                groups.append(tuple(stack))
            elif piece in _MIDDLES or piece in _CLOSES:
                if not groups or groups[-1] != tuple(stack):
                    return None
                if piece in _CLOSES:
                    groups.pop()
            else:
                return None  # set, macro, raw ...: not analysed here
            continue
        between = _TAG.sub("", piece)
        if "{" in between or "}" in between or "<" in between or ">" in between:
            return None  # a Jinja tag this analysis does not read, or a split tag
        at = 0
        for match in _TAG.finditer(piece):
            if _MARK in piece[at : match.start()] and stack:
                may_be_empty.add(stack[-1])
            at = match.end()
            if _MARK in _QUOTED.sub("", match.group(0)):
                return None  # a value as a tag or attribute name, not in a quoted value
            closing, name, empty = match.groups()
            if closing:
                if not stack or stack.pop() != name:
                    return None
            elif not empty:
                stack.append(name)
        if _MARK in piece[at:] and stack:
            may_be_empty.add(stack[-1])
    return may_be_empty if not stack and not groups else None


# What lxml would rewrite when it parses and writes the body again: an entity other
# than these three, a control character (tabs and newlines left after resolve_listing
# are outside <w:t>), a non-character. (Comments, instructions, tables for docxtpl's
# fix_tables and drawings for its docPr ids come only from the template: `_compile`.)
_ENTITY = re.compile(rb"&(?!amp;|lt;|gt;)")
_CONTROL = bytes(range(32))
_LITERAL_ONLY = ("<!", "<?", "<w:tbl", "docPr")


def _as_text(c: Compiled, raw: str, xml: str) -> bytes | None:
    """document.xml as etree.tostring writes it after docxtpl's fix_tables, built from
    the rendered body `xml` (`raw` before post-processing) without parsing it; None
    when it cannot be sure, and the caller goes through lxml."""
    if not c.head or "\a" in raw or "\f" in raw:  # these may split a paragraph unevenly
        return None
    if "\ufffe" in xml or "\uffff" in xml:
        return None
    try:
        data = xml.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if (
        not data.startswith(c.body_open)
        or not data.endswith(b"</w:body>")
        or len(data.translate(None, _CONTROL)) != len(data)
        or _ENTITY.search(data)
    ):
        return None
    body = data[len(c.body_open) : -len(b"</w:body>")]
    if not body:  # lxml would write <w:body/>
        return None
    for pattern, short in c.empties:
        body = pattern.sub(short, body)
    return c.head + body + c.tail


def _empty_pattern(name: str) -> tuple[Any, bytes]:
    """`<name ...></name>` to `<name .../>`, as lxml writes an element with neither text
    nor children (in this text no attribute value holds < or >: they are escaped)."""
    tag = re.escape(name.encode("utf-8"))
    return re.compile(rb"<" + tag + rb"((?: [^<>]*)?)(?<!/)></" + tag + rb">"), (
        b"<" + name.encode("utf-8").replace(b"\\", b"\\\\") + rb"\1/>"
    )


def _render(c: Compiled, ctx: dict[str, Any]) -> tuple[dict[str, bytes], bool]:
    """The rendered members (before finishing): the document and its headers/footers;
    and whether the document is the rendered text itself (not parsed by lxml)."""
    raw = c.body.render(ctx)
    xml = _post(c.tpl, raw)
    text = _as_text(c, raw, xml)
    out: dict[str, bytes] = {"word/document.xml": _via_lxml(c, xml) if text is None else text}
    for part in c.parts:
        xml = _post(c.tpl, part.template.render(ctx))
        if part.last is None or part.last[0] != xml:
            from docx.oxml.parser import parse_xml
            from lxml import etree

            tree = parse_xml(xml.encode(part.encoding))
            part.last = (xml, etree.tostring(tree, encoding="UTF-8", standalone=True))
        out[part.name] = part.last[1]
    return out, text is not None


def _via_lxml(c: Compiled, xml: str) -> bytes:
    """document.xml as docxtpl makes it: fix_tables, docPr ids, python-docx's save."""
    import docx.oxml.ns
    from lxml import etree

    tree = c.tpl.fix_tables(xml)
    index = 1000
    for elt in tree.xpath("//wp:docPr", namespaces=docx.oxml.ns.nsmap):
        index += 1
        elt.attrib["id"] = str(index)
    root = copy.deepcopy(c.root)
    root.replace(root.body, tree)
    return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


def _assemble(
    c: Compiled, ctx: dict[str, Any], fonts: dict[str, str], bold: tuple[str, ...]
) -> bytes:
    from yishi.printing import finish_fonts, finish_member

    key = (tuple(sorted(fonts.items())), bold)
    static = c.finished.get(key)
    if static is None:
        static = {}
        for name, content in c.static.items():
            done = finish_member(name, content, ctx, fonts, bold)
            if done is not None:
                static[name] = deflate(name, done)
        c.finished[key] = static
    rendered, as_text = _render(c, ctx)
    members = []
    for name in c.order:
        if name in static:
            members.append(static[name])
        elif name == "word/document.xml" and as_text and c.lang_done:
            data = rendered[name]
            if fonts or bold:
                data = finish_fonts(data.decode("utf-8"), fonts, bold).encode("utf-8")
            members.append(deflate(name, data))
        elif name in rendered and name != "word/document.xml":
            # a header/footer: the same text for every meeting unless it prints a value
            done_key = (name, key)
            known = c.parts_done.get(done_key)
            if known is None or known[0] != rendered[name]:
                done = finish_member(name, rendered[name], ctx, fonts, bold)
                assert done is not None  # only thumbnails are left out
                known = c.parts_done[done_key] = (rendered[name], deflate(name, done))
            members.append(known[1])
        elif name == "docProps/core.xml" or name in rendered:
            done = finish_member(name, rendered.get(name, b""), ctx, fonts, bold)
            if done is not None:
                members.append(deflate(name, done))
    return zip_members(members)


def render(
    env: Any,
    path: Path,
    ctx: dict[str, Any],
    fonts: dict[str, str],
    slow: Callable[[], tuple[bytes, bytes]],
    bold: tuple[str, ...] = (),
) -> bytes:
    """`path` rendered with `ctx`: through the compiled form once it has proved itself,
    else through `slow()` -> (docxtpl's zip before finishing, the finished file)."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size, id(env))
    if key in _COMPILED:
        compiled = _COMPILED[key]
        if compiled is not None:
            from yishi.render.engine import _time_limit, _timeout

            with _time_limit(_timeout()):
                return _assemble(compiled, ctx, fonts, bold)
        return slow()[1]
    first, finished = slow()
    try:
        candidate: Compiled | None = _compile(env, path, first)
        assert candidate is not None
        if _assemble(candidate, ctx, fonts, bold) != finished:
            candidate = None
    except Exception:  # noqa: BLE001 - the compiled form is an optimisation only
        candidate = None
    _COMPILED[key] = candidate
    return finished


def compiled(path: Path) -> bool:
    """Whether `path` renders through its compiled form in this process (tests)."""
    return any(k[0] == str(path) and v is not None for k, v in _COMPILED.items())


__all__ = ["render", "zip_members", "deflate", "compiled"]
