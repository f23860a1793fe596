"""Slash commands: /start, /help, /people, /person, /birthdays, /tz, /forget, /undo,
/keepintouch, /nudges, /persona, /export, /calendar, /link, /unlink. Each handler returns the reply text
(or, for /export, the text and the file), and a file sent in the chat is imported by
`import_file`.
The same commands said in plain words are recognised in `core.command_words`; "same for Efe"
is `same_for` here.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from core import exporter, followups, merge, nudges
from core import format as fmt
from core.actions import apply_log
from core.choices import Choice, offer
from core.clock import canonical, zone
from core.entries import ImportFileError
from core.errors import MemoroError
from core.importer import import_bytes
from core.intents import LogIntent, QuestionIntent
from core.messages import Attachment
from core.people import matches
from core.persona import available
from core.records import Contact, Owner
from core.repositories import Store
from core.understand.keep_in_touch import cadence_days as _cadence_days

if TYPE_CHECKING:  # the engine imports this module
    from core.engine import Engine

HELP = """Here's what I can do:
• Remember people — just text me: "Had coffee with Sam Lee at Blue Bottle, he just got engaged to Priya. His birthday is March 3."
• Answer — "what's new with Sam?", "when is Priya's birthday?", "where does Sam live?", "who is Tom's wife?", "when did I last see Omar?", "who did I see last week?", "who haven't I seen in a while?", "who do I know that plays tennis?", "whose birthday is coming up?"
• Recall — "prep me for lunch w Sam" (everything about them, each line dated), "what did I do with Sam in March?", "how often did I see Maya this year?", "when did I last see anyone from work?", "who am I losing touch with?"
• Remind you — birthday nudges at 09:00 your time, and keep-in-touch reminders: "remind me to check in with Sam every 2 weeks".
• Yearly dates — "Sam and Priya's anniversary is June 4", "they got married in 2015", "Omar's dad died on March 3 2019", "Eva's name day is Dec 24": nudged like birthdays ("their 10th anniversary"); "when is Sam's anniversary?"
Commands:
/people — your contacts
/person NAME — a brief: everything about one person, grouped and dated
/birthdays — birthdays in the next 30 days
/keepintouch [NAME EVERY] — list or set keep-in-touch reminders (e.g. /keepintouch Sam 2w; /keepintouch stop Sam)
/nudges HH:MM [DAYS...] — when nudges arrive, e.g. /nudges 8:30 7 1 0 (a week before, the day before, on the day)
/gifts [NAME] — gift ideas ("gift idea for sam: a pour-over kettle"; "gave sam the kettle" marks it done)
/owe — open items both ways ("owe jo 20 quid", "jo owes me a tenner", "lend maya my tent"; "paid jo back")
/people GROUP, /groups — groups and tags ("sam and priya are in my climbing group", "tag omar as work", "who's in climbing?")
Voice notes — send one on Telegram or Discord and I'll transcribe it (when a transcription server is set up)
/nudges HH:MM [DAYS...] — when nudges arrive, e.g. /nudges 8:30 7 1 0 (a week before, the day before, on the day); /nudges 3d — also three days ahead
/reminders — your follow-ups ("remind me friday to call Sam about the job", "ping me in 2 weeks about Priya's visa"); "cancel reminder 2" or "cancel the reminder about Priya's visa"
/digest on|off — a Monday message with the week's dates, who is due a check-in and your open follow-ups
/tz ZONE — your time zone, e.g. /tz Europe/Berlin
/forget NAME — delete a person and every note about them
/undo — revert what your last message saved (or tap [Undo] under my reply)
/merge NAME, OTHER — one person from two duplicates, e.g. /merge Sam Lee, Samuel Lee (or say "sam and samuel lee are the same person")
/persona NAME — choose who I am
/export [json|vcf|csv|ics] — get everything as a file (json by default; vcf and csv for other address books, ics for a calendar)
/calendar — a private link your calendar app can subscribe to (birthdays and keep-in-touch)
/link — one address book for your Telegram and Discord: /link here, then /link CODE on the other
/unlink — separate linked accounts again
Buttons: when I ask (which Sam? forget them? undo?), tap an answer; in the console, type its number.
Send me a .vcf (vCard), .csv or Memoro .json file to import your contacts (/undo reverts an import)."""

LINK_MINUTES = 10
LINK_MAX_WRONG = 5  # wrong codes an account may send per LINK_WRONG_WINDOW
LINK_WRONG_WINDOW = timedelta(hours=1)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


class Commands:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.calendar_url: str | None = None  # the feed's public base URL, set by `memoro run` when it serves one

    async def run(self, owner: Owner, text: str, now: datetime, *,
                  sender: str | None = None) -> str | tuple[str, Attachment]:
        """Run a command; `sender` is the platform key it came from (a linked account's own)."""
        name, _, arg = text[1:].partition(" ")
        name = name.split("@")[0].lower()
        if name in ("link", "unlink"):
            link: Callable[[Owner, str, datetime, str], Awaitable[str]] = getattr(self, f"cmd_{name}")
            return await link(owner, arg.strip(), now, sender or owner.key)
        handler: Callable[[Owner, str, datetime], Awaitable[str | tuple[str, Attachment]]] | None = \
            getattr(self, f"cmd_{name}", None)
        if handler is None:
            return f"I don't know the command /{name[:30]}. Type /help to see what I can do."
        return await handler(owner, arg.strip(), now)

    async def cmd_start(self, owner: Owner, arg: str, now: datetime) -> str:
        return self.engine.persona(owner).greeting

    async def cmd_help(self, owner: Owner, arg: str, now: datetime) -> str:
        return HELP

    async def cmd_people(self, owner: Owner, arg: str, now: datetime) -> str:
        people = await self.store.contacts(owner.key)
        if not people:
            return "No one yet — tell me about someone you met."
        return f"Your people ({len(people)}):\n" + "\n".join(f"• {c.name}" for c in people)

    async def cmd_person(self, owner: Owner, arg: str, now: datetime) -> str:
        if not arg:
            return "Who? Try /person Sam."
        reply, _ = await self.engine.answers.answer(owner, QuestionIntent(kind="brief", person=arg, query=arg), now.date(),
                                                    self.engine.persona(owner))
        return reply

    async def cmd_birthdays(self, owner: Owner, arg: str, now: datetime) -> str:
        return await self.engine.answers.upcoming(owner.key, now.date(), 30)

    async def cmd_tz(self, owner: Owner, arg: str, now: datetime) -> str:
        if not arg:
            return f"Your time zone is {owner.tz}. Change it with /tz Europe/Berlin (an IANA name)."
        arg = canonical(arg)
        try:
            zone(arg)
        except MemoroError as err:
            return str(err)
        await self.store.update_owner(owner.key, tz=arg)
        return f"Time zone set to {arg}. Birthday nudges arrive at {owner.nudge_hour:02d}:{owner.nudge_minute:02d} there."

    async def cmd_forget(self, owner: Owner, arg: str, now: datetime) -> str:
        if not arg:
            return "Who should I forget? Try /forget Sam."
        found = matches(arg, await self.store.contacts(owner.key))
        if not found:
            return f"I don't have anyone called {arg}."
        if len(found) > 1:
            return f"Which one? {fmt.join([c.name for c in found])} — use the full name."
        c = found[0]
        await self.store.update_owner(owner.key, pending=json.dumps({"action": "forget", "id": c.id, "name": c.name}))
        offer([Choice(label, "forget", {"id": c.id, "name": c.name, "yes": yes}) for label, yes in (("Yes", True), ("No", False))])
        return f"Forget {c.name} and every note about them? This cannot be undone. Reply \"yes\" to confirm, anything else to keep them."

    async def confirm(self, owner: Owner, text: str) -> str | None:
        """Answer a pending confirmation; None when `text` is not an answer to it."""
        assert owner.pending is not None  # the engine asks only when something is pending
        pending = json.loads(owner.pending)
        await self.store.update_owner(owner.key, pending=None)
        answer = text.strip().lower().rstrip("!.")
        if answer in ("yes please", "do it", "go ahead") or _leads_with(answer, _YES):  # "yes delete her", "yep go ahead"
            notes = await self.store.delete_contact(owner.key, pending["id"])
            if self.engine.indexer:
                await self.engine.indexer.drain(owner.key)
            return f"Done: I've forgotten {pending['name']} ({fmt.plural(len(notes), 'note')} removed)."
        if _leads_with(answer, _NO):  # "no", "nah keep him"
            return f"OK, I kept {pending['name']}."
        return None

    async def same_for(self, owner: Owner, name: str, last: LogIntent | QuestionIntent | str, now: datetime,
                       source: int | None) -> str:
        """"same for Efe": what the owner's last message set up (a reminder, a fact, a meeting), asked
        (a question about someone) or ran (a command naming someone), for `name`."""
        if isinstance(last, str):  # "/keepintouch stop sam": the same command for them
            head, _, arg = last.partition(" ")
            verb = arg.split()[0] + " " if head == "/keepintouch" and arg.split()[:1] == ["stop"] else ""
            reply = await self.run(owner, f"{head} {verb}{name}", now)
            return reply if isinstance(reply, str) else reply[0]  # a file it sends goes with the command itself
        if isinstance(last, QuestionIntent):  # "when is sam's bday?" ... "same for ana"
            asked = last.model_copy(update={"person": " ".join(w[:1].upper() + w[1:] for w in name.split())})
            reply, focus = await self.engine.answers.answer(owner, asked, now.date(), self.engine.persona(owner))
            if focus is not None:
                await self.store.update_owner(owner.key, focus_contact_id=focus)
            return reply
        name = " ".join(w[:1].upper() + w[1:] for w in name.split())  # a new contact is stored capitalised
        before = set(last.people) | {r.person for r in last.reminders} | {f.person for f in last.facts}
        again = LogIntent(
            people=[name],
            facts=[f.model_copy(update={"person": name, "correction": False}) for f in last.facts],
            reminders=[r.model_copy(update={"person": name}) for r in last.reminders],
            interactions=[i.model_copy(update={"people": [name if p in before else p for p in i.people]})
                          for i in last.interactions],
        )
        if again.is_empty():
            return f"I'm not sure what to do for {name} — say it in full, e.g. \"remind me to check in with {name} every 2 weeks\"."
        reply, focus = await apply_log(self.store, owner, again, now, source, self.engine.persona(owner).phrases.saved)
        if focus is not None:
            await self.store.update_owner(owner.key, focus_contact_id=focus)
        return reply

    async def cmd_merge(self, owner: Owner, arg: str, now: datetime) -> str:
        return await merge.command(self.engine, owner, arg, now)

    async def cmd_undo(self, owner: Owner, arg: str, now: datetime) -> str:
        if (undone := await merge.undo_last(self.engine, owner, now)) is not None:
            return undone
        source = await self.store.last_change_source(owner.key)
        if source is None:
            return "There's nothing to undo."
        await self.store.undo(owner.key, source)
        if self.engine.indexer:
            await self.engine.indexer.drain(owner.key)
        return "Undone: I removed what your last message saved."

    async def cmd_keepintouch(self, owner: Owner, arg: str, now: datetime) -> str:
        if not arg:
            rows = await self.store.reminders(owner.key)
            if not rows:
                return "No keep-in-touch reminders. Set one: /keepintouch Sam 2w, or \"remind me to check in with Sam every 2 weeks\"."
            return "Keep in touch:\n" + "\n".join(f"• {r.contact.name} — every {fmt.plural(r.every_days, 'day')}" for r in rows) + \
                "\nStop one with /keepintouch stop NAME."
        if m := re.match(r"^(?:stop|off|remove|delete)\s+(.+)$", arg, re.I):
            found = matches(m.group(1), await self.store.contacts(owner.key))
            if len(found) != 1:
                return f"I have no keep-in-touch reminder for {m.group(1)}."
            return await _stop_all(self.store, owner.key, found[0])
        m = re.match(r"^(.+?)\s+(\d+)\s*([dwmy])$", arg, re.I)
        days = int(m.group(2)) * {"d": 1, "w": 7, "m": 30, "y": 365}[m.group(3).lower()] if m else None
        name = m.group(1) if m else None
        if not m and (every := re.match(r"^(.+?)\s+(every .+|weekly|monthly|daily|biweekly|fortnightly)$", arg, re.I)):
            name, days = every.group(1), _cadence_days(every.group(2))
        if not name or not days:
            return "Usage: /keepintouch NAME 2w (d = days, w = weeks, m = months)."
        return await self.engine.handle_text(owner, f"remind me to check in with {name} every {days} days", now)

    async def cmd_reminders(self, owner: Owner, arg: str, now: datetime) -> str:
        """/reminders: the open follow-ups, numbered, and the keep-in-touch reminders."""
        return await followups.listing(self.store, owner.key, owner.tz, now)

    async def cmd_digest(self, owner: Owner, arg: str, now: datetime) -> str:
        """/digest on|off: the Monday digest."""
        return await followups.digest_setting(self.store, owner, arg, now)

    async def cmd_nudges(self, owner: Owner, arg: str, now: datetime) -> str:
        """/nudges [HH:MM [LEAD_DAYS...]]: when nudges arrive, and heads-ups some days before."""
        hour, minute, leads = await self.store.nudge_schedule(owner.key)
        if lead := followups.lead_days(arg):  # "/nudges 3d": three days ahead besides the day itself
            arg = f"{hour}:{minute:02d} " + " ".join(map(str, lead))
        m = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2}))?((?:[\s,]+\d{1,3})*)", arg)
        if arg and (not m or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59):
            return ("I didn't get that. Use /nudges HH:MM, then optionally days of warning, e.g. "
                    "/nudges 8:30 7 1 0 (a week before, the day before and on the day).")
        if m:
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
            given = [int(d) for d in re.findall(r"\d+", m.group(3))]
            if any(d > 60 for d in given) or len(given) > 5:
                return "Lead days go from 0 (on the day) to 60, at most 5 of them, e.g. /nudges 8:30 7 1 0."
            leads = sorted(set(given), reverse=True) if given else leads
            await self.store.set_nudge_schedule(owner.key, hour, minute, leads)
        when = fmt.join(["on the day" if d == 0 else "the day before" if d == 1 else f"{fmt.plural(d, 'day')} before"
                         for d in leads]) or "never"
        head = "Nudges will arrive" if m else "Nudges arrive"
        tail = "" if m else " Change with /nudges 8:30 7 1 0 (time, then days of warning)."
        return f"{head} at {hour:02d}:{minute:02d} your time ({owner.tz}); birthdays: {when}.{tail}"

    async def cmd_persona(self, owner: Owner, arg: str, now: datetime) -> str:
        names = available(self.engine.cards_dir)
        if not arg:
            return f"I'm {self.engine.persona(owner).name}. Personas: {', '.join(names)}. Switch with /persona NAME."
        if arg.lower() not in names:
            return f"I don't have a persona called {arg}. Choose one of: {', '.join(names)}."
        await self.store.update_owner(owner.key, persona=arg.lower())
        return self.engine.cards[arg.lower()].greeting

    async def cmd_export(self, owner: Owner, arg: str, now: datetime) -> str | tuple[str, Attachment]:
        """/export [json|vcf|csv]: the owner's address book as a file."""
        fmt_ = (arg or "json").lower().lstrip(".")
        fmt_ = {"vcard": "vcf", "contacts": "vcf", "ical": "ics", "calendar": "ics"}.get(fmt_, fmt_)
        if fmt_ not in exporter.FORMATS:
            return "Export as json (everything, can be imported back), vcf, csv or ics (a calendar): e.g. /export vcf."
        name, data = await exporter.export(self.store, owner.key, fmt_, now)
        people = len(await self.store.contacts(owner.key))
        count = fmt.plural(people, "person")
        text = f"Here is your address book ({count}) as {fmt_.upper()}: {name}."
        if fmt_ == "ics":
            text = f"Here are your birthdays and keep-in-touch dates as a calendar file: {name}."
        return text, Attachment(name=name, data=data, mime_type=exporter.MIME[fmt_])

    async def cmd_calendar(self, owner: Owner, arg: str, now: datetime) -> str:
        """/calendar: the private feed URL (made on first use); /calendar new: a fresh one; /calendar off."""
        if self.calendar_url is None:
            return ("The calendar feed is not switched on here (MEMORO_CALENDAR_PORT). "
                    "/export ics gives you a calendar file to import instead.")
        word = arg.lower()
        if word in ("off", "stop", "delete"):
            gone = await self.store.drop_calendar_token(owner.key)
            return "Your calendar link no longer works." if gone else "You have no calendar link."
        if word and word not in ("new", "reset", "renew"):
            return "Use /calendar for your link, /calendar new for a fresh one, /calendar off to stop it."
        token = None if word else await self.store.calendar_token(owner.key)
        if token is None:
            token = secrets.token_urlsafe(24)
            await self.store.set_calendar_token(owner.key, token, now)
        return (f"Subscribe to this link in your calendar app (Google: Other calendars → From URL; Apple: "
                f"File → New Calendar Subscription) for birthdays and keep-in-touch dates:\n"
                f"{self.calendar_url.rstrip('/')}/calendar/{token}.ics\n"
                "Keep it private: anyone with it can read those dates. /calendar new replaces it, "
                "/calendar off stops it.")

    async def import_file(self, owner: Owner, file: Attachment, now: datetime, source: int | None) -> str:
        """A file sent in the chat: import it and report what changed."""
        try:
            report = await import_bytes(self.store, owner.key, file.name, file.data, now, source)
        except ImportFileError as err:
            return str(err)
        # imported notes wait in the vector outbox: the background indexer (or the next search) embeds
        # them, so a large import does not hold up this reply
        undo = "" if report.kind == "json" else "\nSay /undo to take this import back."
        return report.text() + undo
    async def cmd_link(self, owner: Owner, arg: str, now: datetime, sender: str) -> str:
        """/link: a one-time code for this address book; /link CODE: use that address book here."""
        if not arg:
            code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
            await self.store.add_link_code(owner.key, code, now + timedelta(minutes=LINK_MINUTES), now=now)
            return (f"Your link code is {code} (valid for {LINK_MINUTES} minutes, once). On your other account "
                    f"(Telegram or Discord), send: /link {code}")
        wrong, until = await self.store.link_failures(sender, now, LINK_WRONG_WINDOW)
        if wrong >= LINK_MAX_WRONG:
            assert until is not None  # a window with failures ends
            wait = max(1, -(-int((until - now).total_seconds()) // 60))
            return (f"Too many wrong codes from this account: try again in {fmt.plural(wait, 'minute')}, "
                    "with a fresh code from /link on your other account.")
        target = await self.store.take_link_code(arg.upper().replace(" ", ""), now)
        if target is None:
            wrong = await self.store.add_link_failure(sender, now, LINK_WRONG_WINDOW)
            left = LINK_MAX_WRONG - wrong
            tries = f" {fmt.plural(left, 'more try', 'more tries')} this hour." if left else \
                " That was the last try for this hour."
            return "That code is unknown or expired. Send /link on your other account for a fresh one." + tries
        await self.store.clear_link_failures(sender)
        if target == owner.key:
            return "These accounts already share one address book."
        await self.store.link(sender, target, now)
        await nudges.queue_notice(self.store, target, (
            f"🔗 {sender} just linked to your address book: it can now read and add to it. If that wasn't you, "
            "send /unlink here to separate every linked account."), now)
        return (f"Linked: {sender} now uses the address book of {target}. What you told me on this account "
                "before stays saved apart and comes back with /unlink.")

    async def cmd_unlink(self, owner: Owner, arg: str, now: datetime, sender: str) -> str:
        gone = await self.store.unlink(sender)
        if not gone:
            return "This account is not linked to another one."
        if gone == [sender]:
            return f"Unlinked: {sender} has its own address book again."
        return f"Unlinked {fmt.join(gone)}: each has its own address book again."


_YES = {"yes", "y", "yep", "yeah", "yup", "ya", "sure", "ok", "okay", "confirm", "delete", "forget"}
_NO = {"no", "n", "nope", "nah", "cancel", "stop", "keep", "dont", "don't", "wait"}


def _leads_with(answer: str, words: set[str]) -> bool:
    """A short answer whose first word is one of `words` and that says nothing of the other side."""
    said = re.findall(r"[a-z']+", answer)
    other = _NO if words is _YES else _YES
    return bool(said) and said[0] in words and len(said) <= 5 and not (other & set(said[1:]) - {"forget", "delete"})


async def _stop_all(store: Store, owner_key: str, contact: Contact) -> str:
    """"stop reminding me about sam": the keep-in-touch reminder and the open follow-ups about them."""
    kept = await store.stop_reminder(owner_key, contact.id)
    open_ = [f for f in await store.followups(owner_key, contact.id) if not f.sent]
    for f in open_:
        await store.cancel_followup(owner_key, f.id)
    if not kept and not open_:
        return f"I have no reminder about {contact.name}."
    cancelled = "; ".join(f.text for f in open_)
    if not kept:
        return f"Cancelled your {'reminders' if len(open_) > 1 else 'reminder'} about {contact.name}: {cancelled}."
    more = f", and cancelled: {cancelled}" if open_ else ""
    return f"Stopped the keep-in-touch reminder for {contact.name}{more}."
