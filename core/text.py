"""Text helpers every layer may use: nothing here knows about understanding or storage.

`fold` is the one comparison key for names: storage folds names for its indexed lookups and
understanding folds what was said, so the two must agree byte for byte; it lives here so that
storage can use it without importing the understanding package.
"""

from __future__ import annotations

import functools
import logging
import unicodedata

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name ("Zoë" -> "zoe"). Cached: each message
    folds every contact's name, and an address book has thousands."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")
