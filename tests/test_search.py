"""Hybrid search and the vector index, on real Chroma and the real MiniLM model."""

from core.search import Indexer
from tests.conftest import Harness


async def test_open_questions_find_the_right_person(bot: Harness):
    for text in ("Beatriz Souza just started training for a marathon.",
                 "Kofi Mensah got laid off last month and is sending out CVs everywhere.",
                 "Hamid Karimi spends every weekend playing chess in the park.",
                 "Noah Cohen just adopted a golden retriever."):
        await bot.say(text)
    runs = await bot.say("Who do I know that runs?")
    assert "Beatriz" in runs and "Hamid" not in runs
    assert "Kofi" in await bot.say("who's looking for work?")
    assert "Noah" in await bot.say("Who has a dog?")


async def test_search_is_scoped_to_the_owner(bot: Harness):
    await bot.say("Kenji Watanabe lives in Osaka and just joined Nintendo.")
    other = await bot.say("Who do I know that works at Nintendo?", owner="test:u2")
    assert "Kenji" not in other
    await bot.say("Ana Lima plays chess every weekend", owner="test:u2")
    assert "Kenji" not in await bot.say("who works in video games?", owner="test:u2")


async def test_writes_go_through_the_outbox_and_forget_removes_vectors(bot: Harness):
    await bot.say("Ioana Popescu is really into rock climbing.")
    assert await bot.store.outbox() != []  # logging did not embed on the reply path
    assert "Ioana" in await bot.say("Who's into climbing?")
    assert await bot.store.outbox() == [] and bot.engine.index.count() == 1
    await bot.say("/forget Ioana")
    await bot.say("yes")
    assert bot.engine.index.count() == 0


async def test_reindex_rebuilds_from_sqlite(bot: Harness):
    await bot.say("Marisol Vega is learning to play the cello.")
    await bot.say("Noah Cohen just adopted a golden retriever.")
    await bot.engine.index_pending()
    await bot.engine.index.reset()
    assert bot.engine.index.count() == 0
    assert await Indexer(bot.store, bot.engine.index).rebuild() == 2
    assert "Marisol" in await bot.say("Who plays a musical instrument?")


async def test_who_in_city_uses_facts(bot: Harness):
    await bot.say("Ines Duarte lives in Porto, she's an architect.")
    await bot.say("Ines just relocated to Lyon for work.")
    assert "Ines" in await bot.say("Who do I know in Lyon?")
    assert "Ines" not in (await bot.say("Who do I know in Porto?")).split(":")[0]


async def test_a_trait_question_finds_the_person_by_meaning(bot: Harness):
    await bot.say("Giulia Bianchi teaches yoga on weekends")
    await bot.say("Hugo Lambert is a sommelier")
    await bot.say("Rahul Mehta coaches his son's football team")
    answer = await bot.say("anyone into sports?")
    assert "Rahul" in answer and "Hugo" not in answer
    answer = await bot.say("who does yoga?")
    assert "Giulia" in answer and "Rahul" not in answer


def _hit(i: int, score: float, meaning: float | None):
    from core.search import Hit

    return Hit(i, score, meaning)


def test_open_questions_rank_people_and_leave_out_notes_that_only_share_a_word():
    from datetime import date

    from core import people_search
    from core.records import Contact, Note

    people = [Contact(1, "Ngozi"), Contact(2, "Sven"), Contact(3, "Hiroshi"), Contact(4, "Kwame")]
    notes = {10: Note(10, 2, "lunch w sven at the hot dog place", date(2026, 9, 7), "news"),
             11: Note(11, 1, "she finally got a puppy", date(2026, 9, 7), "news"),
             12: Note(12, 3, "walks his two labradors every morning", date(2026, 9, 7), "news"),
             13: Note(13, 1, "started jogging w the puppy", date(2026, 9, 7), "news"),
             14: Note(14, 2, "he's switching teams at work", date(2026, 9, 7), "news"),
             15: Note(15, 4, "learning piano", date(2026, 9, 7), "news")}
    hits = [_hit(10, 0.77, 0.23), _hit(11, 0.35, 0.33), _hit(12, 0.30, 0.40), _hit(13, 0.22, 0.25),
            _hit(14, 0.18, 0.06), _hit(15, 0.16, 0.02)]
    ranked = people_search.rank(hits, notes, people, "who has a dog")
    assert [p.contact.name for p in ranked][:2] == ["Hiroshi", "Ngozi"]  # by meaning, each once
    assert "Kwame" not in [p.contact.name for p in ranked]
    # without vectors the fused scores decide, and a word shared is all there is to go on
    plain = [_hit(h.note_id, h.score, None) for h in hits]
    assert people_search.rank(plain, notes, people, "who has a dog")[0].contact.name == "Sven"
    assert people_search.rank([], notes, people, "who has a dog") == []


async def test_an_open_question_names_the_people_first(bot: Harness):
    for text in ("bouldering w dani again tonight, she sent her first v5",
                 "dani wants to do a climbing trip in the spring",
                 "rashid plays chess online every night"):
        await bot.say(text)
    answer = await bot.say("who climbs")
    assert answer.splitlines()[0] == "Dani:" and answer.count("• Dani") == 1 and "Rashid" not in answer
