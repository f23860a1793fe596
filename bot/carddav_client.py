"""A CardDAV address book over HTTP (httpx): finding it, listing, fetching and writing cards.

`open_book(url, user, password)` accepts the address book's own URL, or a principal or home URL,
or just the server (`https://contacts.icloud.com`): PROPFIND the URL for its resource type,
`current-user-principal` and `addressbook-home-set` (RFC 6352 section 7; RFC 6764's
`/.well-known/carddav` when the URL is a bare server), then list the home's collections whose
resource type is `addressbook`. One address book is used; where a home has several, the one
called contacts/card/default (Nextcloud, iCloud, Fastmail) is taken, and otherwise the user is
asked to give its URL.

Cards are listed with PROPFIND Depth 1 (href and ETag), fetched with REPORT
addressbook-multiget in batches (GET one by one where a server refuses the REPORT), created
with PUT If-None-Match: * and edited with PUT If-Match: ETag. Nothing here sends DELETE.

Errors become core's `CardDAVError` (wrong password, not an address book: exit code 2) or
`Unreachable` (no connection, time-out, a server error: exit code 3), with messages fit to show.
The password is handed to httpx's basic auth and never logged; the URLs logged carry no
credentials (the caller strips any `user:password@`).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from contextlib import asynccontextmanager
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx

from core.carddav import CardDAVError, Changed, Unreachable

logger = logging.getLogger(__name__)

DAV, CARD = "DAV:", "urn:ietf:params:xml:ns:carddav"
BATCH = 100  # hrefs per addressbook-multiget
_PREFERRED = ("contacts", "card", "default", "addressbook")


class AuthRefused(CardDAVError):
    """HTTP 401: the user name or password is wrong."""


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _propfind(*props: str) -> bytes:
    body = "".join(f"<{p}/>" for p in props)
    return (f'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="{CARD}">'
            f"<d:prop>{body}</d:prop></d:propfind>").encode()


def _multiget(hrefs: list[str]) -> bytes:
    body = "".join(f"<d:href>{_xml_escape(h)}</d:href>" for h in hrefs)
    return (f'<?xml version="1.0" encoding="utf-8"?><c:addressbook-multiget xmlns:d="DAV:" xmlns:c="{CARD}">'
            f"<d:prop><d:getetag/><c:address-data/></d:prop>{body}</c:addressbook-multiget>").encode()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Response:
    """One <response> of a multistatus: its href and the properties found (status 200)."""

    def __init__(self, href: str, props: dict[str, ET.Element]):
        self.href, self.props = href, props

    def text(self, tag: str) -> str | None:
        el = self.props.get(tag)
        return el.text.strip() if el is not None and el.text is not None else None

    def inner_href(self, tag: str) -> str | None:
        el = self.props.get(tag)
        found = el.find(_q(DAV, "href")) if el is not None else None
        return found.text.strip() if found is not None and found.text else None

    def is_(self, ns: str, kind: str) -> bool:
        el = self.props.get(_q(DAV, "resourcetype"))
        return el is not None and el.find(_q(ns, kind)) is not None


class HttpBook:
    """One address book collection (`url`) on a CardDAV server, through an httpx client."""

    def __init__(self, client: httpx.AsyncClient, url: str):
        self.client, self.url = client, url

    def _path(self, href: str) -> str:
        """The path of an href, encoded one way whatever way the server encoded it."""
        return quote(unquote(urlsplit(urljoin(self.url, href)).path), safe="/:@!$&'()*+,;=~")

    async def listing(self) -> dict[str, str | None]:
        found = await _multistatus(self.client, "PROPFIND", self.url, "1",
                                   _propfind("d:getetag", "d:resourcetype", "d:getcontenttype"))
        own = unquote(self._path(self.url)).rstrip("/")
        out = {}
        for r in found:
            path = self._path(r.href)
            if unquote(path).rstrip("/") == own or r.is_(DAV, "collection"):
                continue
            kind = (r.text(_q(DAV, "getcontenttype")) or "").lower()
            if kind and "vcard" not in kind and not path.lower().endswith(".vcf"):
                continue
            out[path] = r.text(_q(DAV, "getetag"))
        return out

    async def fetch(self, hrefs: list[str]) -> dict[str, tuple[str | None, str]]:
        out: dict[str, tuple[str | None, str]] = {}
        for i in range(0, len(hrefs), BATCH):
            batch = hrefs[i:i + BATCH]
            try:
                found = await _multistatus(self.client, "REPORT", self.url, "1", _multiget(batch))
            except CardDAVError as err:
                if isinstance(err, (Unreachable, AuthRefused)):
                    raise
                logger.info("carddav: multiget refused (%s); fetching %s cards one by one", err, len(batch))
                found = None
            if found is not None:
                for r in found:
                    data = r.text(_q(CARD, "address-data"))
                    if data:
                        out[self._path(r.href)] = (r.text(_q(DAV, "getetag")), data)
                continue
            for href in batch:
                resp = await _send(self.client, "GET", urljoin(self.url, href))
                if resp.status_code == 404:
                    continue
                _check(resp, urljoin(self.url, href))
                out[href] = (resp.headers.get("etag"), resp.text)
        return out

    def href_for(self, uid: str) -> str:
        return self._path(self.url).rstrip("/") + f"/{uid}.vcf"

    async def create(self, href: str, text: str) -> str | None:
        return await self._put(href, text, {"If-None-Match": "*"})

    async def update(self, href: str, etag: str | None, text: str) -> str | None:
        return await self._put(href, text, {"If-Match": etag} if etag else {})

    async def _put(self, href: str, text: str, headers: dict[str, str]) -> str | None:
        url = urljoin(self.url, href)
        resp = await _send(self.client, "PUT", url, content=text.encode("utf-8"),
                           headers={"Content-Type": "text/vcard; charset=utf-8", **headers})
        if resp.status_code == 412:
            raise Changed(href)
        _check(resp, url)
        return resp.headers.get("etag")


async def _send(client: httpx.AsyncClient, method: str, url: str, **kw) -> httpx.Response:
    try:
        return await client.request(method, url, **kw)
    except httpx.TimeoutException as err:
        raise Unreachable(f"{_host(url)} did not answer in time ({type(err).__name__}); try again later.") from err
    except httpx.TransportError as err:
        reason = str(err).split("] ")[-1] or type(err).__name__
        raise Unreachable(f"I can't reach {_host(url)}: {reason}. Check the address and your connection.") from err
    except httpx.InvalidURL as err:
        raise CardDAVError(f"{url} is not a URL I can use ({err}).") from err
    except httpx.RequestError as err:  # too many redirects, a body that cannot be decoded, ...
        raise Unreachable(f"{_host(url)} could not be talked to ({type(err).__name__}: {err}).") from err


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or url


def _check(resp: httpx.Response, url: str) -> None:
    code = resp.status_code
    if code == 401:
        raise AuthRefused(f"{_host(url)} refused the user name or password (HTTP 401). Check --user and "
                           "MEMORO_CARDDAV_PASSWORD (iCloud and Fastmail want an app password).")
    if code == 403:
        raise CardDAVError(f"{_host(url)} does not let this user {resp.request.method} {urlsplit(url).path} "
                           "(HTTP 403).")
    if code == 404:
        raise CardDAVError(f"There is nothing at {url} (HTTP 404): check the address book's URL.")
    if code >= 500:
        raise Unreachable(f"{_host(url)} failed (HTTP {code}); try again later.")
    if code >= 400:
        raise CardDAVError(f"{_host(url)} refused {resp.request.method} {urlsplit(url).path} (HTTP {code}); "
                           "is this a CardDAV address book?")


async def _multistatus(client: httpx.AsyncClient, method: str, url: str, depth: str, body: bytes) -> list[_Response]:
    resp = await _send(client, method, url, content=body,
                       headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"})
    _check(resp, url)
    if resp.status_code != 207:
        raise CardDAVError(f"{url} answered {method} with HTTP {resp.status_code}, not a WebDAV multistatus: "
                           "is this a CardDAV address book?")
    try:
        root = ET.fromstring(resp.content)
    except ET.ParseError as err:
        raise CardDAVError(f"{_host(url)} answered {method} with XML I can't read ({err}).") from err
    out = []
    for r in root.iter(_q(DAV, "response")):
        href = r.findtext(_q(DAV, "href"), "").strip()
        props: dict[str, ET.Element] = {}
        for ps in r.iter(_q(DAV, "propstat")):
            if " 200 " in f'{ps.findtext(_q(DAV, "status"), "")} ':
                for prop in ps.iter(_q(DAV, "prop")):
                    props.update({child.tag: child for child in prop})
        out.append(_Response(href, props))
    return out


async def _find(client: httpx.AsyncClient, url: str) -> str:
    """The address book collection at, or under, `url`."""
    props = _propfind("d:resourcetype", "d:current-user-principal", "c:addressbook-home-set")
    try:
        here = (await _multistatus(client, "PROPFIND", url, "0", props))[:1]
    except CardDAVError as err:
        if isinstance(err, (Unreachable, AuthRefused)) or urlsplit(url).path not in ("", "/"):
            raise
        here = []
    if here and here[0].is_(CARD, "addressbook"):
        return url
    home = here[0].inner_href(_q(CARD, "addressbook-home-set")) if here else None
    principal = here[0].inner_href(_q(DAV, "current-user-principal")) if here else None
    if not home and principal:
        found = await _multistatus(client, "PROPFIND", urljoin(url, principal), "0",
                                   _propfind("c:addressbook-home-set"))
        home = found[0].inner_href(_q(CARD, "addressbook-home-set")) if found else None
    if not home and urlsplit(url).path in ("", "/"):
        well_known = urljoin(url, "/.well-known/carddav")
        found = await _multistatus(client, "PROPFIND", well_known, "0",
                                   _propfind("d:current-user-principal", "c:addressbook-home-set"))
        if found and (principal := found[0].inner_href(_q(DAV, "current-user-principal"))):
            found = await _multistatus(client, "PROPFIND", urljoin(well_known, principal), "0",
                                       _propfind("c:addressbook-home-set"))
        home = found[0].inner_href(_q(CARD, "addressbook-home-set")) if found else None
    if not home:
        raise CardDAVError(f"{url} is not an address book and names none (no addressbook-home-set): give the "
                           "address book's own URL (see README, CardDAV).")
    home = urljoin(url, home)
    found = await _multistatus(client, "PROPFIND", home, "1", _propfind("d:resourcetype", "d:displayname"))
    books = [urljoin(home, r.href) for r in found if r.is_(CARD, "addressbook")]
    books = [b for b in books if "z-app-generated" not in b]  # Nextcloud's "recently contacted"
    if len(books) > 1:
        named = [b for b in books if unquote(urlsplit(b).path).rstrip("/").rsplit("/", 1)[-1].lower() in _PREFERRED]
        if len(named) == 1:
            books = named
    if not books:
        raise CardDAVError(f"There is no address book under {home}.")
    if len(books) > 1:
        raise CardDAVError("There are several address books; give the one to sync:\n"
                           + "\n".join(f"  {b}" for b in books))
    return books[0]


def _clean(url: str) -> tuple[str, str | None, str | None]:
    """(the URL without user:password@, the user, the password) of a URL as typed."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CardDAVError(f"{url!r} is not an http(s) URL: give the address book's URL, e.g. "
                           "https://cloud.example.com/remote.php/dav/addressbooks/users/me/contacts/")
    host = parts.netloc.rpartition("@")[2]
    clean = parts._replace(netloc=host).geturl()
    return clean, unquote(parts.username) if parts.username else None, \
        unquote(parts.password) if parts.password else None


@asynccontextmanager
async def open_book(url: str, *, user: str | None, password: str | None, timeout: float = 30.0,
                    transport: httpx.AsyncBaseTransport | None = None):
    """`async with open_book(url, user=..., password=...) as book:` the address book at or under url."""
    url, url_user, url_password = _clean(url)
    user, password = user or url_user, password or url_password
    auth = httpx.BasicAuth(user, password or "") if user else None
    async with httpx.AsyncClient(auth=auth, timeout=timeout, follow_redirects=True, transport=transport,
                                 headers={"User-Agent": "memoro-carddav"}) as client:
        found = await _find(client, url if urlsplit(url).path else url + "/")
        if not found.endswith("/"):
            found += "/"
        logger.info("carddav: address book %s", found)
        yield HttpBook(client, found)
