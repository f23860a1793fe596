"""Character cards: validated at start-up, chosen per owner, used by the rule templates."""

import json

import pytest

from core.errors import ConfigError
from core.persona import load_all, load_card
from tests.conftest import Harness


def test_shipped_cards_are_valid():
    cards = load_all()
    assert {"default", "mia"} <= set(cards)


def test_bad_card_names_file_and_field(tmp_path):
    good = json.loads(load_card("mia").model_dump_json())
    good["phrases"].pop("unclear")
    (tmp_path / "broken.json").write_text(json.dumps(good))
    with pytest.raises(ConfigError, match=r"broken\.json.*phrases\.unclear"):
        load_all(tmp_path)
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(ConfigError, match=r"broken\.json: not valid JSON"):
        load_all(tmp_path)


async def test_persona_switches_greeting_and_phrases(bot_no_vectors: Harness):
    b = bot_no_vectors
    assert "Mia" in await b.say("/persona mia")
    assert "Mia" in await b.say("/start")
    assert (await b.say("Met Sam Lee at the park")).startswith("Got it!")
    assert "don't have a persona called zed" in await b.say("/persona zed")
