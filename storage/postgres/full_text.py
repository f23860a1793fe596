"""The words half of hybrid search on PostgreSQL: tsvector, a GIN index and ts_rank.

core asks with an FTS5 query of quoted words OR-ed together (core/retrieval.py `fts_query`:
`"run" OR "sam lee"`). Each quoted part becomes `phraseto_tsquery('memoro', part)` (a phrase,
as a quoted FTS5 string is), OR-ed with `||`; a bare word counts as one quoted part, and FTS5's
operators (AND, OR, NOT, NEAR) are dropped, since core sends only OR. The text search
configuration `memoro` (storage/postgres/migrations.py) stems English with no stop words, as
FTS5's porter tokenizer does, and both the notes and the query are folded by `memoro_fold`
(accents off, as FTS5's remove_diacritics), so both engines find the same notes. The score is
`ts_rank(..., 1)` (rank over 1 + log of the note's length, the closest of PostgreSQL's
normalisations to BM25's length term); hybrid search fuses by rank order, not by score, so
only the order matters, and on the same notes it is mostly the same.
"""

from __future__ import annotations

import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

_PART = re.compile(r'"((?:[^"]|"")*)"|([^\s"()]+)')
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
MAX_TERMS = 64


def terms(query: str) -> list[str]:
    """The quoted phrases and bare words of an FTS5 query, its operators left out."""
    out = []
    for quoted, bare in _PART.findall(query):
        if quoted:
            out.append(quoted.replace('""', '"'))
        elif bare and bare not in _OPERATORS:
            out.append(bare.rstrip("*"))
    return [t for t in out if t.strip()][:MAX_TERMS]


class FullTextRepo:
    """Mixed into PostgresStore (needs `self.db`)."""

    db: Any

    async def full_text(self, owner: str, query: str, limit: int = 20) -> list[tuple[int, float]]:
        """Ranked full-text search over the owner's notes: (note id, score), best first.
        `query` is the FTS5 query core writes (see the module's paragraph)."""
        parts = terms(query)
        if not parts:
            return []
        tsq = " || ".join(f"phraseto_tsquery('memoro', memoro_fold(${i + 3}))" for i in range(len(parts)))
        rows = await self.db.fetch(
            f"SELECT n.id, ts_rank(to_tsvector('memoro', memoro_fold(n.text)), q, 1) AS score FROM notes n,"
            f" (SELECT {tsq} AS q) query WHERE to_tsvector('memoro', memoro_fold(n.text)) @@ ({tsq})"
            " AND n.owner = $1 AND n.hidden = 0 ORDER BY score DESC, n.id LIMIT $2",
            owner, limit, *parts)
        return [(r[0], float(r[1])) for r in rows]
