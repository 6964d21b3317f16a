"""A CalDAV calendar collection as a delivery target: one resource per screening, over HTTP.

Only the few WebDAV requests publishing needs, each with its precondition (RFC 4791 §5.3.2,
RFC 9110 §13.1):
- PROPFIND (Depth 0) first: the URL must be a calendar collection, and the credentials good.
- PUT with `If-None-Match: *` to create (never overwrites what someone else put there), with
  `If-Match: <the ETag screenkit last saw>` to update (never overwrites an edit made on the
  server since). A 412 leaves that resource alone and says so; `force` drops the condition.
- DELETE with `If-Match` for resources screenkit created and the plan no longer has.
A resource whose content has the digest recorded when it was last published is not sent at
all, so publishing twice makes no request beyond the first PROPFIND.

After a 412, the resource is read back (GET): one that holds screenkit's own event (its UID
and content, whatever its DTSTAMP) is what an interrupted run put there before it could record
it, and is taken back as screenkit's own (updated under its current ETag) rather than
reported as someone else's.

Nothing a server says reaches the plan or memory unchecked: every answer is read with a cap
(a 300 MB body is cut off at the cap and refused), every request has a deadline for the whole
answer (`deadline`), an ETag must be one the plan can hold (`check_etag`), XML with a DOCTYPE
is refused before parsing, and a redirect is reported, never followed (credentials stay with
the host they were meant for).

It uses httpx directly rather than the `caldav` library: the library finds objects by search
and caches ETags in memory, while publishing needs conditional PUTs on ETags kept in the plan
across runs, and its dependencies (lxml, niquests, dnspython …) cost more than these requests
(see benchmarks/publish.py for the time against a bare loop of PUTs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from screenkit.delivery.deadline import Clock
from screenkit.delivery.secrets import Secret, scrub
from screenkit.delivery.targets import Arrival, Arrived, Delivery, Step
from screenkit.errors import DeliveryError, InputError
from screenkit.output import Output

if TYPE_CHECKING:
    import httpx

    from screenkit.delivery.serverurls import ServerUrl

CALDAV_NS = "urn:ietf:params:xml:ns:caldav"
PROPFIND = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>'
)
MAX_BODY = 1 << 20  # a PROPFIND answer for one collection, or one event, is small
MAX_ANSWER = 64 * 1024  # what a PUT or DELETE answers besides its status: read and dropped
MAX_ETAG = 256
_ETAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e]*"')
EXAMPLE = "https://cloud.example.org/remote.php/dav/calendars/USER/CALENDAR/"


def check_etag(value: str | None) -> str | None:
    """An ETag as RFC 9110 writes one (`"…"`, printable ASCII), short enough for one line of
    the plan; ValueError saying what is wrong with any other."""
    if value is None:
        return None
    if len(value) > MAX_ETAG:
        raise ValueError(f"an ETag of {len(value):,} characters (at most {MAX_ETAG})")
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        raise ValueError("an ETag holding a control character")
    if not _ETAG.fullmatch(value):
        raise ValueError('an ETag that is not a quoted string of printable ASCII ("…")')
    return value


def collection(raw: str) -> ServerUrl:
    """The collection's address as screenkit records it (ending in `/`, no user or password),
    with the user name given in it, if any. A malformed URL is a usage error (exit 2)."""
    from screenkit.delivery import serverurls

    url = serverurls.parse(raw, "URL", ("http", "https"), "an http(s) URL",
                           f"the calendar's address, such as {EXAMPLE}", path=True)  # fmt: skip
    if url.password is not None:
        raise InputError(
            "URL: holds a password; never put one in a URL (it would be recorded in the plan): "
            "use SCREENKIT_CALDAV_PASSWORD or the [caldav] table of the user config file"
        )
    path = url.path if url.path.endswith("/") else url.path + "/"
    return serverurls.ServerUrl(url.scheme, url.host, url.port, path, url.user)


@dataclass(frozen=True)
class Record:
    """What screenkit last published to a collection for one uid."""

    etag: str | None  # as the server gave it, quotes and all; None if it gave none
    digest: str  # objects.digest of the content sent


@dataclass(frozen=True)
class Account:
    url: str  # from `collection`, shown
    user: str | None = None
    password: Secret | None = None
    timeout: float = 30.0  # seconds, for connecting, for each read, and for each whole answer


@dataclass
class Published(Delivery):
    """A Delivery that also tells created from updated, and what became of removed uids."""

    created: list[Output] = field(default_factory=list)
    updated: list[Output] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # uids deleted (or already gone)
    not_removed: list[tuple[str, str]] = field(default_factory=list)  # uid, why
    untried: list[Output] = field(default_factory=list)  # not sent: the server had failed
    broken: str | None = None  # why the server was given up on (down, full)
    records: dict[str, Record | None] = field(default_factory=dict)  # uid -> new record; None:
    # forget it (removed)
    reclaimed: list[str] = field(default_factory=list)  # uids found there as screenkit's own

    def href(self, url: str, uid: str) -> str:
        from screenkit.calendars.objects import name

        return url + name(uid)


def _reason(status: int, what: str) -> str:
    texts = {
        401: "the server refused the user name or password (401)",
        403: "the server does not allow this user to write there (403)",
        404: "no such calendar on the server (404); check the URL",
        405: "the server does not allow this there (405); is the URL a calendar?",
        409: "the server refused it as conflicting (409): another resource there may hold "
        "the same UID",
        413: "the server refused it as too large (413)",
        415: "the server does not take calendar data there (415)",
        507: "the server has no storage left (507 Insufficient Storage)",
    }
    if status in texts:
        return texts[status]
    if 300 <= status < 400:
        return f"the server redirects {what} elsewhere ({status}); it was not followed"
    if status >= 500:
        return f"the server failed while handling {what} ({status}); try again later"
    return f"the server refused {what} ({status})"


class _TooBig(Exception):
    pass


class _BadAnswer(Exception):
    """A server's answer screenkit will not keep (an ETag the plan cannot hold)."""


def _read(answer: httpx.Response, cap: int) -> bytes:
    """The answer's body as sent, at most `cap` bytes; past that it is dropped unread
    (_TooBig). Answers are asked for uncompressed (`Accept-Encoding: identity`), so nothing
    small on the wire can grow into gigabytes here."""
    body = bytearray()
    for chunk in answer.iter_raw():
        body += chunk
        if len(body) > cap:
            raise _TooBig
    return bytes(body)


def _etag(answer: httpx.Response) -> str | None:
    try:
        return check_etag(answer.headers.get("etag"))
    except ValueError as exc:
        raise _BadAnswer(f"the server answered with {exc}, which screenkit cannot keep") from None


def _encoded(answer: httpx.Response) -> bool:
    return answer.headers.get("content-encoding", "identity").strip().lower() not in (
        "identity",
        "",
    )


def same_event(ours: bytes, theirs: bytes) -> bool:
    """Whether a stored object holds screenkit's event as `ours` says it, whatever its
    DTSTAMP (an interrupted run made it at another moment) and however the server wrote it
    back (Radicale reorders properties and time zone rules, and refolds lines): the events
    compared property by property, and the time zones by name."""
    from icalendar import Calendar

    def normal(raw: bytes) -> tuple[list[bytes], list[str]]:
        cal = Calendar.from_ical(raw)
        events = []
        for event in cal.walk("VEVENT"):
            event.pop("DTSTAMP", None)
            events.append(bytes(event.to_ical(sorted=True)))
        return sorted(events), sorted(str(z.get("TZID")) for z in cal.walk("VTIMEZONE"))

    try:
        return normal(ours) == normal(theirs)
    except Exception:  # not a calendar at all: not ours
        return False


class CalDAV:
    """Publishes outputs (one screening's resource each, `uid` set) into one collection."""

    reports_arrivals = True  # see targets.deliver_to

    def __init__(
        self,
        account: Account,
        known: dict[str, Record],
        *,
        force: bool = False,
        remove: Sequence[str] = (),
        credentials_hint: str = "",
        dry_run: bool = False,
    ) -> None:
        self.account = account
        self.known = known
        self.force = force
        self.remove = list(remove)  # uids screenkit published and the plan no longer has
        self.hint = credentials_hint
        self.dry_run = dry_run  # say what would be sent, from the records alone
        self.clock = Clock()

    # -- what would be sent, without sending it ----------------------------------------------
    def classify(self, outputs: Sequence[Output]) -> Published:
        """What `deliver` would do with each output, from the records alone (a dry run)."""
        from screenkit.calendars.objects import digest

        result = Published()
        for out in outputs:
            assert out.uid is not None
            before = self.known.get(out.uid)
            if before is None:
                result.created.append(out)
            elif before.digest == digest(out.content) and before.etag is not None:
                result.unchanged.append(out)
            else:
                result.updated.append(out)
            result.places.append(result.href(self.account.url, out.uid))
        result.done = [*result.created, *result.updated]
        result.removed = list(self.remove)
        return result

    # -- the real thing ------------------------------------------------------------------------
    def _client(self) -> httpx.Client:
        import httpx

        from screenkit import __version__
        from screenkit.delivery.deadline import transport

        a = self.account
        password = a.password.get() if a.password is not None else ""
        auth = httpx.BasicAuth(a.user, password) if a.user else None  # UTF-8 (RFC 7617)
        return httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(a.timeout),
            follow_redirects=False,
            headers={"User-Agent": f"screenkit/{__version__}", "Accept-Encoding": "identity"},
            transport=transport(self.clock),
        )

    @contextmanager
    def _request(self, client: httpx.Client, method: str, url: str,
                 **kwargs: object) -> Iterator[httpx.Response]:  # fmt: skip
        """One request whose whole answer keeps to the account's deadline."""
        with (
            self.clock.limit(self.account.timeout),
            client.stream(method, url, **kwargs) as answer,  # type: ignore[arg-type]
        ):
            yield answer

    def _fail(self, why: str) -> DeliveryError:
        return DeliveryError(f"{self.account.url}: {why}")

    def _network(self, exc: Exception) -> str:
        import httpx

        if isinstance(exc, httpx.TimeoutException):
            return (
                f"the server did not answer within {self.account.timeout:g} s; it may be down "
                "or overloaded: try again later"
            )
        if isinstance(exc, httpx.ConnectError):
            detail = str(exc).split("] ", 1)[-1] or "connection failed"
            return scrub(f"cannot connect ({detail}); is the server running and the URL right?",
                         self.account.password)  # fmt: skip
        if isinstance(exc, _TooBig):
            return "the server answered with more than screenkit reads for one request"
        if isinstance(exc, httpx.RemoteProtocolError) and "location" in str(exc).lower():
            return (
                "the server redirects to an address that does not read as one; screenkit "
                "does not follow it"
            )
        return scrub(f"the connection failed ({type(exc).__name__}: {exc})"[:300],
                     self.account.password)  # fmt: skip

    def check(self, client: httpx.Client) -> None:
        """The URL is a calendar collection and the credentials are good, or DeliveryError."""
        import httpx

        from screenkit.delivery.serverurls import shown_location

        headers = {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}
        try:
            with self._request(client, "PROPFIND", self.account.url, content=PROPFIND,
                               headers=headers) as answer:  # fmt: skip
                status = answer.status_code
                body = _read(answer, MAX_BODY) if status == 207 else b""
                if _encoded(answer):
                    body = b""  # compressed though asked not to be: not read as XML
        except _TooBig:
            raise self._fail(
                f"answered PROPFIND with over {MAX_BODY >> 20} MB; is this a CalDAV server?"
            ) from None
        except httpx.HTTPError as exc:
            raise self._fail(self._network(exc)) from None
        if status == 401:
            raise self._fail(_reason(401, "") + self.hint)
        if status in (301, 302, 303, 307, 308):
            where = shown_location(answer.headers.get("location", ""))
            raise self._fail(
                f"the server redirects to {where}; screenkit does not follow it (your "
                "password stays with the address you gave): publish to that URL instead"
            )
        if status != 207:
            if status in (200, 405, 501):  # a web server, but not a WebDAV one there
                raise self._fail(
                    f"is not a CalDAV calendar (PROPFIND answered {status}); give the URL of "
                    "a calendar collection"
                )
            raise self._fail(_reason(status, "the request"))
        calendar = _is_calendar(body)
        if calendar is None:
            raise self._fail(
                "answered PROPFIND with something that is not WebDAV XML; is this a CalDAV server?"
            )
        if not calendar:
            raise self._fail(
                "is not a calendar collection (a folder or a file); give the URL of a calendar, "
                "or create one in your calendar app (or with MKCALENDAR)"
            )

    def deliver(self, outputs: Iterable[Output], step: Step = lambda: None,
                arrived: Arrived | None = None) -> Published:  # fmt: skip
        outputs = list(outputs)
        if self.dry_run:
            return self.classify(outputs)
        result = Published()
        tell = arrived or (lambda _: None)
        with self._client() as client:
            self.check(client)
            for out in outputs:
                step()
                assert out.uid is not None
                if result.broken is not None:
                    result.untried.append(out)
                    continue
                self._put(client, out, result, tell)
            for uid in self.remove:
                step()
                self._delete(client, uid, result, tell)
        return result

    def _send(self, client: httpx.Client, href: str, content: bytes,
              headers: dict[str, str]) -> tuple[int, str | None]:  # fmt: skip
        """PUT, and the status and the new ETag (asked for with HEAD if the PUT gave none)."""
        with self._request(client, "PUT", href, content=content, headers=headers) as answer:
            _read(answer, MAX_ANSWER)
            status, etag = answer.status_code, _etag(answer)
        if 200 <= status < 300 and etag is None:  # the server altered it: ask
            with self._request(client, "HEAD", href) as head:
                etag = _etag(head) if head.status_code == 200 else None
        return status, etag

    def _theirs(self, client: httpx.Client, href: str) -> tuple[bytes, str | None] | None:
        """The object at `href` and its ETag, or None when there is none to read."""
        try:
            with self._request(client, "GET", href) as answer:
                if answer.status_code != 200 or _encoded(answer):
                    return None
                return _read(answer, MAX_BODY), _etag(answer)
        except _TooBig:
            return None

    def _put(self, client: httpx.Client, out: Output, result: Published, tell: Arrived) -> None:
        import httpx

        from screenkit.calendars.objects import digest

        assert out.uid is not None
        href = result.href(self.account.url, out.uid)
        before = self.known.get(out.uid)
        fingerprint = digest(out.content)
        if before is not None and before.digest == fingerprint and before.etag:
            result.unchanged.append(out)
            result.places.append(href)
            return
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if not self.force:
            if before is None:
                headers["If-None-Match"] = "*"
            elif before.etag:
                headers["If-Match"] = before.etag
        try:
            status, etag = self._send(client, href, out.content, headers)
            if status == 412 and not self.force:
                found = self._theirs(client, href)
                if found is not None and same_event(out.content, found[0]):
                    # What an interrupted run put there: screenkit's own, under its ETag now.
                    mine = {**headers, "If-Match": found[1]} if found[1] else dict(headers)
                    mine.pop("If-None-Match", None)
                    status, etag = self._send(client, href, out.content, mine)
                    if 200 <= status < 300:
                        result.reclaimed.append(out.uid)
        except (httpx.HTTPError, _TooBig) as exc:
            result.broken = self._network(exc)
            result.failed.append((out, f"{href}: {result.broken}"))
            return
        except _BadAnswer as exc:
            result.broken = str(exc)
            result.failed.append((out, f"{href}: {exc}"))
            return
        if 200 <= status < 300:
            (result.updated if before is not None else result.created).append(out)
            result.done.append(out)
            result.places.append(href)
            record = result.records[out.uid] = Record(etag, fingerprint)
            tell(Arrival(out, out.uid, record))
            return
        if status == 412:
            why = (
                "changed or deleted on the server since screenkit last published it"
                if before is not None
                else "already on the server, put there by someone else"
            )
            result.failed.append((out, f"{href}: {why}; left as is (--force overwrites)"))
            return
        reason = _reason(status, "the event")
        if status in (401, 507) or status >= 500:
            result.broken = reason
        result.failed.append((out, f"{href}: {reason}"))

    def _delete(self, client: httpx.Client, uid: str, result: Published, tell: Arrived) -> None:
        import httpx

        href = result.href(self.account.url, uid)
        if result.broken is not None:
            result.not_removed.append((uid, f"{href}: not tried: {result.broken}"))
            return
        before = self.known.get(uid)
        headers = {}
        if not self.force and before is not None and before.etag:
            headers["If-Match"] = before.etag
        try:
            with self._request(client, "DELETE", href, headers=headers) as answer:
                _read(answer, MAX_ANSWER)
                status = answer.status_code
        except (httpx.HTTPError, _TooBig) as exc:
            result.broken = self._network(exc)
            result.not_removed.append((uid, f"{href}: {result.broken}"))
            return
        if 200 <= status < 300 or status == 404:  # gone already: fine
            result.removed.append(uid)
            result.records[uid] = None
            tell(Arrival(None, uid, None))
        elif status == 412:
            why = "changed on the server since screenkit published it; left as is"
            why += " (--force removes it)"
            result.not_removed.append((uid, f"{href}: {why}"))
        else:
            result.not_removed.append((uid, f"{href}: {_reason(status, 'the deletion')}"))


def _is_calendar(body: bytes) -> bool | None:
    """Whether a Depth-0 PROPFIND answer says the resource is a calendar collection; None
    for what is not WebDAV XML. A DOCTYPE (the door to entity expansion) is refused unread."""
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    if root.tag != "{DAV:}multistatus":
        return None
    for rtype in root.iter("{DAV:}resourcetype"):
        if rtype.find(f"{{{CALDAV_NS}}}calendar") is not None:
            return True
    return False


DEFAULT_TIMEOUT = 30.0
CONFIG_KEYS: dict[str, tuple[type, ...]] = {
    "user": (str,), "password": (str,), "password_command": (str, list), "keyring": (str, bool),
    "timeout": (int, float, str),
}  # fmt: skip


def account(url: ServerUrl, environ: Mapping[str, str], *, insecure: bool = False) -> Account:
    """Who to publish as: the environment first, then the user config file's [caldav]. A
    password sent over http:// to another machine is refused unless `insecure`."""
    from screenkit.delivery import secrets, userconfig
    from screenkit.delivery.smtp import seconds

    user = environ.get("SCREENKIT_CALDAV_USER") or None
    password: Secret | None = None
    if environ.get("SCREENKIT_CALDAV_PASSWORD"):
        password = secrets.given(environ["SCREENKIT_CALDAV_PASSWORD"], "SCREENKIT_CALDAV_PASSWORD")
    timeout: object = environ.get("SCREENKIT_CALDAV_TIMEOUT") or None
    where = "SCREENKIT_CALDAV_TIMEOUT"
    if user is None or password is None or timeout is None:
        config = userconfig.table("caldav", CONFIG_KEYS, environ)
        user = user or config.get("user") or url.user
        if password is None:
            table = f"{userconfig.path(environ)}: caldav"
            password = secrets.from_table("caldav", config, table, str(user) if user else None)
        if timeout is None and "timeout" in config:
            timeout, where = config["timeout"], f"{userconfig.path(environ)}: [caldav] timeout"
    limit = DEFAULT_TIMEOUT if timeout is None else seconds(timeout, where)
    clear = url.scheme == "http" and not url.loopback
    if password is not None and user and clear and not insecure:
        raise InputError(
            f"URL: {url.shown()} is http://, so the password would cross the network in "
            "clear; use https://, or --insecure if you must"
        )
    return Account(url.shown(), str(user) if user else None, password, limit)


def hint(environ: Mapping[str, str]) -> str:
    from screenkit.delivery import userconfig

    return (
        "; set SCREENKIT_CALDAV_USER and SCREENKIT_CALDAV_PASSWORD, or user and password in "
        f"the [caldav] table of {userconfig.path(environ)}"
    )
