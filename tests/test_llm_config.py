"""LLM configuration: prompt files checked at start-up, the wiring choosing rules or a model,
and dev scenarios replayed through a model that fails every call (the fallback keeps scores)."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
from pathlib import Path

import pytest

from bot.replay import replay
from bot.wiring import make_understander
from core.errors import ConfigError
from core.llm.understander import LLMUnderstander
from core.prompts import PROMPTS_DIR, REQUIRED, load, load_all
from core.settings import Settings
from core.understand.rules import RuleUnderstander
from tests.fake_openai import FakeOpenAI, error

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "evals" / "dev"


def test_shipped_prompts_have_exactly_their_variables():
    prompts = load_all()
    assert set(prompts) == set(REQUIRED)
    text = prompts["understand"].render(persona="P", timezone="Europe/Berlin", now="2026-03-02T10:00+01:00",
                                        today="Monday 2026-03-02", contacts="Sam Lee", focus="Sam Lee")
    assert "Europe/Berlin" in text and "Sam Lee" in text and "$" not in text


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("$contacts", "the contacts"), r"understand\.txt: missing variable\(s\) \$contacts"),
    (lambda t: t + "\nAlso $mood.", r"understand\.txt: unknown variable\(s\) \$mood"),
    (lambda t: t + "\nCosts 5 $.", r"understand\.txt: a '\$' that starts no variable"),
], ids=["missing", "unknown", "stray dollar"])
def test_bad_prompt_stops_start_up_naming_the_file(tmp_path, edit, message):
    for p in PROMPTS_DIR.glob("*.txt"):
        shutil.copy(p, tmp_path)
    path = tmp_path / "understand.txt"
    path.write_text(edit(path.read_text()))
    with pytest.raises(ConfigError, match=message):
        load_all(tmp_path)
    settings = Settings(_env_file=None, MEMORO_LLM_BASE_URL="http://127.0.0.1:9/v1", MEMORO_LLM_MODEL="m")
    with pytest.raises(ConfigError, match=message):
        LLMUnderstander.from_settings(settings, fallback=RuleUnderstander(), prompts_dir=tmp_path)


def test_missing_prompt_file(tmp_path):
    with pytest.raises(ConfigError, match=r"Missing prompt file .*answer\.txt"):
        load("answer", tmp_path)


async def test_wiring_picks_rules_or_model():
    rules, composer = make_understander(Settings(_env_file=None))
    assert rules.name == "rules" and composer is None
    local = Settings(_env_file=None, MEMORO_LLM_BASE_URL="http://127.0.0.1:11434/v1", MEMORO_LLM_MODEL="llama3.2",
                     MEMORO_LLM_TIMEOUT=7, MEMORO_LLM_MAX_RETRIES=2)
    llm, composer = make_understander(local)
    assert llm.name == "llm:llama3.2" and composer is not None and composer.llm is llm.llm
    client = llm.llm.client
    assert str(client.base_url).startswith("http://127.0.0.1:11434/v1") and client.max_retries == 2
    assert client.timeout == 7 and client.api_key == "not-needed"  # local servers need no key
    await llm.llm.aclose()
    keyed, _ = make_understander(Settings(_env_file=None, MEMORO_LLM_MODEL="gpt-4o-mini", OPENAI_API_KEY="sk-x"))
    assert keyed.llm.client.api_key == "sk-x" and "api.openai.com" in str(keyed.llm.client.base_url)
    await keyed.llm.aclose()
    rules, _ = make_understander(Settings(_env_file=None, MEMORO_LLM_MODEL="gpt-4o-mini"))  # no key, no URL
    assert rules.name == "rules"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", DEV.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not DEV.is_dir(), reason="the shared dev scenarios are not next to this checkout")
@pytest.mark.parametrize("name", ["family_spouse_01", "correction_birthday_01", "robustness_injection_unicode_01"])
async def test_dev_scenario_passes_through_a_model_that_always_fails(tmp_path, name):
    score = _scorer()
    scenario = DEV / f"{name}.jsonl"
    events = [json.loads(line) for line in scenario.read_text().splitlines() if line.strip()]
    with FakeOpenAI() as fake:
        fake.responder = lambda request: error(500)
        settings = Settings(_env_file=None, MEMORO_DATA_DIR=str(tmp_path), MEMORO_LLM_BASE_URL=fake.url,
                            MEMORO_LLM_MODEL="failing", MEMORO_LLM_MAX_RETRIES=1, MEMORO_LLM_COOLDOWN=0)
        out = io.StringIO()
        await replay(scenario, settings, out)
    outputs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(outputs) == len(events)
    failed = [what for e, o in zip(events, outputs) for ok, what in score.check(e, o) if not ok]
    assert failed == []
    texts = [e for e in events if "text" in e and not e["text"].startswith("/")]
    assert len(fake.requests) >= 2 * len(texts)  # every message did try the model (and its one retry)
