"""`memoro sync carddav` against a real Radicale server that each test starts on 127.0.0.1
(htpasswd users, a temporary storage folder), through the real httpx client.

Radicale is a dev dependency (pyproject.toml), so `make test` installs it; if it still cannot
start here, the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import base64
import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.carddav_client import open_book
from bot.cli import main
from core import carddav_card
from core.carddav_sync import sync
from core.clock import FixedClock
from core.engine import Engine
from tests.conftest import Harness, at

OWNER, OTHER = "test:u1", "test:u2"
MKCOL = (b'<?xml version="1.0"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop>'
         b"<resourcetype><collection/><C:addressbook/></resourcetype></prop></set></mkcol>")


def vcf(uid: str, *lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", *lines, "END:VCARD", ""])


class Radicale:
    """A Radicale server in a temporary folder; `book` is alice's address book URL."""

    def __init__(self, root: Path, *extra: str):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "users").write_text("alice:s3cret-Pw\nbob:other\n")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.book = f"{self.url}alice/contacts/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{self.port}",
             "--storage-filesystem-folder", str(root / "store"), "--auth-type", "htpasswd",
             "--auth-htpasswd-filename", str(root / "users"), "--auth-htpasswd-encryption", "plain",
             "--auth-delay", "0", "--logging-level", "warning", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait(self) -> str | None:
        """None once the server answers, else why not."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"it exited with code {self.proc.returncode}"
            try:
                httpx.get(self.url, timeout=2)
                return None
            except httpx.TransportError:
                time.sleep(0.1)
        return "it did not answer within 60 s"

    def http(self, user: str = "alice", password: str = "s3cret-Pw") -> httpx.Client:
        return httpx.Client(auth=(user, password), timeout=10)

    def put(self, name: str, text: str) -> None:
        with self.http() as c:
            assert c.put(self.book + name, content=text.encode(), headers={"Content-Type": "text/vcard"}).is_success

    def cards(self) -> dict[str, str]:
        """File name -> vCard text of every card in alice's book, read from the server's folder."""
        folder = self.root / "store" / "collection-root" / "alice" / "contacts"
        return {p.name: p.read_text() for p in sorted(folder.glob("*.vcf"))}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def start(root: Path, *extra: str) -> Radicale:
    """A running Radicale with alice's empty address book, or the test is skipped saying why."""
    try:
        import radicale  # noqa: F401
    except ImportError as err:
        pytest.skip(f"Radicale is not installed ({err}); `make test` installs it from the dev extras")
    server = Radicale(root, *extra)
    why = server.wait()
    if why:
        server.stop()
        pytest.skip(f"Radicale could not start on 127.0.0.1: {why}")
    with server.http() as c:
        assert c.request("MKCOL", server.book, content=MKCOL).status_code == 201
    return server


@pytest.fixture
def radicale(tmp_path: Path):
    server = start(tmp_path / "radicale")
    yield server
    server.stop()


class Recorder(httpx.AsyncHTTPTransport):
    """The real transport, remembering each request's method."""

    def __init__(self):
        super().__init__()
        self.methods: list[str] = []

    async def handle_async_request(self, request):
        self.methods.append(request.method)
        return await super().handle_async_request(request)


async def run(store, server: Radicale, owner: str = OWNER, *, url: str | None = None, dry_run: bool = False,
              now: str = "2026-03-02T12:00:00+01:00", transport=None):
    async with open_book(url or server.book, user="alice", password="s3cret-Pw", transport=transport) as book:
        source = None if dry_run else await store.add_message(owner, "user", "[sync]", at(now), platform="cli")
        report = await sync(store, owner, book, at(now), source, dry_run=dry_run)
    return report, source


async def people(store, owner: str = OWNER) -> dict[str, dict[str, str]]:
    return {c.name: {k: f.value for k, f in (await store.current_facts(owner, c.id)).items()}
            for c in await store.contacts(owner)}


@pytest.fixture
def seeded(radicale: Radicale) -> Radicale:
    radicale.put("sam.vcf", vcf("sam-1", "FN:Sam Lee", "N:Lee;Sam;;;", "EMAIL;TYPE=HOME:sam@example.org",
                                "BDAY:1991-03-03", "ADR;TYPE=HOME:;;12 Rua Nova;Lisbon;;;Portugal",
                                "PHOTO;ENCODING=b;TYPE=JPEG:AAECAw==", "NOTE:climbs on tuesdays"))
    radicale.put("ines.vcf", vcf("ines-1", "FN:Inês Duarte", "N:Duarte;Inês;;;", "TEL;TYPE=CELL:+351 912 345 678",
                                 "ORG:Farfetch"))
    radicale.put("group.vcf", vcf("grp-1", "FN:Climbing crew", "X-ADDRESSBOOKSERVER-KIND:group"))
    return radicale


async def test_two_way_sync_with_edits_on_both_sides(bot_no_vectors: Harness, seeded: Radicale):
    b, store = bot_no_vectors, bot_no_vectors.store
    await b.say("had lunch w kwame mensah today, he works at ashesi now")
    await b.say("sam lee works at unbabel")

    recorder = Recorder()
    first, _ = await run(store, seeded, transport=recorder)
    book = await people(store)
    assert set(book) == {"Sam Lee", "Inês Duarte", "Kwame Mensah"}  # merged by name, the group skipped
    assert book["Sam Lee"]["birthday"] == "1991-03-03" and book["Inês Duarte"]["employer"] == "Farfetch"
    assert first.pushed_new == ["Kwame Mensah"] and "Climbing crew" in first.text()
    cards = seeded.cards()
    assert len(cards) == 4
    kwame = next(t for t in cards.values() if "Kwame" in t)
    assert "FN:Kwame Mensah" in kwame and "ORG:Ashesi" in kwame and "UID:" in kwame
    # what Memoro knew of Sam beyond the card went onto it; the card kept its photo and street
    assert "ORG:Unbabel" in cards["sam.vcf"] and "sam@example.org" in cards["sam.vcf"]
    assert "PHOTO" in cards["sam.vcf"] and "12 Rua Nova" in cards["sam.vcf"]

    again, _ = await run(store, seeded, transport=recorder)  # a second sync changes nothing
    assert seeded.cards() == cards and await people(store) == book
    assert not again.pushed_new and not again.pushed_edits and not again.pull.created and not again.pull.merged

    # edited on both sides: the server changes Sam's employer and title, Memoro learns Inês moved
    # and Sam's employer too (a conflict: the server's value wins, Memoro's stays in the history)
    sam = cards["sam.vcf"].replace("ORG:Unbabel", "ORG:Feedzai\r\nTITLE:Data engineer")
    seeded.put("sam.vcf", sam)
    b.clock.set(at("2026-03-03T10:00:00+01:00"))
    await b.say("ines moved to porto")
    await b.say("sam lee works at revolut now")
    third, _ = await run(store, seeded, now="2026-03-03T12:00:00+01:00", transport=recorder)
    book = await people(store)
    assert book["Sam Lee"]["employer"] == "Feedzai" and book["Sam Lee"]["title"] == "Data engineer"
    sam_id = next(c.id for c in await store.contacts(OWNER) if c.name == "Sam Lee")
    assert "Revolut" in [f.value.title() for f in await store.past_facts(OWNER, sam_id)]
    assert third.conflicts == ["Sam Lee's employer"]
    assert book["Inês Duarte"]["city"].lower() == "porto"
    cards = seeded.cards()
    assert "Porto" in cards["ines.vcf"] and "+351 912 345 678" in cards["ines.vcf"]
    assert "ORG:Feedzai" in cards["sam.vcf"] and "Revolut" not in cards["sam.vcf"]
    assert len(cards) == 4 and len(book) == 3

    fourth, _ = await run(store, seeded, now="2026-03-03T13:00:00+01:00", transport=recorder)
    assert seeded.cards() == cards and await people(store) == book
    assert not fourth.pushed_new and not fourth.pushed_edits and not fourth.pull.merged
    assert "DELETE" not in recorder.methods and "PUT" in recorder.methods


async def test_deleted_on_the_server_stays_in_memoro_and_is_not_pushed_again(bot_no_vectors: Harness,
                                                                            seeded: Radicale):
    store = bot_no_vectors.store
    await run(store, seeded)
    with seeded.http() as c:
        assert c.delete(seeded.book + "ines.vcf").is_success
    report, _ = await run(store, seeded)
    assert "Inês Duarte" in await people(store) and report.gone == ["Inês Duarte"]
    assert "ines.vcf" not in seeded.cards() and len(seeded.cards()) == 2


async def test_undo_takes_the_pull_back_and_the_cards_are_left_alone(bot_no_vectors: Harness, seeded: Radicale):
    store = bot_no_vectors.store
    _, source = await run(store, seeded)
    await store.undo(OWNER, source)
    assert await people(store) == {}
    report, _ = await run(store, seeded)  # forgotten in Memoro: neither pulled again nor deleted on the server
    assert await people(store) == {} and not report.pull.created and len(seeded.cards()) == 3


async def test_a_forgotten_person_stays_forgotten_and_their_card_stays(bot_no_vectors: Harness, seeded: Radicale):
    store = bot_no_vectors.store
    await run(store, seeded)
    sam = next(c for c in await store.contacts(OWNER) if c.name == "Sam Lee")
    await store.delete_contact(OWNER, sam.id)  # what /forget does
    seeded.put("sam.vcf", seeded.cards()["sam.vcf"].replace("END:VCARD", "TITLE:Climbing coach\r\nEND:VCARD"))
    report, _ = await run(store, seeded)
    assert set(await people(store)) == {"Inês Duarte"} and not report.pull.created and not report.pushed_new
    assert "sam.vcf" in seeded.cards()


async def test_dry_run_changes_nothing_on_either_side(bot_no_vectors: Harness, seeded: Radicale):
    b, store = bot_no_vectors, bot_no_vectors.store
    await b.say("met ayesha khan at the pottery class")
    cards = seeded.cards()
    report, _ = await run(store, seeded, dry_run=True)
    assert set(report.pull.created) == {"Sam Lee", "Inês Duarte"} and report.pushed_new == ["Ayesha Khan"]
    assert set(await people(store)) == {"Ayesha Khan"} and seeded.cards() == cards
    assert await store.card_links(OWNER, seeded.book) == []


async def test_another_owners_book_is_untouched(store, seeded: Radicale):
    clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
    engine = Engine(store=store, index=None, clock=clock)
    other = Harness(engine, store, clock, owner=OTHER)
    await other.say("my neighbour tomasz nowak has a new puppy")
    before = await store.dump(OTHER)
    await run(store, seeded)
    assert await store.dump(OTHER) == before
    assert set(await people(store)) == {"Sam Lee", "Inês Duarte"}
    assert not any("Tomasz" in t for t in seeded.cards().values())
    assert await store.card_links(OTHER, seeded.book) == []


async def test_the_book_is_found_from_the_server_or_principal_url(store, seeded: Radicale):
    for url in (seeded.url, seeded.url + "alice/"):
        async with open_book(url, user="alice", password="s3cret-Pw") as book:
            assert book.url == seeded.book
    report, _ = await run(store, seeded, url=seeded.url)
    assert report.book == seeded.book and len(report.pull.created) == 2


@pytest.fixture
def logs_restored():
    """`main()` points the root logger at this test's captured stderr: put it back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_cli_sync_wrong_password_and_unreachable_server(tmp_path, seeded: Radicale, capsys, monkeypatch,
                                                        logs_restored):
    data = str(tmp_path / "data")
    monkeypatch.setenv("MEMORO_LOG_LEVEL", "DEBUG")  # not even debug logs carry the password
    monkeypatch.setenv("MEMORO_CARDDAV_PASSWORD", "s3cret-Pw")
    assert main(["--data-dir", data, "sync", "carddav", seeded.book, "--user", "alice", "--owner", OWNER]) == 0
    captured = capsys.readouterr()
    assert "2 new: Inês Duarte, Sam Lee" in captured.out and "s3cret" not in captured.out + captured.err
    assert "carddav" in captured.err and base64.b64encode(b"alice:s3cret-Pw").decode() not in captured.err

    monkeypatch.setenv("MEMORO_CARDDAV_PASSWORD", "wrong-Pw-123")
    assert main(["--data-dir", data, "sync", "carddav", seeded.book, "--user", "alice", "--owner", OWNER]) == 2
    captured = capsys.readouterr()
    assert "refused the user name or password" in captured.err and "wrong-Pw-123" not in captured.out + captured.err

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    code = main(["--data-dir", data, "sync", "carddav", f"http://127.0.0.1:{closed}/dav/", "--user", "alice"])
    captured = capsys.readouterr()
    assert code == 3 and "can't reach 127.0.0.1" in captured.err and "Traceback" not in captured.err

    assert main(["--data-dir", data, "sync", "carddav", "ftp://example.org/book"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err


async def test_a_read_only_book_is_pulled_and_the_refused_push_is_said(bot_no_vectors: Harness, tmp_path: Path):
    (tmp_path / "rights").write_text(
        "[own]\nuser: .+\ncollection: {user}(/.*)?\npermissions: RrWw\n"
        "[root]\nuser: .+\ncollection:\npermissions: R\n"
        "[bob-reads-alice]\nuser: bob\ncollection: alice(/.*)?\npermissions: Rr\n")
    server = start(tmp_path / "radicale", "--rights-type", "from_file", "--rights-file", str(tmp_path / "rights"))
    try:
        server.put("sam.vcf", vcf("sam-1", "FN:Sam Lee", "N:Lee;Sam;;;", "BDAY:1991-03-03"))
        b = bot_no_vectors
        await b.say("had coffee with noor haddad")
        async with open_book(server.book, user="bob", password="other") as book:
            report = await sync(b.store, OWNER, book, b.clock.now(), None)
        assert "Sam Lee" in await people(b.store) and report.push_error is not None
        assert report.push_error.exit_code == 2 and "pushing stopped" in report.text()
        assert "403" in str(report.push_error) and len(server.cards()) == 1
    finally:
        server.stop()


def test_a_card_is_edited_not_rewritten():
    server = vcf("x", "FN:Dr. Lena Vogel", "N:Vogel;Lena;;Dr.;", "item1.EMAIL;TYPE=INTERNET,pref:lena@old.example",
                 "ADR;TYPE=HOME:;;Hauptstr. 5;Bremen;;28195;Germany", "URL:https://lena.example",
                 "X-CUSTOM:kept")
    person = {"name": "Lena Vogel", "facts": {"email": "lena@new.example", "city": "hamburg", "birthday": "05-17"}}
    edited = carddav_card.edit_card(server, person, ["email", "city", "birthday"])
    for kept in ("lena@old.example", "Hauptstr. 5", "https://lena.example", "X-CUSTOM:kept", "FN:Dr. Lena Vogel"):
        assert kept in edited
    uid, entry, _ = carddav_card.read(edited)
    assert uid == "x" and entry.facts["city"] == "Hamburg" and entry.facts["birthday"] == "05-17"
    assert set(entry.facts["email"].split(", ")) == {"lena@old.example", "lena@new.example"}


def test_the_password_is_never_a_command_line_option():
    from bot.cli import _parser

    with pytest.raises(SystemExit):
        _parser().parse_args(["sync", "carddav", "http://x/", "--password", "p"])
    assert "MEMORO_CARDDAV_PASSWORD" in open(Path(__file__).parents[1] / "README.md").read()
