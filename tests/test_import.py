"""Importing address books: vCard and CSV samples in tests/data, matching, idempotence, dry
runs, and files sent in a chat (through Engine.handle, on real SQLite and real Chroma)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from core import csvio, vcard
from core.entries import parse_birthday
from core.messages import Attachment
from tests.conftest import Harness, make_message

DATA = Path(__file__).parent / "data"


async def send_file(b: Harness, path: Path, text: str = "") -> str:
    msg = make_message(text, at=b.clock.now(), attachment=Attachment(name=path.name, data=path.read_bytes()))
    return "\n".join(r.text for r in await b.engine.handle(msg))


async def counts(b: Harness) -> dict[str, int]:
    return {t: (await b.store._rows(f"SELECT count(*) FROM {t} WHERE owner = 'test:u1'"))[0][0]
            for t in ("contacts", "facts", "notes")}


@pytest.mark.parametrize(("raw", "omit", "want"), [
    ("--0303", None, "03-03"),
    ("--03-03", None, "03-03"),
    ("--0229", None, "02-29"),
    ("0000-11-30", None, "11-30"),
    ("1604-03-03", "1604", "03-03"),
    ("19920229", None, "1992-02-29"),
    ("1990-05-17T00:00:00Z", None, "1990-05-17"),
    ("March 3, 1991", None, "1991-03-03"),
    ("3 Mar", None, "03-03"),
    ("1991-02-29", None, None),  # not a leap year
    ("--0230", None, None),
    ("sometime in spring", None, None),
])
def test_birthday_forms(raw, omit, want):
    assert parse_birthday(raw, omit) == want


def test_vcard_sample():
    entries, skipped, warnings = vcard.parse((DATA / "contacts.vcf").read_text())
    by_name = {e.name: e for e in entries}
    assert list(by_name) == ["Sam Lee", "张伟", "Łukasz Nowak", "Zoë Laurent", "Broken Card", "Priya Shah",
                             "Omar Haddad", "nobody@example.org"]
    assert by_name["Sam Lee"].facts == {"nickname": "Sammy", "birthday": "03-03", "city": "Berlin"}
    assert by_name["Sam Lee"].notes == ["Climbs every Sunday at the bouldering gym and is learning to brew coffee."]
    assert by_name["张伟"].facts["birthday"] == "02-29"
    assert by_name["Zoë Laurent"].facts["birthday"] == "11-30"
    assert by_name["Priya Shah"].facts == {"birthday": "1992-02-29", "city": "Pune", "work_city": "Mumbai"}
    assert by_name["Łukasz Nowak"].facts["employer"] == "Allegro"
    assert not skipped  # the line that is no field is left out, the card kept; the e-mail names its card
    assert [w.line for w in warnings] == [33, 45, 50]
    assert "not a vCard field" in warnings[0].text and "sometime in spring" in warnings[1].text
    assert "without a name" in warnings[2].text and "e-mail" in warnings[2].text


def test_google_csv_sample():
    entries, skipped, warnings, unknown = csvio.parse((DATA / "google.csv").read_text())
    assert [e.name for e in entries] == ["Sam Lee", "Zoë Laurent", "张伟", "Łukasz Nowak", "Acme", "Maya Ito"]
    sam = entries[0]
    assert sam.facts["birthday"] == "03-03" and sam.facts["city"] == "Berlin" and sam.facts["email"] == "sam@example.org"
    assert sam.notes == ["Climbs every Sunday, and\nis learning to brew coffee."]
    assert entries[-1].facts["birthday"] == "1992-02-29"
    assert [(p.line, p.text) for p in skipped] == [(8, "21 cells for 19 columns")]
    assert [(w.line, "from its company" in w.text) for w in warnings] == [(7, True)]  # a company-only row
    assert "Photo" in unknown and "First Name" not in unknown
    assert "Labels" not in unknown and not any(e.tags for e in entries)  # read as groups; "* myContacts" is Google's own


def test_monica_csv_sample():
    entries, skipped, _, unknown = csvio.parse((DATA / "monica.csv").read_text())
    dan, jo = entries
    assert dan.name == "Dan Brown" and dan.facts == {"nickname": "Danny", "employer": "Nike", "title": "Designer",
                                                     "city": "Portland", "birthday": "1985-10-01"}
    assert jo.facts == {"city": "Seoul", "birthday": "1990-12-24"}
    assert unknown == ["is_starred", "gender"] and not skipped


def test_csv_without_a_name_column_is_reported():
    entries, skipped, _, _ = csvio.parse("birthday,notes\n1990-01-01,hi\n")
    assert not entries and "no name column" in skipped[0].text


def test_csv_rows_named_from_what_they_have():
    entries, skipped, warnings, _ = csvio.parse("phone,email\n123,a@b.c\n456,\n")
    assert [e.name for e in entries] == ["a@b.c", "456"] and not skipped
    assert [w.line for w in warnings] == [2, 3] and "from its e-mail" in warnings[0].text


async def test_vcard_sent_in_chat_then_questions(bot: Harness):
    reply = await send_file(bot, DATA / "contacts.vcf")
    assert "8 new" in reply and "line 33" in reply and "line 50" in reply and "line 45" in reply
    assert "Mar 3" in await bot.say("when is Sam's birthday?")
    assert "Feb 29" in await bot.say("when is 张伟's birthday?")
    assert "Nov 30" in await bot.say("when is zoe's birthday?")
    assert "Pune" in await bot.say("where does Priya live?")
    assert "Sam Lee" in await bot.say("who do I know that goes bouldering?")  # the note reached the vectors
    stored = await bot.store._rows("SELECT text FROM messages WHERE role = 'user' ORDER BY id LIMIT 1")
    assert stored[0][0] == f"[file: contacts.vcf, {(DATA / 'contacts.vcf').stat().st_size} bytes]"


async def test_importing_twice_changes_nothing(bot_no_vectors: Harness):
    b = bot_no_vectors
    await send_file(b, DATA / "contacts.vcf")
    first = await counts(b)
    again = await send_file(b, DATA / "contacts.vcf")
    assert "0 new" in again and "8 already up to date" in again
    assert await counts(b) == first
    await send_file(b, DATA / "google.csv")  # the same people from another export: merged, no duplicates
    after_csv = await counts(b)
    await send_file(b, DATA / "google.csv")
    assert await counts(b) == after_csv
    names = [c.name for c in await b.store.contacts("test:u1")]
    assert len(names) == len(set(names)) == 10  # 8 from the vCard + Acme and Maya Ito


async def test_merge_is_versioned_and_undoable(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Sam Lee moved to Paris", "2026-01-10T10:00:00+01:00")
    b.clock.set(b.clock.now().replace(month=3))
    reply = await send_file(b, DATA / "contacts.vcf")
    assert "merged" in reply and "Sam Lee (+ nickname Sammy, birthday Mar 3, lives in Berlin, a note)" in reply
    assert "Berlin" in await b.say("where does Sam live?")
    rows = await b.store._rows("SELECT value, valid_to IS NULL FROM facts WHERE kind = 'city' AND contact_id ="
                               " (SELECT id FROM contacts WHERE name = 'Sam Lee') ORDER BY id")
    assert [tuple(r) for r in rows] == [("Paris", 0), ("Berlin", 1)]
    # /undo right after the import takes it back: Paris again, the imported people gone
    await b.engine.handle(make_message("/undo", at=b.clock.now()))
    assert "Paris" in await b.say("where does Sam live?")
    assert [c.name for c in await b.store.contacts("test:u1")] == ["Sam Lee"]


async def test_ambiguous_name_is_skipped_not_guessed(bot_no_vectors: Harness):
    b = bot_no_vectors
    for _ in range(2):
        await b.store.add_contact("test:u1", "Zoë Laurent", b.clock.now(), None)
    reply = await send_file(b, DATA / "contacts.vcf")
    assert "Zoë Laurent: you have 2 people with this name" in reply
    assert len([c for c in await b.store.contacts("test:u1") if c.name == "Zoë Laurent"]) == 2


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("photo.jpg", b"\xff\xd8\xff\xe0\0\0JFIF", "not text"),
    ("empty.vcf", b"   \n", "empty"),
    ("notes.txt", b"just some words", "can't tell"),
    ("broken.json", b'{"format": "memoro", ', "not valid JSON"),
    ("other.json", b'{"hello": 1}', "not a Memoro export"),
])
async def test_bad_files_get_a_plain_answer(bot_no_vectors: Harness, name, data, expected):
    b = bot_no_vectors
    msg = make_message("", attachment=Attachment(name=name, data=data))
    reply = (await b.engine.handle(msg))[0].text
    assert expected in reply
    status = await b.store._rows("SELECT status FROM messages WHERE role = 'user'")
    assert [r[0] for r in status] == ["processed"]
    assert "Sam" not in await b.say("/people")


def test_cli_dry_run_then_import(tmp_path, capsys):
    data_dir = str(tmp_path / "data")
    assert main(["--data-dir", data_dir, "import", str(DATA / "contacts.vcf"), "--dry-run", "--owner", "t:1"]) == 0
    out = capsys.readouterr().out
    assert "dry run, nothing was saved" in out and "8 new" in out
    assert main(["--data-dir", data_dir, "export", "--owner", "t:1", "--format", "csv",
                 "-o", str(tmp_path / "x.csv")]) == 0
    assert (tmp_path / "x.csv").read_text().count("\n") == 1  # the header only: the dry run saved nothing
    assert main(["--data-dir", data_dir, "import", str(DATA / "google.csv"), "--owner", "t:1"]) == 0
    out = capsys.readouterr().out
    assert "6 new" in out and "columns not imported: Phonetic First Name" in out and "line 8" in out
    assert main(["--data-dir", data_dir, "import", str(tmp_path / "missing.vcf"), "--owner", "t:1"]) == 2
