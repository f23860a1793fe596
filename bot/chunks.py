"""Split a reply into pieces a platform accepts: at most `limit` UTF-16 code units each
(Telegram and Discord count message length the way JavaScript does, so an emoji counts two).

Pieces break at line ends when they can, else at a space, else inside a word; no text is lost
and a line is never cut when it fits.
"""

from __future__ import annotations


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split(text: str, limit: int) -> list[str]:
    if units(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if units(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        *full, current = _long_line(line, limit) or [""]
        pieces += full
    if current:
        pieces.append(current)
    return pieces


def _long_line(line: str, limit: int) -> list[str]:
    """A line longer than `limit`: cut at the last space that fits, or mid-word if none."""
    parts = []
    while units(line) > limit:
        cut = _fit(line, limit)
        space = line.rfind(" ", 0, cut)
        if space > 0:
            parts.append(line[:space])
            line = line[space + 1:]
        else:
            parts.append(line[:cut])
            line = line[cut:]
    return [*parts, line] if line else parts


def _fit(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > limit:
            return i
    return len(text)
