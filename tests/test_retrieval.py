"""Retrieval: query cleaning and the rerank signals of hybrid search (core/retrieval.py) on
small data; hybrid search on a real SQLite store (BM25 + rerank); the per-owner Chroma
collections; and the ONNX embedder (its vectors match torch's, its files are verified)."""

from datetime import UTC, date, datetime

import pytest

from core.asked_when import window
from core.errors import ConfigError
from core.records import Contact, Note
from core.retrieval import (
    fts_query,
    in_context,
    is_when_question,
    named_people,
    rerank,
    says_when,
    terms,
    without_names,
)
from core.search import hybrid

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def note(i: int, text: str, contact: int | None = 1, on: date = date(2026, 3, 1)) -> Note:
    return Note(i, contact, text, on, "news")


def test_terms_drop_function_and_question_words_but_keep_content():
    assert terms("Who do I know that drinks coffee?") == ["drinks", "coffee"]
    assert terms("When did Zoë go to the birthday party?") == ["zoe", "go", "birthday", "party"]
    assert terms("who is it?") == [] and fts_query("who is it?") == ""


def test_fts_query_quotes_words_so_fts_syntax_cannot_leak():
    assert fts_query('NEAR(sam) OR "x" AND paris*') == '"near" OR "sam" OR "paris"'


def test_when_questions_and_notes_that_say_when():
    assert is_when_question("When did Sam move?") and is_when_question("In what year did she graduate?")
    assert not is_when_question("Where does Sam live?")
    assert says_when("(8 May 2023) Caroline: I went to a support group yesterday")
    assert says_when("we met up on the 15th") and says_when("back in 2019")
    assert not says_when("(8 May 2023) Caroline: I love painting")


def test_named_people_by_first_or_full_name_accent_insensitively():
    people = [Contact(1, "Zoë Laurent"), Contact(2, "Sam Lee"), Contact(3, "Samantha Ruiz")]
    assert named_people("what did zoe paint?", people) == {1}
    assert named_people("What's new with Sam Lee", people) == {2}
    assert named_people("who runs?", people) == set()


def test_names_are_taken_out_of_what_the_rankers_are_asked():
    sam, zoe = Contact(1, "Sam Lee"), Contact(2, "Zoë Laurent")
    assert without_names("What did Sam paint last summer?", [sam]) == "what did paint last summer?"
    assert without_names("what's zoe's new job", [zoe]) == "what's new job"
    assert without_names("did Sam Lee and Zoë meet?", [sam, zoe]) == "did and meet?"
    assert without_names("Samantha's cat", [sam]) == "Samantha's cat"  # a longer name is not Sam's
    assert without_names("how is Sam?", [sam]) == "how is Sam?"  # nothing asked but the name: kept


def test_the_days_a_question_names():
    w = window("What did Maria donate on 3 June, 2023?")
    assert w.holds(date(2023, 6, 3)) and w.holds(date(2023, 6, 9)) and not w.holds(date(2023, 6, 2))
    assert window("who did i see on May 25, 2023").holds(date(2023, 5, 25))
    w = window("what did sam do in March 2024?")
    assert w.holds(date(2024, 3, 1)) and w.holds(date(2024, 3, 31)) and not w.holds(date(2023, 3, 10))
    assert window("anything from last june?").holds(date(2019, 6, 5))
    assert window("what happened during 2022").holds(date(2022, 11, 1))
    assert window("who runs?") is None and window("who may know a plumber") is None
    assert window("on February 30, 2023") is None


def test_a_date_named_in_the_question_lifts_notes_of_those_days():
    notes = {1: note(1, "went hiking", on=date(2023, 5, 2)), 2: note(2, "went hiking", on=date(2023, 3, 9))}
    scores = rerank({1: 0.5, 2: 0.5}, notes, "where did she hike in March 2023?", set(), window("in March 2023"))
    assert scores[2] > scores[1]


def test_notes_told_around_a_strong_match_share_its_context():
    notes = {1: note(1, "I went on a trip to the UK last week"), 2: note(2, "The castle was unbelievable!"),
             3: note(3, "unrelated", on=date(2026, 3, 2)), 0: note(0, "got a puppy", contact=2),
             9: note(9, "far away")}
    scores = in_context({1: 0.9, 9: 0.1}, notes)
    assert scores[2] > 0.1 and 3 not in scores  # the next note joins; another day's does not ...
    assert 0 not in scores  # ... nor another person's
    assert scores[1] == 0.9 and scores[9] == 0.1


def test_rerank_lifts_the_named_person_and_dated_notes_for_when_questions():
    notes = {1: note(1, "painted a sunset", contact=1), 2: note(2, "painted a sunset last week", contact=2)}
    fused = {1: 0.50, 2: 0.45}
    assert max(rerank(fused, notes, "what did they paint?", set()).items(), key=lambda t: t[1])[0] == 1
    assert max(rerank(fused, notes, "when did they paint?", set()).items(), key=lambda t: t[1])[0] == 2
    assert max(rerank(fused, notes, "what did she paint?", {2}).items(), key=lambda t: t[1])[0] == 2


def test_a_reply_inherits_part_of_its_questions_match_only_across_speakers_and_days():
    question = note(10, "Any tips to make my living room comfy?", contact=1)
    fused = {10: 0.9, 11: 0.3, 12: 0.3}
    answer = note(11, "Get a big fluffy couch.", contact=2)
    other = note(12, "It rained all day.", contact=3, on=date(2026, 3, 2))
    scores = rerank(fused, {10: question, 11: answer, 12: other}, "how to make a living room comfy", set())
    assert scores[11] > 0.3
    same_speaker = note(11, "Get a big fluffy couch.", contact=1)
    assert rerank(fused, {10: question, 11: same_speaker}, "living room", set())[11] == 0.3
    next_day = note(11, "Get a big fluffy couch.", contact=2, on=date(2026, 3, 2))
    assert rerank(fused, {10: question, 11: next_day}, "living room", set())[11] == 0.3


async def test_hybrid_ranks_the_named_persons_note_and_stays_within_the_owner(store):
    for owner in ("a", "b"):
        await store.create_owner(owner, "UTC", NOW)
    ana = await store.add_contact("a", "Ana", NOW, None)
    bo = await store.add_contact("a", "Bo", NOW, None)
    other = await store.add_contact("b", "Ana", NOW, None)
    await store.add_note("a", bo.id, "Bo adopted a cat named Miso", NOW.date(), "news", NOW, None)
    mine = await store.add_note("a", ana.id, "Ana adopted a cat", NOW.date(), "news", NOW, None)
    await store.add_note("b", other.id, "Ana adopted a cat", NOW.date(), "news", NOW, None)
    hits = await hybrid(store, None, "a", "Which cat did Ana adopt?")
    assert hits[0].note_id == mine and len(hits) == 2
    assert await hybrid(store, None, "a", "who is it?") == []


async def test_each_owner_has_a_collection_of_their_own(index):
    await index.upsert([(1, "a", 1, "plays the cello"), (2, "b", 2, "plays the cello"), (3, "a", None, "runs")])
    assert {i for i, _ in await index.query("a", "cello", 5)} == {1, 3}
    assert [i for i, _ in await index.query("b", "cello", 5)] == [2]
    assert await index.query("nobody", "cello", 5) == [] and index.count() == 3
    await index.delete([1], owner="a")
    await index.delete([2])  # without an owner: looked up in every collection
    assert [i for i, _ in await index.query("a", "cello", 5)] == [3]
    assert await index.query("b", "cello", 5) == [] and index.count() == 1


async def test_reset_drops_every_collection_including_an_earlier_shared_one(index):
    index.client.get_or_create_collection("notes")  # what earlier versions wrote
    await index.upsert([(1, "a", 1, "plays the cello")])
    await index.reset()
    assert index.count() == 0 and index.client.list_collections() == []
    await index.upsert([(1, "a", 1, "plays the cello")])
    assert [i for i, _ in await index.query("a", "cello", 5)] == [1]


@pytest.fixture(scope="session")
def onnx_embedder(tmp_path_factory):
    from storage.onnx_embedder import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder(cache_dir=tmp_path_factory.mktemp("models"))


def test_onnx_vectors_match_the_torch_embedders(onnx_embedder, embedder):
    texts = ["Who do I know that runs?", "Zoë Laurent is a sommelier in Lyon", "x", "a long note " * 200]
    for a, b in zip(onnx_embedder.embed(texts), embedder.embed(texts), strict=True):
        assert len(a) == 384 and sum(x * y for x, y in zip(a, b, strict=True)) > 0.9999
    assert onnx_embedder.name == embedder.name and onnx_embedder.embed([]) == []


def test_onnx_export_is_verified_and_redone_when_the_file_changed(onnx_embedder, tmp_path):
    from storage.onnx_embedder import OnnxMiniLMEmbedder, sha256

    onnx_embedder.warm_up()
    recorded = onnx_embedder.onnx_path.with_suffix(".sha256").read_text().strip()
    assert sha256(onnx_embedder.onnx_path) == recorded
    fresh = OnnxMiniLMEmbedder(cache_dir=onnx_embedder.cache_dir)
    onnx_embedder.onnx_path.with_suffix(".sha256").write_text("0" * 64)  # as if the file were corrupted
    fresh.warm_up()
    assert onnx_embedder.onnx_path.with_suffix(".sha256").read_text().strip() == sha256(fresh.onnx_path)


def test_model_files_that_do_not_match_the_pinned_hashes_are_refused(tmp_path):
    from storage.onnx_embedder import PINNED, verify_sources

    for name in PINNED:
        (tmp_path / name).write_text("not the model")
    with pytest.raises(ConfigError, match="pinned"):
        verify_sources(tmp_path)
