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

It uses httpx directly rather than the `caldav` library: the library finds objects by search
and caches ETags in memory, while publishing needs conditional PUTs on ETags kept in the plan
across runs, and its dependencies (lxml, niquests, dnspython …) cost more than these four
requests (see benchmarks/publish.py for the time against a bare loop of PUTs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from screenkit.delivery.targets import Delivery, Step
from screenkit.errors import DeliveryError, InputError
from screenkit.output import Output

if TYPE_CHECKING:
    import httpx

CALDAV_NS = "urn:ietf:params:xml:ns:caldav"
PROPFIND = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>'
)
MAX_BODY = 1 << 20  # a PROPFIND answer for one collection is small; never read megabytes


def collection_url(raw: str) -> tuple[str, str | None]:
    """The collection's URL as screenkit records it (ending in `/`, no user or password), and
    the user name given in it, if any. A malformed URL is a usage error (exit 2)."""
    text = raw.strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a bad port
    except ValueError as exc:
        raise InputError(f"URL: {raw!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"URL: {raw!r} is not an http(s) URL; give the calendar's address, such as "
            "https://cloud.example.org/remote.php/dav/calendars/USER/CALENDAR/"
        )
    if parts.password is not None:
        raise InputError(
            "URL: holds a password; never put one in a URL (it would be recorded in the plan): "
            "use SCREENKIT_CALDAV_PASSWORD or the [caldav] table of the user config file"
        )
    if parts.query or parts.fragment:
        raise InputError(f"URL: {raw!r}: a calendar's URL has no ?query or #fragment")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host if port is None else f"{host}:{port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, netloc, path, "", "")), parts.username


@dataclass(frozen=True)
class Record:
    """What screenkit last published to a collection for one uid."""

    etag: str | None  # as the server gave it, quotes and all; None if it gave none
    digest: str  # objects.digest of the content sent


@dataclass(frozen=True)
class Account:
    url: str  # from collection_url
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0  # seconds, for connecting and for each answer


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
    if status >= 500:
        return f"the server failed while handling {what} ({status}); try again later"
    return f"the server refused {what} ({status})"


class CalDAV:
    """Publishes outputs (one screening's resource each, `uid` set) into one collection."""

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

        a = self.account
        auth = httpx.BasicAuth(a.user, a.password or "") if a.user else None
        return httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(a.timeout),
            follow_redirects=False,
            headers={"User-Agent": f"screenkit/{__version__}"},
        )

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
            return f"cannot connect ({detail}); is the server running and the URL right?"
        return f"the connection failed ({type(exc).__name__}: {exc})"

    def check(self, client: httpx.Client) -> None:
        """The URL is a calendar collection and the credentials are good, or DeliveryError."""
        import httpx

        headers = {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}
        try:
            with client.stream(
                "PROPFIND", self.account.url, content=PROPFIND, headers=headers
            ) as answer:
                body = b""
                for chunk in answer.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BODY:
                        break
        except httpx.HTTPError as exc:
            raise self._fail(self._network(exc)) from None
        status = answer.status_code
        if status == 401:
            raise self._fail(_reason(401, "") + self.hint)
        if status in (301, 302, 303, 307, 308):
            where = answer.headers.get("location", "elsewhere")
            raise self._fail(f"the server redirects to {where}; publish to that URL instead")
        if status != 207:
            if status in (200, 405, 501):  # a web server, but not a WebDAV one there
                raise self._fail(
                    f"is not a CalDAV calendar (PROPFIND answered {status}); give the URL of "
                    "a calendar collection"
                )
            raise self._fail(_reason(status, "the request"))
        if not _is_calendar(body, self.account.url):
            raise self._fail(
                "is not a calendar collection (a folder or a file); give the URL of a calendar, "
                "or create one in your calendar app (or with MKCALENDAR)"
            )

    def deliver(self, outputs: Sequence[Output], step: Step = lambda: None) -> Published:
        if self.dry_run:
            return self.classify(outputs)
        import httpx

        from screenkit.calendars.objects import digest

        result = Published()
        url = self.account.url
        with self._client() as client:
            self.check(client)
            broken: str | None = None  # once the server is gone or full, stop asking it
            for out in outputs:
                step()
                assert out.uid is not None
                href = result.href(url, out.uid)
                if broken is not None:
                    result.untried.append(out)
                    continue
                before = self.known.get(out.uid)
                fingerprint = digest(out.content)
                if before is not None and before.digest == fingerprint and before.etag:
                    result.unchanged.append(out)
                    result.places.append(href)
                    continue
                headers = {"Content-Type": "text/calendar; charset=utf-8"}
                if not self.force:
                    if before is None:
                        headers["If-None-Match"] = "*"
                    elif before.etag:
                        headers["If-Match"] = before.etag
                try:
                    answer = client.put(href, content=out.content, headers=headers)
                    etag = answer.headers.get("etag")
                    if answer.is_success and etag is None:  # the server altered it: ask
                        etag = client.head(href).headers.get("etag")
                except httpx.HTTPError as exc:
                    broken = result.broken = self._network(exc)
                    result.failed.append((out, f"{href}: {broken}"))
                    continue
                status = answer.status_code
                if answer.is_success:
                    (result.updated if before is not None else result.created).append(out)
                    result.done.append(out)
                    result.places.append(href)
                    result.records[out.uid] = Record(etag, fingerprint)
                    continue
                if status == 412:
                    why = (
                        "changed or deleted on the server since screenkit last published it"
                        if before is not None
                        else "already on the server, put there by someone else"
                    )
                    result.failed.append((out, f"{href}: {why}; left as is (--force overwrites)"))
                    continue
                reason = _reason(status, "the event")
                if status in (401, 507) or status >= 500:
                    broken = result.broken = reason
                result.failed.append((out, f"{href}: {reason}"))
            for uid in self.remove:
                step()
                href = result.href(url, uid)
                if broken is not None:
                    result.not_removed.append((uid, f"{href}: not tried: {broken}"))
                    continue
                before = self.known.get(uid)
                headers = {}
                if not self.force and before is not None and before.etag:
                    headers["If-Match"] = before.etag
                try:
                    answer = client.delete(href, headers=headers)
                except httpx.HTTPError as exc:
                    broken = result.broken = self._network(exc)
                    result.not_removed.append((uid, f"{href}: {broken}"))
                    continue
                if answer.is_success or answer.status_code == 404:  # gone already: fine
                    result.removed.append(uid)
                    result.records[uid] = None
                elif answer.status_code == 412:
                    result.not_removed.append(
                        (
                            uid,
                            f"{href}: changed on the server since screenkit published it; "
                            "left as is (--force removes it)",
                        )
                    )
                else:
                    result.not_removed.append(
                        (uid, f"{href}: {_reason(answer.status_code, 'the deletion')}")
                    )
        return result


def _is_calendar(body: bytes, url: str) -> bool:
    """Whether a Depth-0 PROPFIND answer says the resource is a calendar collection."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return False
    for rtype in root.iter("{DAV:}resourcetype"):
        if rtype.find(f"{{{CALDAV_NS}}}calendar") is not None:
            return True
    return False


DEFAULT_TIMEOUT = 30.0
CONFIG_KEYS: dict[str, tuple[type, ...]] = {
    "user": (str,),
    "password": (str,),
    "timeout": (int, float, str),
}


def account(url: str, url_user: str | None, environ: Mapping[str, str]) -> Account:
    """Who to publish as: the environment first, then the user config file's [caldav]."""
    user = environ.get("SCREENKIT_CALDAV_USER") or None
    password = environ.get("SCREENKIT_CALDAV_PASSWORD") or None
    timeout = environ.get("SCREENKIT_CALDAV_TIMEOUT") or None
    where = "SCREENKIT_CALDAV_TIMEOUT"
    if user is None or password is None or timeout is None:
        from screenkit.delivery import userconfig

        config = userconfig.table("caldav", CONFIG_KEYS, environ)
        user = user or config.get("user") or url_user
        password = password or config.get("password")
        if timeout is None and "timeout" in config:
            timeout, where = config["timeout"], f"{userconfig.path(environ)}: [caldav] timeout"
    try:
        seconds = DEFAULT_TIMEOUT if timeout is None else float(timeout)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise InputError(f"{where}: {timeout!r} is not a number of seconds (0 to 3600)")
    return Account(url, str(user) if user else None, str(password) if password else None, seconds)


def hint(environ: Mapping[str, str]) -> str:
    from screenkit.delivery import userconfig

    return (
        "; set SCREENKIT_CALDAV_USER and SCREENKIT_CALDAV_PASSWORD, or user and password in "
        f"the [caldav] table of {userconfig.path(environ)}"
    )
