"""What hybrid search knows about a query and a note, beyond the words they share.

Signals, each a small bonus added to the fused BM25 + vector score, each measured on
LoCoMo (tests/benchmarks/locomo.py) and each meaningful for an address book in general:

* **person**: a note about someone the question names ("what did Sam paint?") ranks above
  notes that only mention the same words about someone else. The name itself is taken out
  of what BM25 and the vectors are asked (`without_names`): every note about Sam says "Sam",
  and in a short question the name outweighs what is asked about him (LoCoMo any@5: +4
  points for the vectors' query, +1 for BM25's);
* **time**: a "when ..." question favours notes that say when ("yesterday", "last June",
  "on the 15th"), since the answer is a date; a question that names its days ("in March
  2023", `core.asked_when`) favours notes dated then;
* **reply**: a note stored right after a question of someone else's, on the same day, is
  the answer to it ("Any pointers for my living room?" / "Get a big fluffy couch"), so it
  inherits part of that question's match;
* **context** (`in_context`): a note about the same person told in the same breath as a
  strong match (two notes on either side, the same day) gets a share of its score, and joins
  the candidates if neither ranker found it: "the castle was unbelievable" answers "where
  was Tim?" when Tim's note before says he was in the UK.

Query cleaning keeps the words that carry meaning: function words, question words and the
asker's own phrasing ("who do I know that ...") match nearly every note and only add noise
and cost to BM25. This list is for retrieval; the name detector's `STOP` (which holds
content words like "coffee" or "birthday") is a different list.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from core.asked_when import Window
from core.records import Contact, Note
from core.understand.names import fold

logger = logging.getLogger(__name__)

PERSON_BONUS = 0.2
TIME_BONUS = 0.2
DATE_BONUS = 0.2
REPLY_SHARE = 0.4
CONTEXT_SHARE = 0.1
CONTEXT_SPAN = 2  # notes on either side that share a note's context

FUNCTION_WORDS = frozenset("""
a an the and or but if of at by for with about to from in on into onto over under up down out off
is are was were be been being am do does did doing done have has had having will would shall should
can could may might must i me my mine myself you your yours he him his she her hers it its they them
their theirs we us our ours this that these those there here what which who whom whose when where why
how not no so than too very just also as
any anyone anybody someone somebody know knows people friend friends tell list find show
""".split())  # noqa: SIM905 (a word list reads better as text)

_WHEN = re.compile(r"^\s*when\b|\b(what|which) (year|month|day|date|week)\b|\bhow long ago\b", re.IGNORECASE)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_TIME = re.compile(
    r"\b(yesterday|today|tomorrow|tonight|ago|last|next|weekend|recently|lately|"
    r"(mon|tues|wednes|thurs|fri|satur|sun)day|" + _MONTHS + r"|(19|20)\d\d|\d{1,2}(st|nd|rd|th))\b", re.IGNORECASE)


def terms(query: str) -> list[str]:
    """The query's meaningful words, folded, in order, once each."""
    words = re.findall(r"[^\W_]+", fold(query))
    return list(dict.fromkeys(w for w in words if len(w) > 1 and w not in FUNCTION_WORDS))


_WHO_ASKS = re.compile(r"^\s*(?:who|whom|anyone|anybody|someone|somebody|is there anyone|do i know|any friends?)\b",
                       re.IGNORECASE)


def vector_text(query: str) -> str:
    """What to embed for a question. "Anyone into sports?" asks for people by a trait: the
    asking ("anyone into", "who do I know that") only dilutes the trait's vector (MiniLM:
    0.12 -> 0.22 against "coaches his son's football team"), so those are embedded by their
    meaningful words. Other questions keep their wording (on LoCoMo that does better)."""
    if _WHO_ASKS.match(query) and (words := terms(query)):
        return " ".join(words)
    return query


def fts_query(query: str) -> str:
    """An FTS5 query OR-ing the meaningful words (each quoted, so no FTS5 syntax leaks in)."""
    return " OR ".join(f'"{w}"' for w in terms(query))


def is_when_question(query: str) -> bool:
    return bool(_WHEN.search(query))


def says_when(text: str) -> bool:
    """Does the note itself say when something happened? (Its leading '(date)' does not count.)"""
    return bool(_TIME.search(re.sub(r"^\([^)]*\)\s*", "", text)))


def named_people(query: str, contacts: Iterable[Contact]) -> set[int]:
    """Ids of the contacts the query names, by full name or first name."""
    folded = fold(query)
    words = set(re.findall(r"[^\W_]+", folded))
    found = set()
    for c in contacts:
        name = fold(c.name).strip()
        if not name:
            continue
        if name.split()[0] in words or (" " in name and name in folded  # substring first: no regex per contact
                                        and re.search(rf"\b{re.escape(name)}\b", folded)):
            found.add(c.id)
    return found


def without_names(query: str, contacts: Iterable[Contact]) -> str:
    """The query with these people's names (full or first, possessive too) taken out; the
    query itself if nothing else would be left."""
    names = sorted({n for c in contacts if (full := fold(c.name).strip()) for n in (full, full.split()[0])},
                   key=len, reverse=True)
    if not names:
        return query
    pattern = r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?:'s|s')?(?!\w)"
    rest, taken = re.subn(pattern, " ", fold(query))
    rest = re.sub(r"\s+", " ", rest).strip()
    return rest if taken and terms(rest) else query


def rerank(fused: dict[int, float], notes: dict[int, Note], query: str, people: set[int],
           window: Window | None = None) -> dict[int, float]:
    """Add the person, time, date and reply bonuses to fused scores.

    Args:
        fused: note id -> fused BM25 + vector score, for the candidate notes.
        notes: note id -> Note, for the candidates and the notes stored just before them.
        query: the question as asked.
        people: ids of the contacts the question names.
        window: the days the question names, if any.
    """
    if not fused:
        return {}
    floor = min(fused.values())
    when = is_when_question(query)
    out = {}
    for i, score in fused.items():
        n = notes.get(i)
        if n is None:
            continue
        if n.contact_id is not None and n.contact_id in people:
            score += PERSON_BONUS
        if when and says_when(n.text):
            score += TIME_BONUS
        if window is not None and window.holds(n.on):
            score += DATE_BONUS
        before = notes.get(i - 1)
        if (before is not None and before.on == n.on and before.contact_id != n.contact_id
                and "?" in before.text and i - 1 in fused):
            score += REPLY_SHARE * (fused[i - 1] - floor)
        out[i] = score
    return out


def context_ids(ids: Iterable[int]) -> set[int]:
    """The ids that may hold the notes around these (other owners' are filtered out by the read)."""
    return {j for i in ids for j in range(i - CONTEXT_SPAN, i + CONTEXT_SPAN + 1) if j > 0}


def in_context(scores: dict[int, float], notes: dict[int, Note]) -> dict[int, float]:
    """Each note gains a share of the best score among the notes around it (about the same
    person, the same day, up to `CONTEXT_SPAN` on either side); those notes join the
    candidates at the lowest score. Notes about someone else share nothing: in an address book
    the next note is often another person's news.

    Args:
        scores: note id -> reranked score, for the candidates.
        notes: note id -> Note, for the candidates and the notes around them (the owner's only).
    """
    if not scores:
        return {}
    floor = min(scores.values())
    out = {}
    for i in {j for i in scores for j in range(i - CONTEXT_SPAN, i + CONTEXT_SPAN + 1)}:
        n = notes.get(i)
        if n is None:
            continue
        around = [scores[j] - floor for d in range(1, CONTEXT_SPAN + 1) for j in (i - d, i + d)
                  if j in scores and (m := notes.get(j)) is not None and m.on == n.on
                  and m.contact_id == n.contact_id]
        if i in scores or around:
            out[i] = scores.get(i, floor) + CONTEXT_SHARE * max(around, default=0.0)
    return out
