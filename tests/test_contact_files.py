"""Real address-book exports (tests/data/contacts, see SOURCES.md there) imported through the real
importer into a real SQLite store: every named card arrives, with its key fields, and comes back
the same through an export. Plus the shapes of files we could not copy (written out inline), and
the plain answers to files that cannot be imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import exporter
from core.importer import import_bytes
from core.messages import Attachment
from tests.conftest import Harness, at, make_message

FILES = Path(__file__).parent / "data" / "contacts"
NOW = at("2026-03-02T10:00:00+01:00")
OWNER = "test:u1"

# Every file in tests/data/contacts and the people it must give, in the file's order.
NAMED = {
    "csv/gpcsolutions-outlook.csv": ["Adam Glacius", "Daniel Ireland", "Duncan Amey"],
    "ez-vcard/John_Doe_ANDROID.vcf": ["john.doe@company.com", "jane.doe@company.com", "Ñ Ñ Ñ Ñ",
                                      "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ Ñ", "ÑÑÑÑ"],
    "ez-vcard/John_Doe_BLACK_BERRY.vcf": ["John Doe"],
    "ez-vcard/John_Doe_EVOLUTION.vcf": ["John Doe"],
    "ez-vcard/John_Doe_GMAIL.vcf": ["John Doe"],
    "ez-vcard/John_Doe_IPHONE.vcf": ["John Doe"],
    "ez-vcard/John_Doe_LOTUS_NOTES.vcf": ["John Doe"],
    "ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf": ["John Doe"],
    "ez-vcard/John_Doe_MS_OUTLOOK.vcf": ["John Doe"],
    "ez-vcard/fullcontact.vcf": ["FirstName LastName"],
    "ez-vcard/gmail-list.vcf": ["Arnold Smith", "Chris Beatle", "Doug White"],
    "ez-vcard/gmail-single.vcf": ["Greg Dartmouth"],
    "ez-vcard/gmail-single2.vcf": ["VCard Test"],
    "ez-vcard/issue114.vcf": ["Dummy Dummy"],
    "ez-vcard/outlook-2003.vcf": ["John Doe"],
    "ez-vcard/outlook-2007.vcf": ["Michael Angstadt"],
    "ez-vcard/rfc2426-example.vcf": ["Frank Dawson", "Tim Howes"],
    "ez-vcard/rfc6350-example.vcf": ["Simon Perreault"],
    "ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf": ["John Doe"],
    "jeroendesloovere-vcard/contacts.vcf": ["Thies-Tillman Jacobsen", "Lenn Biernoth", "Ludwig-Götz Graßl",
                                            "Marita Kreutzer", "Kathi Hoelzl"],
    "sabre-vobject/testConvert21to40-input.vcf": ["Johnson Family"],
    "sabre-vobject/testConvert30to40-input.vcf": ["Steve"],
    "sabre-vobject/testConvert40to40-input.vcf": ["Steve"],
    "vcards-dotnet/AnsiIssue.vcf": ["Ralf Rastral"],
    "vcards-dotnet/Cropped_2_1.vcf": ["Maxl"],
    "vcards-dotnet/LabelIssue.vcf": ["Rudi Wimmel"],
    "vcards-dotnet/MultiAnsiFilterTests-German.vcf": ["Sören Nüßlebaum"],
    "vcards-dotnet/MultiAnsiFilterTests-Greek.vcf": ["Βαγγέλης"],
    "vcards-dotnet/MultiAnsiFilterTests-Ukrainian.vcf": ["Віталій Кличко"],
    "vcards-dotnet/MultiAnsiFilterTests-v3Utf16Bom.vcf": ["Folker Kinzel", "KMS Außenstelle"],
    "vcards-dotnet/Photo-Outlook-v2.vcf": [],  # a photo and nothing else: reported, not imported
    "vcards-dotnet/Utf-8-Hebrew.vcf": ["אפרים קישון"],
    "vcards-dotnet/WhatsAppIssue.vcf": ["zzMad Perla 45"],
    "vcards-dotnet/v2_1.vcf": ["Maxl"],
    "vcards-dotnet/v3.vcf": ["Folker Kinzel", "KMS Außenstelle"],
    "vcards-dotnet/v4.vcf": ["Gerda Möhrke", "Max Horst Mustermann jr. Maxl SED"],
    "vobject/radicale-1587.vcf": ["Given Family"],
}

# Key fields, as current facts of the person named (a note is matched by its start).
FIELDS = {
    ("ez-vcard/John_Doe_EVOLUTION.vcf", "John Doe"): {
        "name_prefix": "Mr.", "middle_name": "Richter, James", "name_suffix": "Sr.", "nickname": "Johny",
        "birthday": "1980-03-22", "city": "Albaney", "employer": "IBM", "title": "Money Counter",
        "email": "john.doe@ibm.com", "phone": "905-666-1234, 905-555-1234", "note": "THIS SOFTWARE IS PROVIDED"},
    ("ez-vcard/John_Doe_MS_OUTLOOK.vcf", "John Doe"): {  # vCard 2.1, quoted-printable labels, a photo
        "name_prefix": "Mr.", "name_suffix": "Sr.", "city": "New York", "work_city": "Albaney",
        "birthday": "1980-03-22", "email": "john.doe@ibm.cm", "phone": "(905) 555-1234, (905) 666-1234",
        "note": "THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD"},
    ("ez-vcard/outlook-2003.vcf", "John Doe"): {
        "name_prefix": "Mr.", "name_suffix": "III", "nickname": "Joey", "work_city": "Austin",
        "employer": "Company, The", "birthday": "1980-03-21", "email": "jdoe@hotmail.com",
        "note": "This is the note field!!\nSecond line\n\nThird line is empty"},
    ("ez-vcard/outlook-2007.vcf", "Michael Angstadt"): {
        "name_prefix": "Mr.", "name_suffix": "Jr.", "nickname": "Mike", "birthday": "1922-03-10",
        "work_city": "New York", "email": "mike.angstadt@gmail.com",
        "note": "This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\nBut I'm not"},
    ("ez-vcard/John_Doe_IPHONE.vcf", "John Doe"): {  # CR CR LF line ends, a base64 photo
        "middle_name": "Richter, James", "city": "New York", "work_city": "New York", "birthday": "2012-06-06",
        "email": "john.doe@ibm.com", "employer": "IBM"},
    ("ez-vcard/John_Doe_LOTUS_NOTES.vcf", "John Doe"): {
        "title": "Generic Accountant", "city": "New York", "birthday": "1980-05-21",
        "email": "john.doe@ibm.com, billy_bob@gmail.com"},
    ("ez-vcard/John_Doe_ANDROID.vcf", "john.doe@company.com"): {"email": "john.doe@company.com"},
    ("ez-vcard/rfc6350-example.vcf", "Simon Perreault"): {
        "phone": "+1-418-656-9254 ext. 102, +1-418-262-6501", "birthday": "02-03", "work_city": "Quebec"},
    ("vcards-dotnet/v2_1.vcf", "Maxl"): {  # a UTF-8 character split by a soft line break
        "employer": "Firma", "name_prefix": "Dr.", "birthday": "1972-01-31", "work_city": "Ort Firma",
        "note": "Kommentar ÄÄÄÄÄÄ ääääää ÖÖÖÖÖÖ öööööö ÜÜÜÜÜÜ üüüüüü ßßßßßß\nKommentar ÄÄÄÄÄÄ"},
    ("vcards-dotnet/LabelIssue.vcf", "Rudi Wimmel"): {"city": "Freizeithausen", "work_city": "Schaffhausen"},
    ("vcards-dotnet/AnsiIssue.vcf", "Ralf Rastral"): {"city": "Kleindorf"},
    ("vcards-dotnet/MultiAnsiFilterTests-Greek.vcf", "Βαγγέλης"): {"city": "Αθήνα"},
    ("vcards-dotnet/MultiAnsiFilterTests-Ukrainian.vcf", "Віталій Кличко"): {
        "city": "Київ", "middle_name": "Володимирович"},
    ("vcards-dotnet/MultiAnsiFilterTests-v3Utf16Bom.vcf", "KMS Außenstelle"): {"email": "blablö@blub.com"},
    ("sabre-vobject/testConvert40to40-input.vcf", "Steve"): {"phone": "+1 555 666 777"},
    ("sabre-vobject/testConvert21to40-input.vcf", "Johnson Family"): {"city": "Saubel Beach",
                                                                      "phone": "555-12345-345"},
    ("csv/gpcsolutions-outlook.csv", "Adam Glacius"): {
        "email": "adam.glacius@anycom.com, adam.g@example.com, ag@glacius.com", "employer": "Acme Inc.",
        "title": "Sales Planner", "phone": "+1 555 3227 8544, +1 555 3227 8545, +1 555 3227 8546, "
                                           "+1 555 3227 8547, +1 555 3227 8548",
        "note": "Has 2 kids"},
}


def _files() -> list[str]:
    return sorted(str(p.relative_to(FILES)) for p in FILES.rglob("*") if p.suffix in (".vcf", ".csv"))


async def _people(store, owner: str = OWNER) -> dict[str, dict[str, str]]:
    """{name: {kind: value, 'note': all notes joined}} of an owner, from SQLite."""
    out = {}
    for c in await store.contacts(owner):
        facts = {k: f.value for k, f in (await store.current_facts(owner, c.id)).items()}
        notes = await store.notes(owner, c.id, ("fact",), 50)
        if notes:
            facts["note"] = "\n".join(n.text for n in reversed(notes))
        out[c.name] = facts
    return out


def test_every_file_is_listed():
    assert _files() == sorted(NAMED)


@pytest.mark.parametrize("name", sorted(NAMED))
async def test_every_named_card_is_imported(store, name):
    report = await import_bytes(store, OWNER, name, (FILES / name).read_bytes(), NOW, None)
    assert report.created == NAMED[name]
    assert sorted(c.name for c in await store.contacts(OWNER)) == sorted(NAMED[name])
    if not NAMED[name]:
        assert [p.text for p in report.skipped] == ["a card with no name, e-mail or phone to know it by"]
    else:
        assert not report.skipped
    people = await _people(store)
    for (file, person), want in FIELDS.items():
        if file == name:
            got = people[person]
            assert {k: got.get(k, "")[: len(v)] if k == "note" else got.get(k) for k, v in want.items()} == want


@pytest.mark.parametrize("fmt", ["vcf", "csv"])
async def test_export_and_import_again_is_the_same(store, fmt):
    for name in (n for n, people in NAMED.items() if people):
        await import_bytes(store, f"test:{name}", name, (FILES / name).read_bytes(), NOW, None)
        file, data = await exporter.export(store, f"test:{name}", fmt, NOW)
        await import_bytes(store, f"back:{name}", file, data, NOW, None)
        before, after = await _people(store, f"test:{name}"), await _people(store, f"back:{name}")
        assert after == before, name


async def send(b: Harness, name: str, data: bytes) -> str:
    msg = make_message("", at=b.clock.now(), attachment=Attachment(name=name, data=data))
    return "\n".join(r.text for r in await b.engine.handle(msg))


async def test_person_shows_every_imported_field_and_name_parts_are_findable(bot_no_vectors: Harness):
    b = bot_no_vectors
    reply = await send(b, "outlook.vcf", (FILES / "ez-vcard/John_Doe_MS_OUTLOOK.vcf").read_bytes())
    assert "1 new: John Doe" in reply
    person = await b.say("/person john doe")
    for shown in ("Full name: Mr. John Richter,James Doe Sr.", "Nickname: Johny", "E-mail: john.doe@ibm.cm",
                  "Phone: (905) 555-1234, (905) 666-1234", "works at IBM", "works in Albaney",
                  "lives in New York", "birthday Mar 22", "THIS SOFTWARE IS PROVIDED BY GEORGE"):
        assert shown in person
    assert "New York" in await b.say("where does John Doe live?")  # the home address, not the office


async def test_shapes_of_files_we_could_not_copy(store):
    """A data: URI photo under ENCODING=b (Radicale's case), cards with only a nickname, only an
    e-mail or only a phone, CR CR LF and lone CR line ends, a charset named by a bare 2.1 parameter,
    and Apple's contact group (not a person)."""
    data = (b"BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nUID:contact\r\r\nN:Contact;;;;\r\r\nFN:Contact\r\r\n"
            b"NICKNAME:test\r\r\nPHOTO;ENCODING=b;TYPE=png:data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB\r\r\n"
            b"END:VCARD\r\r\n"
            b"BEGIN:VCARD\rVERSION:3.0\rNICKNAME:Bobby\rEND:VCARD\r"
            b"BEGIN:VCARD\nVERSION:3.0\nEMAIL;TYPE=work:only-mail@example.org\nEND:VCARD\n"
            b"BEGIN:VCARD\nVERSION:2.1\nTEL;CELL:+49 170 1234567\nEND:VCARD\n"
            b"BEGIN:VCARD\nVERSION:2.1\nN;ISO-8859-1;QUOTED-PRINTABLE:M=FCller;J=F6rg\n"
            b"ADR;WORK:;;Hauptstr. 1;K=F6ln;;;\nEND:VCARD\n"
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Climbing friends\nX-ADDRESSBOOKSERVER-KIND:group\nEND:VCARD\n")
    report = await import_bytes(store, OWNER, "odd.vcf", data, NOW, None)
    assert report.created == ["Contact", "Bobby", "only-mail@example.org", "+49 170 1234567", "Jörg Müller"]
    assert [(p.line, p.text) for p in report.skipped] == [(26, "Climbing friends: a group of contacts, not a person")]
    named = [w.text for w in report.warnings]
    assert named == ["a card without a name: saved as 'Bobby', from its nickname",
                     "a card without a name: saved as 'only-mail@example.org', from its e-mail",
                     "a card without a name: saved as '+49 170 1234567', from its phone number"]
    people = await _people(store)
    assert people["Contact"] == {"nickname": "test"}
    assert people["Jörg Müller"] == {"work_city": "K=F6ln"}  # not quoted-printable: the value as written


OUTLOOK_DESKTOP = (  # the columns Outlook 2016 writes (File > Export > Comma Separated Values)
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title",'
    '"Business Street","Business City","Business State","Business Postal Code","Business Country/Region",'
    '"Home Street","Home City","Home State","Home Postal Code","Home Country/Region","Business Phone",'
    '"Home Phone","Mobile Phone","Birthday","E-mail Address","E-mail Type","E-mail Display Name",'
    '"E-mail 2 Address","Notes","Nickname"\r\n'
    '"Mr.","John","Richter","Doe","Sr.","IBM","","Money Counter","1 Main St","Albany","NY","12345",'
    '"United States","5 Silicon Alley","New York","NY","10001","United States","(905) 555-1234",'
    '"(905) 666-1234","","3/22/1980","john.doe@ibm.com","SMTP","John Doe (john.doe@ibm.com)","jd@example.org",'
    '"Met at the ""Money"" conference","Johny"\r\n'
    '"","Ana","","Lopez","","","","","","","","","","","","","","","","","","0/0/00","","","","","",""\r\n')

THUNDERBIRD = (  # Thunderbird's CSV export: the birthday in three columns
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Work Phone,Home Phone,"
    "Mobile Number,Home City,Home County,Work City,Job Title,Organisation,Birth Year,Birth Month,Birth Day,Notes\n"
    "Priya,Shah,Priya Shah,,priya@example.org,,,,+91 98 1234 5678,Pune,,Mumbai,,,1992,2,29,\n"
    ",,,,solo@example.org,,,,,,,,,,,,,\n")


async def test_a_person_twice_in_one_file_is_one_person(store):
    """Phones export a person once per account: one person, every phone kept, a different title reported."""
    data = (b"BEGIN:VCARD\nVERSION:3.0\nFN:Amelie Alpha\nTITLE:Tester\nTEL:555 1001\nEND:VCARD\n"
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Amelie Alpha\nTITLE:Lead\nTEL:555 1002\nEMAIL:a@example.org\n"
            b"NOTE:Met at the climbing gym\nEND:VCARD\n")
    report = await import_bytes(store, OWNER, "twice.vcf", data, NOW, None)
    assert report.created == ["Amelie Alpha"] and not report.merged
    assert [(w.line, w.text) for w in report.warnings] == [
        (7, "Amelie Alpha again: merged into the card at line 1 (title 'Lead' left out)")]
    assert await _people(store) == {"Amelie Alpha": {"title": "Tester", "phone": "555 1001, 555 1002",
                                                     "email": "a@example.org", "note": "Met at the climbing gym"}}


LINKEDIN = (  # LinkedIn's Connections.csv: a preamble before the header
    "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are "
    "missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Jane,Roe,https://www.linkedin.com/in/janeroe,jane@example.org,Acme,Engineer,01 Mar 2024\n")

ANDROID_21 = (  # what Android's contacts app writes: UTF-8 in quoted-printable, the nickname in X-ANDROID-CUSTOM
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F;;;\r\n"
    b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=BC=9F\r\n"
    b"X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;=E5=B0=8F=E4=\r\n"
    b"=BC=9F;1;;;;;;;;;;;;;\r\nTEL;CELL:+86 138 0000 0000\r\n"
    b"ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;=E8=A1=97;=E5=8C=97=E4=BA=AC;;;\r\n"
    b"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=96=9C=E6=AC=A2=E7=88=AC=E5=B1=B1=0A=E4=B9=9F=E5=96=9C=\r\n"
    b"=E6=AC=A2=E5=92=96=E5=95=A1\r\nBDAY:1990-01-01\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
    b" CAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr/\r\n\r\nEND:VCARD\r\n")


async def test_android_export(store):
    report = await import_bytes(store, OWNER, "00001.vcf", ANDROID_21, NOW, None)
    assert report.created == ["张伟"] and not report.warnings
    assert await _people(store) == {"张伟": {"nickname": "小伟", "phone": "+86 138 0000 0000", "work_city": "北京",
                                            "birthday": "1990-01-01", "note": "喜欢爬山\n也喜欢咖啡"}}


@pytest.mark.parametrize(("name", "text", "want"), [
    ("Connections.csv", LINKEDIN, {"Jane Roe": {"email": "jane@example.org", "employer": "Acme",
                                                "title": "Engineer"}}),
    ("outlook.csv", OUTLOOK_DESKTOP, {
        "John Doe": {"name_prefix": "Mr.", "middle_name": "Richter", "name_suffix": "Sr.", "employer": "IBM",
                     "title": "Money Counter", "work_city": "Albany", "city": "New York", "nickname": "Johny",
                     "phone": "(905) 555-1234, (905) 666-1234", "birthday": "1980-03-22",
                     "email": "john.doe@ibm.com, jd@example.org", "note": 'Met at the "Money" conference'},
        "Ana Lopez": {}}),  # Outlook's "0/0/00" is no birthday, not a warning
    ("thunderbird.csv", THUNDERBIRD, {
        "Priya Shah": {"email": "priya@example.org", "phone": "+91 98 1234 5678", "city": "Pune",
                       "work_city": "Mumbai", "birthday": "1992-02-29"},
        "solo@example.org": {"email": "solo@example.org"}}),
])
async def test_mail_program_csv_exports(store, name, text, want):
    report = await import_bytes(store, OWNER, name, text.encode("cp1252"), NOW, None)
    assert await _people(store) == want
    assert not report.skipped
    assert [w.text for w in report.warnings] == (
        ["a row without a name: saved as 'solo@example.org', from its e-mail"] if "solo" in text else [])


async def test_files_that_cannot_be_imported_get_a_plain_answer(bot_no_vectors: Harness):
    b = bot_no_vectors
    nested = b'{"format": "memoro", "version": 1, "people": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    reply = await send(b, "deep.json", nested)
    assert "nested too deeply" in reply and "nothing was imported" in reply
    long_cell = ("Name,Notes\nSam Lee,ok\nAna,\"" + "x" * 200_000 + "\"\n").encode()
    reply = await send(b, "long.csv", long_cell)
    assert "longer than 128 KB" in reply and "nothing was imported" in reply and "line 3" in reply
    unclosed = ('Name,Notes\nSam Lee,"never closed\n' + "Ana,hello\n" * 20_000).encode()
    assert "quote" in await send(b, "unclosed.csv", unclosed)
    assert "Sam" not in await b.say("/people")  # nothing from any of them was saved
    statuses = await b.store._rows("SELECT text, status FROM messages WHERE role = 'user' AND text LIKE '[file%'")
    assert [r[1] for r in statuses] == ["processed"] * 3  # each file is stored and answered
    assert "Saved" in await b.say("Had coffee with Omar today")  # and the bot carries on


@pytest.mark.parametrize("section", [
    '"interactions": [{"occurred_on": "2026-01-01", "note": %s, "people": [1]}]',
    '"notes": [{"person": 1, "text": %s, "noted_on": "2026-01-01", "kind": "fact"}]',
    '"relationships": [{"person": 1, "relative": 1, "relation": %s}]',
    '"reminders": [{"person": 1, "every_days": %s, "since": "2026-01-01"}]',
])
async def test_a_memoro_export_with_a_nested_value_is_reported_not_fatal(store, section):
    deep = "[" * 900 + "]" * 900  # shallow enough for the JSON parser, the wrong shape for every field
    doc = ('{"format": "memoro", "version": 1, "people": [{"id": 1, "name": "Sam Lee", "created_at": '
           '"2026-01-01T10:00:00+00:00"}], ' + section % deep + "}")
    report = await import_bytes(store, OWNER, "export.json", doc.encode(), NOW, None)
    assert report.created == ["Sam Lee"]
    assert len(report.skipped) == 1 and "[0]" in report.skipped[0].text


@pytest.mark.parametrize(("written", "parts", "name", "kept"), [
    ("Mr. John Richter, James Doe Sr.", ("Mr.", "John", "Richter, James", "Doe", "Sr."), "John Doe",
     {"name_prefix": "Mr.", "middle_name": "Richter, James", "name_suffix": "Sr."}),
    ("Maxl", ("Dr.", "Max", "", "Mustermann", ""), "Maxl", {"name_prefix": "Dr."}),  # a name of their own
    ("Doe, John", ("", "John", "", "Doe", ""), "John Doe", {}),
    ("张伟", ("", "伟", "", "张", ""), "张伟", {}),
    ("James Doe Sr.", (), "James Doe", {"name_suffix": "Sr."}),
    ("Jane Smith, Ph.D.", (), "Jane Smith", {"name_suffix": "Ph.D."}),
    ("Li Jun", (), "Li Jun", {}),  # Jun is a title only as "jun."
    ("", ("", "Sam", "", "Lee", ""), "Sam Lee", {}),
])
def test_the_name_a_person_goes_by(written, parts, name, kept):
    from core.entries import person_name

    assert person_name(written, *parts) == (name, kept)
