"""Question words as people type them: "wat does tunde do", "wen is ngozi's bday", "whr does
minh live", "hw old is ana", "waht's new w kofi", "hows kemi doin".

The question words are a small closed set (what, who, when, where, how, why, which, whose), so
a misspelt one is found by its distance to that set, not by a list of typos: a word one edit
(Damerau: a letter added, dropped, changed or two swapped) from exactly one question word, or
with the same consonant skeleton (vowels and the "h" of "wh" dropped: "wut", "wht" and "wot" are
all "w-t", like "what"). Such a word is read as the question word when it is no English word
("wat", "whr", "hw"), or when an auxiliary follows it, the shape of a question ("were does",
"wen is"). Only a word that opens the message or a sentence of it (after fillers like "ok so",
"um", "and") is read this way.

`normalise` also restores the g texters drop ("doin" -> "doing") and a misspelt "birthday",
so the rest of the question reader sees the words it knows. `looks_like_question` says whether a
message has the shape of a question (a question word opening it, or a "?" ending it), for
callers that must never store a question as a note.
"""

from __future__ import annotations

import functools
import logging
import re

logger = logging.getLogger(__name__)

QUESTION_WORDS = ("what", "who", "when", "where", "how", "why", "which", "whose")
# what may follow a question word in a question: "wat does", "wen is", "hw old", "whos"
AUXILIARIES = frozenset("""
does do did is are am was were has have had can could should would will r s d u old many much long often
come abt about up new i you u we he she they
""".split())  # noqa: SIM905
# words that may stand before the question word without being asked: "ok so wat does..."
_LEAD = frozenset("ok okay so and but um umm erm uh hmm hey yo oh also btw lol wait quick q like k kk then".split())
_SUFFIX = re.compile(r"^(?P<word>[a-z]+?)(?P<tail>['’]?(?:s|re|d|ll))?$")
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), for short words."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _skeleton(word: str) -> str:
    """Consonants only, without the h of "wh": "what", "wut", "wht" -> "wt"; "how", "hw" -> "hw"."""
    w = re.sub(r"^wh", "w", word)
    return w[:1] + re.sub(r"[aeiouy]", "", w[1:])


@functools.lru_cache(maxsize=4096)
def _nearest(word: str) -> str | None:
    """The one question word `word` is a misspelling of, or None."""
    if word in QUESTION_WORDS:
        return word
    if len(word) < 2 or len(word) > 6:
        return None
    shaped = {q for q in QUESTION_WORDS if len(_skeleton(word)) >= 2 and _skeleton(word) == _skeleton(q)}
    close = shaped or {q for q in QUESTION_WORDS if word[0] == q[0] and _distance(word, q) <= 1}
    if len(close) == 1:
        return close.pop()
    return None


def _is_word(word: str) -> bool:
    from core.understand.wordkind import lemmas

    return bool(lemmas(word))


def question_word(word: str, following: str | None) -> str | None:
    """The question word `word` stands for ("wat" -> "what", "wheres" -> "where's"), or None.
    `following` is the next word, lowercased (None at the end)."""
    low = word.lower().replace("’", "'")
    m = _SUFFIX.match(low)
    if not m:
        return None
    stem, tail = m["word"], m["tail"] or ""
    found = _nearest(stem)
    if found is None and tail:  # "whos", "wats": the s may be the word's own
        found, stem, tail = _nearest(low.replace("'", "")), low.replace("'", ""), ""
    if found is None:
        return None
    if stem != found and not tail and (following is None or following not in AUXILIARIES):
        return None  # "hao started ...", "were", "win": a name or a word, unless a question's auxiliary follows
    if tail in ("s", "'s"):
        return found + "'s"
    return found + (tail if tail.startswith("'") else ("'" + tail if tail else ""))


def _restore_g(word: str) -> str:
    """'doin' -> 'doing', 'goin' -> 'going' (a dropped g), else the word."""
    low = word.lower().rstrip("'’")
    if len(low) >= 4 and low.endswith("in") and not _is_word(low) and _is_word(low + "g"):
        return word.rstrip("'’") + "g"
    return word


def _birthday(word: str) -> str:
    low = word.lower()
    for right in ("birthday", "birthdays"):
        if len(low) >= 7 and low != right and _distance(low, right) <= 1 and not _is_word(low):
            return right
    return word


def normalise(text: str, known: list[str] | None = None) -> str:
    """`text` with its question words, dropped g's and "birthday" spelt as the reader knows them;
    a word that is the name of someone in `known` stays as typed ("wen is moving" with a Wen)."""
    from core.text import fold

    names = {w for n in known or () for w in fold(n).split()}
    tokens = list(_TOKEN.finditer(text))
    out: list[str] = []
    last = 0
    opening = True  # the next word opens the message or a sentence
    for i, tok in enumerate(tokens):
        out.append(text[last:tok.start()])
        gap = text[last:tok.start()]
        if re.search(r"[.!?;:]\s*$", gap) and i:
            opening = True
        word = tok.group(0)
        following = tokens[i + 1].group(0).lower() if i + 1 < len(tokens) else None
        new = word
        if opening:
            if fold(word) in names:
                opening = False
            elif word.lower() in _LEAD:
                pass  # still opening: "ok so wat..."
            else:
                opening = False
                if (q := question_word(word, following)) is not None and q.replace("'", "") != word.lower().replace("'", "").replace("’", ""):
                    new = q
        new = _birthday(_restore_g(new)) if new == word else new
        out.append(new)
        last = tok.end()
    out.append(text[last:])
    fixed = "".join(out)
    if fixed != text:
        logger.debug("question words normalised")
    return fixed


_OPENS_WITH_QUESTION = re.compile(
    r"(?i)^\W*(?:(?:ok|okay|so|and|but|um+|erm|uh|hmm+|hey|yo|oh|also|btw|lol|wait)\W+)*"
    r"(?:what|who|when|where|how|why|which|whose)(?:['’]s|s)?\b")


def looks_like_question(text: str) -> bool:
    """A question by its shape: it ends with "?" or opens with a question word (typos read as
    the word they stand for)."""
    stripped = re.sub(r"[\s\W_]*$", lambda m: "?" if "?" in m.group(0) else "", text.strip())
    return stripped.endswith("?") or bool(_OPENS_WITH_QUESTION.match(normalise(text)))


# words of address or filler before a question: "hey memoro", "quick one", "ok so"
_ADDRESS = _LEAD | frozenset("hi hello hiya memoro bot question one qq quickly sorry please pls random real".split())


def _one_name(words: str, known: list[str] | None) -> bool:
    """`words` are one person's name and nothing else (the topic put first: "kofi, where's he from")."""
    from core.understand.names import find_people

    found = find_people(words, known or [])
    rest = words
    for m in reversed(found):
        rest = rest[:m.start] + rest[m.end:]
    return len(found) == 1 and not re.search(r"[^\W\d_]", rest)


_ASKED_AFTER = frozenset("does do did is are was were has have can should old long".split())


def question_after_opening(text: str, known: list[str] | None = None) -> tuple[str, str] | None:
    """The question in a message that opens with a few words before it ("hey memoro wat does tunde
    do", "quick one, where did kofi study", "tunde, where does he live"): (the words before, the
    question from its question word), or None. The words before must be at most three and no verb
    in a past or -ing form (a statement that reports a question, "she asked when is the party",
    is not one)."""
    from core.understand.wordkind import is_verb_form

    tokens = list(_TOKEN.finditer(text))
    for i, tok in enumerate(tokens[1:4], 1):
        following = tokens[i + 1].group(0).lower() if i + 1 < len(tokens) else None
        if following not in _ASKED_AFTER or question_word(tok.group(0), following) is None:
            continue
        before = [t.group(0).lower() for t in tokens[:i]]
        others = [w for w in before if w not in _ADDRESS]
        if any(is_verb_form(w) for w in before) or others and not _one_name(text[:tok.start()], known):
            return None
        return text[:tok.start()], normalise(text[tok.start():], known)
    return None
