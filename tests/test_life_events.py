"""Questions about what happened in people's lives ("who's expecting?"), on real SQLite, Chroma and MiniLM."""

from core import life_events
from tests.conftest import Harness


def _names(question: str) -> list[str]:
    return [e.name for e in life_events.asked(question)]


def test_a_question_names_an_event_in_its_own_words():
    assert _names("who's expecting?") == ["pregnancy"]
    assert _names("anyone got engaged lately") == ["engagement"]
    assert _names("who just had a baby") == ["new baby"]  # the longer wording wins over "baby"
    assert _names("who's in hospital rn") == ["illness"]
    assert _names("who lost their job") == ["job loss"]
    assert _names("anyone retiring soon?") == ["retirement"]
    assert _names("who's been travelling") == ["travel"]
    assert _names("who has a dog") == [] and _names("who plays the cello") == []


async def test_the_people_whose_notes_tell_of_it_and_no_one_else(bot: Harness):
    for text in ("drinks w valtteri and his partner aino last night, lovely evening",
                 "caught up w thandiwe on the phone, she's pregnant again!! due in may",
                 "ikaika proposed to his gf on the beach, they're engaged 💍",
                 "had dinner w rosalind, her dad passed away in march",
                 "ngozi broke her ankle skiing, in a cast for 6 weeks"):
        await bot.say(text)
    expecting = await bot.say("who's expecting")
    assert "Thandiwe" in expecting
    assert not any(n in expecting for n in ("Valtteri", "Aino", "Ikaika", "Rosalind", "Ngozi"))
    engaged = await bot.say("anyone get engaged recently?")
    assert "Ikaika" in engaged and "Thandiwe" not in engaged
    hurt = await bot.say("who's injured")
    assert "Ngozi" in hurt and "Valtteri" not in hurt
    grief = await bot.say("who lost someone this year")
    assert "Rosalind" in grief and "Ngozi" not in grief


async def test_news_about_someone_else_in_the_same_note_is_not_theirs(bot: Harness):
    await bot.say("lunch w kaveh and delnaz, delnaz just got promoted to lead")
    answer = await bot.say("who got promoted")
    assert "Delnaz" in answer and "Kaveh" not in answer
