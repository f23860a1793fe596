"""Reading the vCard files phones and mail programs really write, before vobject sees them.

vobject reads vCard 3.0 and 4.0 well, but real exports are often vCard 2.1 (Android and Outlook
write it by default, so do older iPhones, Lotus Notes and Nokia), and carry things vobject stops
at. This pre-pass works on the file's bytes and turns each card into clean vCard 3.0 text:

* line ends: CR LF, LF, a lone CR and CR CR LF (iOS 5) are all one line end;
* folding: a line starting with a space or tab continues the one before (3.0, 4.0, 2.1 base64);
  in a QUOTED-PRINTABLE value a line ending in '=' continues on the next line (a soft line
  break, which may split a UTF-8 character in two), up to a blank line;
* values: QUOTED-PRINTABLE decoded to bytes, then CHARSET (else the file's own encoding: UTF-8,
  or Windows-1252 when the file is not UTF-8) turns them into text; 2.1's bare parameters
  (TEL;HOME;VOICE, a bare QUOTED-PRINTABLE or charset) are understood, and 2.1's escaping
  (only '\\;') is rewritten as 3.0's;
* only the properties Memoro reads are kept (names, nickname, birthday, addresses,
  organisation, title, e-mail, phone, note): a photo (base64 or a `data:` URI), a key, Outlook's
  card design or Lotus's PROFILE can no longer take the card down with them.

Each card keeps the line it starts on, so problems are reported where the user can find them.
"""

from __future__ import annotations

import codecs
import logging
import quopri
import re
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

KEEP = frozenset({"FN", "N", "NICKNAME", "BDAY", "ADR", "ORG", "TITLE", "EMAIL", "TEL", "NOTE",
                  "KIND", "X-ADDRESSBOOKSERVER-KIND", "CATEGORIES"})  # KIND: a group card is not a person
_ONE_TEXT = frozenset({"FN", "TITLE", "NOTE", "ORG", "EMAIL", "TEL", "BDAY"})  # no comma-separated lists
_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_KEEP_PARAMS = frozenset({"TYPE", "VALUE", "X-APPLE-OMIT-YEAR"})
_ENCODINGS = {"QUOTED-PRINTABLE": "qp", "BASE64": "b64", "B": "b64", "8BIT": "", "7BIT": ""}
_CHARSET_WORD = re.compile(r"^(utf-?(8|16|32)|iso-?8859-\d+|windows-\d+|cp\d+|us-ascii|ascii|latin-?\d|"
                           r"koi8-?[ru]|big5|gb2312|gbk|gb18030|shift_jis|euc-\w+)$", re.IGNORECASE)
_SINGLE_BYTE = re.compile(r"^(iso-?8859-\d+|windows-\d+|cp\d+|latin-?\d|us-ascii|ascii)$", re.IGNORECASE)
_LINE_END = re.compile(rb"\r*\n|\r")
_BEGIN = re.compile(rb"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)
_VERSION = re.compile(rb"^\s*VERSION\s*:\s*(\S+)", re.IGNORECASE)


@dataclass
class Card:
    """One card as clean vCard 3.0 text, with the line it starts on in the file."""

    line: int
    text: str
    version: str = "3.0"
    dropped: list[str] = field(default_factory=list)


@dataclass
class _Prop:
    name: str
    types: list[str]
    params: dict[str, str]
    encoding: str
    charset: str | None
    value: bytes


def to_bytes(data: bytes | str) -> tuple[bytes, str]:
    """(the file as bytes without a byte-order mark, the charset of values that declare none)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff").encode("utf-8"), "utf-8"
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            data = data[len(bom):]
            if enc != "utf-8":
                data = data.decode(enc, errors="replace").encode("utf-8")
            return data, "utf-8"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        return data, "cp1252"  # what Windows programs write when they write no charset


def cards(data: bytes | str) -> list[Card]:
    """Every BEGIN:VCARD ... END:VCARD in the file as clean 3.0 text; an unclosed card runs to the end."""
    raw, default = to_bytes(data)
    out: list[Card] = []
    start = 0
    lines: list[bytes] | None = None
    for n, line in enumerate(_LINE_END.split(raw), 1):
        if _BEGIN.match(line):
            if lines is not None:
                out.append(_card(start, lines, default))
            start, lines = n, []
        elif lines is not None:
            if _END.match(line):
                out.append(_card(start, lines, default))
                lines = None
            else:
                lines.append(line)
    if lines is not None:
        out.append(_card(start, lines, default))
    return out


def _card(start: int, lines: list[bytes], default: str) -> Card:
    version = next((m.group(1).decode("ascii", "replace") for ln in lines if (m := _VERSION.match(ln))), "2.1")
    props: list[str] = []
    card = Card(start, "", version)
    parsed: list[_Prop] = []
    for logical in _logical_lines(lines):
        prop = _parse(logical)
        if prop is not None:
            parsed.append(prop)
        elif not (parsed and (parsed[-1].encoding == "b64" or parsed[-1].name in _BINARY)):
            card.dropped.append("a line that is not a vCard field")  # not the tail of a 2.1 photo
    if default != "utf-8":  # a file in a Windows code page: the charset one field names is the card's
        default = next((p.charset for p in parsed if p.charset and _known(p.charset)), default)
    for prop in parsed:
        if prop.name == "X-ANDROID-CUSTOM":
            prop = _android_nickname(prop, default) or prop
        if prop.name not in KEEP or prop.encoding == "b64":
            continue
        try:
            props.append(_render(prop, version, default))
        except (ValueError, LookupError) as err:  # a value no charset or encoding makes sense of
            card.dropped.append(f"a {prop.name} field that could not be read")
            logger.debug("card at line %s: %s left out (%s)", start, prop.name, err)
    card.text = "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(p + "\r\n" for p in props) + "END:VCARD\r\n"
    return card


def _android_nickname(prop: _Prop, default: str) -> _Prop | None:
    """Android writes a nickname as 'X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Sammy;1;;...'."""
    fields = _text(prop, default).split(";")
    if len(fields) > 1 and fields[0].strip().lower().endswith("/nickname") and fields[1].strip():
        return _Prop("NICKNAME", [], {}, "", "utf-8", fields[1].strip().encode("utf-8"))
    return None


def _logical_lines(lines: list[bytes]) -> list[bytes]:
    out: list[bytes] = []
    qp_open = False  # the line before is quoted-printable and ends in '=' (a soft line break)
    for line in lines:
        if out and qp_open:
            if not line.strip():  # a blank line ends a value left open by a last '='
                qp_open = False
                continue
            out[-1] = out[-1][:-1] + line.lstrip(b" \t")
        elif out and line[:1] in (b" ", b"\t"):
            out[-1] += line[1:]
        elif line.strip():
            out.append(line)
        else:
            continue
        qp_open = out[-1].endswith(b"=") and _is_qp(out[-1])
    return out


def _is_qp(line: bytes) -> bool:
    head = line.split(b":", 1)[0].upper()
    return b"QUOTED-PRINTABLE" in head


def _split_params(head: str) -> list[str]:
    """'TEL;TYPE="work,voice";PREF' -> ['TEL', 'TYPE="work,voice"', 'PREF'] (quotes may hold ';')."""
    parts, cur, quoted = [], "", False
    for ch in head:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _colon(line: str) -> int:
    """Where the value starts: the first ':' outside a quoted parameter value, -1 if none."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return i
    return -1


def _parse(logical: bytes) -> _Prop | None:
    text = logical.decode("latin-1")  # names and parameters are ASCII; the value stays bytes
    at = _colon(text)
    if at <= 0:
        return None  # a stray line (a base64 tail, a broken fold): not a property
    head, value = text[:at], logical[at + 1:]
    parts = _split_params(head)
    name = parts[0].strip().rsplit(".", 1)[-1].upper()  # 'item1.EMAIL' -> 'EMAIL'
    types: list[str] = []
    params: dict[str, str] = {}
    encoding, charset = "", None
    for p in parts[1:]:
        p = p.strip()
        if not p:
            continue
        key, eq, val = p.partition("=")
        key, val = key.strip().upper(), val.strip().strip('"')
        if not eq:  # vCard 2.1 bare parameter: a type, an encoding or a charset
            if key in _ENCODINGS:
                encoding = _ENCODINGS[key]
            elif _CHARSET_WORD.match(key):
                charset = key
            else:
                types.append(key)
        elif key == "ENCODING":
            encoding = _ENCODINGS.get(val.upper(), encoding)
        elif key == "CHARSET":
            charset = val
        elif key == "TYPE":
            types += [t.strip().upper() for t in val.split(",") if t.strip()]
        elif key in _KEEP_PARAMS:
            params[key] = val
    return _Prop(name, types, params, encoding, charset, value)


def _text(prop: _Prop, default: str) -> str:
    raw = prop.value
    if prop.encoding == "qp":
        raw = quopri.decodestring(raw)
    charset = prop.charset if prop.charset and _known(prop.charset) else default
    if charset.lower() != "utf-8" and _SINGLE_BYTE.match(charset) and not raw.isascii():
        try:  # a program that wrote UTF-8 but called it Latin-1 (common): the bytes say UTF-8
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return raw.decode(charset, errors="replace")


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
        return True
    except LookupError:
        return False


def _render(prop: _Prop, version: str, default: str) -> str:
    value = _text(prop, default).replace("\r\n", "\n").replace("\r", "\n")
    if version.startswith("2"):
        value = _escape_21(value)
    else:
        value = value.replace("\n", "\\n")  # a quoted-printable line break in a 3.0 card
        if prop.name in _ONE_TEXT:  # "FN:Mr. John Richter, James Doe" (Gmail): a comma that is text
            value = re.sub(r"(?<!\\),", r"\\,", value)
    head = prop.name
    types = [t for t in dict.fromkeys(prop.types) if re.fullmatch(r"[\w-]+", t)]
    if types:
        head += ";TYPE=" + ",".join(types)
    for k, v in prop.params.items():
        if re.fullmatch(r"[\w.-]+", v):
            head += f";{k}={v}"
    return f"{head}:{value}"


def _escape_21(value: str) -> str:
    """vCard 2.1 escapes only ';' (as '\\;'); write the same value with 3.0's escaping."""
    parts = re.split(r"(?<!\\);", value)
    out = []
    for part in parts:
        part = part.replace("\\;", ";")
        out.append(part.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))
    return ";".join(out)
