"""The brief: everything known about one person, grouped, short and dated ("tell me everything
about sam", "prep me for lunch w sam", `/person sam`).

A brief is a list of sections. Each section is one small async function registered with
`@section(name, order, title)`: it gets a `Subject` (the store, the owner key, the person, today,
their current facts and the owner's contacts, read once for all sections) and returns `Line`s,
each a text and the day it was said. The registry sorts sections by `order`, skips empty ones,
and renders every line the same way, "• lives in Lyon (said Mar 2)" or "• Mar 2: got engaged",
at most `MAX_LINES` a section and "(+N more)" for the rest, so the brief stays short while
nothing is silently dropped from the count.

A feature of its own adds its section in its own module (follow-ups, gift ideas): decorate a
function there with `@section(...)` and name the module in `PLUGINS` below, which are imported
before the first brief is built (a module that is not there yet is skipped, with a warning).
The sections that come with the brief are in `core.brief_sections`.

With a model configured, a two-sentence summary goes on top (`core.llm.briefer`), grounded in
the numbered lines of the brief: one that cites no line, or a line it was not given, is dropped,
and a failing model leaves the brief as it is.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from core import format as fmt
from core.persona import CharacterCard
from core.records import Contact, Fact
from core.repositories import Store

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.llm.briefer import LLMBriefer

logger = logging.getLogger(__name__)

MAX_LINES = 5  # a section's lines shown; the rest are counted
# modules that register sections; a helper feature adds its module's name here
PLUGINS: tuple[str, ...] = ("core.brief_sections", "core.brief_extras")


@dataclass(frozen=True)
class Line:
    """One line of a brief: what is known, and the day it was said (None when unknown).

    `dated_first`: news and meetings read "Mar 2: got engaged"; facts read "lives in Lyon (said Mar 2)"."""

    text: str
    on: date | None = None
    dated_first: bool = False


@dataclass
class Subject:
    """What every section may read about the person, loaded once."""

    store: Store
    owner: str
    contact: Contact
    today: date
    facts: dict[str, Fact] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)


SectionFn = Callable[[Subject], Awaitable[list[Line]]]


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    title: str
    make: SectionFn
    limit: int = MAX_LINES


SECTIONS: dict[str, Section] = {}
_loaded = False


def section(name: str, order: int, title: str, *, limit: int = MAX_LINES) -> Callable[[SectionFn], SectionFn]:
    """Register a brief section: `@section("gifts", 50, "Gift ideas") async def gifts(s): return [Line(...)]`.
    Registering a name again replaces the section (a module reloaded in tests)."""

    def register(make: SectionFn) -> SectionFn:
        SECTIONS[name] = Section(name, order, title, make, limit)
        return make

    return register


def _load_plugins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in PLUGINS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            logger.debug("brief section module %s is not there; skipped", module)


@dataclass(frozen=True)
class Part:
    """A rendered section: its title and lines, and how many lines were left out."""

    title: str
    lines: list[Line]
    more: int = 0


async def sections(store: Store, owner: str, contact: Contact, today: date) -> list[Part]:
    """Every non-empty section of `contact`'s brief, in order. A section that fails is left out
    (logged): one broken section never costs the whole brief."""
    _load_plugins()
    subject = Subject(store, owner, contact, today, await store.current_facts(owner, contact.id),
                      await store.contacts(owner))
    out = []
    for s in sorted(SECTIONS.values(), key=lambda s: (s.order, s.name)):
        try:
            lines = await s.make(subject)
        except Exception:  # broad on purpose: a plug-in section's bug must not take the brief down
            logger.exception("brief section %s failed", s.name)
            continue
        if lines:
            out.append(Part(s.title, lines[:s.limit], max(0, len(lines) - s.limit)))
    return out


def line_text(line: Line, today: date) -> str:
    if line.on is None:
        return line.text
    when = fmt.day(line.on, year=line.on.year != today.year)
    return f"{when}: {line.text}" if line.dated_first else f"{line.text} (said {when})"


def render(name: str, parts: list[Part], today: date, summary: str | None = None) -> str:
    if not parts:
        return f"{name} is in your contacts, but I don't know anything else yet."
    out = [name] + ([f"In short: {summary}"] if summary else [])
    for p in parts:
        out.append(f"{p.title}:")
        out += [f"• {line_text(x, today)}" for x in p.lines]
        if p.more:
            out.append(f"  (+{p.more} more)")
    return "\n".join(out)


async def brief(store: Store, owner: str, contact: Contact, today: date, summarizer: LLMBriefer | None = None, persona: CharacterCard | None = None) -> str:
    """`contact`'s brief as text; with a `summarizer` (core.llm.briefer), a summary on top."""
    parts = await sections(store, owner, contact, today)
    summary = None
    if summarizer is not None and parts:
        numbered = [(p.title, line_text(x, today)) for p in parts for x in p.lines]
        summary = await summarizer.summarize(contact.name, numbered, persona=persona, today=today)
    return render(contact.name, parts, today, summary)
