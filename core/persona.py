"""Personas: who the bot is, from `character_cards/*.json`, validated at start-up.

A card gives the bot's name, tone, greeting, example replies, the phrases the rule-based
templates use, and the piece of system prompt it adds for an LLM. A bad card stops start-up
with a message naming its file and field.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from core.errors import ConfigError

CARDS_DIR = Path(__file__).resolve().parent.parent / "character_cards"


class Phrases(BaseModel):
    saved: str = Field("Saved", min_length=1)
    thanks: str = Field(min_length=1)
    unclear: str = Field(min_length=1)
    empty: str = Field(min_length=1)
    error: str = Field(min_length=1)
    unreachable: str = Field(
        "I couldn't make sense of that: my language model isn't answering right now, and my simple "
        "rules couldn't place it either. Your message is saved, so nothing is lost; try again in a "
        "little while, or say it simply (\"met Omar at the gym\", \"what's new with Omar?\").",
        min_length=1, description="the model failed and the rules could not understand the text")


class CharacterCard(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=300)
    tone: str = Field(min_length=1, max_length=200)
    greeting: str = Field(min_length=1, max_length=500)
    example_replies: list[str] = Field(default_factory=list, max_length=20)
    phrases: Phrases
    system_prompt: str = Field(min_length=1, max_length=2000)


def load_card(name: str, cards_dir: Path = CARDS_DIR) -> CharacterCard:
    path = cards_dir / f"{name}.json"
    if not path.is_file():
        raise ConfigError(f"No character card {name!r}: expected {path}. Available: {', '.join(available(cards_dir))}.")
    try:
        return CharacterCard.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as err:
        raise ConfigError(f"{path.name}: not valid JSON ({err.msg} at line {err.lineno}).") from err
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(card)"
        raise ConfigError(f"{path.name}: field {field!r}: {first['msg']}.") from err


def available(cards_dir: Path = CARDS_DIR) -> list[str]:
    return sorted(p.stem for p in cards_dir.glob("*.json"))


def load_all(cards_dir: Path = CARDS_DIR) -> dict[str, CharacterCard]:
    """Every card, validated: one bad card stops start-up."""
    return {name: load_card(name, cards_dir) for name in available(cards_dir)}
