"""A pretix ticket shop over its REST API (https://docs.pretix.eu/dev/api/): the server, the
organizer and the API token from the environment or the user config's [pretix] (the token
also from a password command or the keyring, as other secrets; never the plan), and the few
calls `tickets` makes. Every request has a deadline; an error names the call and what pretix
said, with the token scrubbed out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from screenkit.delivery.secrets import Secret
from screenkit.errors import DeliveryError, InputError

DEFAULT_TIMEOUT = 30.0
CONFIG_KEYS: dict[str, tuple[type, ...]] = {
    "url": (str,), "organizer": (str,), "token": (str,), "password_command": (str, list),
    "keyring": (str, bool), "timeout": (int, float, str),
}  # fmt: skip
MAX_BODY = 8 * 1024 * 1024  # a page of a list of events or orders comes nowhere near


@dataclass(frozen=True)
class Shop:
    """Where the ticket shop is and how to sign in to it."""

    url: str  # the server's root: https://pretix.eu/
    organizer: str  # the organizer's short name in pretix
    token: Secret
    timeout: float = DEFAULT_TIMEOUT

    @property
    def api(self) -> str:
        return f"{self.url.rstrip('/')}/api/v1/organizers/{self.organizer}/"


def shop(environ: Mapping[str, str], *, insecure: bool = False) -> Shop:
    """The shop the environment (SCREENKIT_PRETIX_URL, _ORGANIZER, _TOKEN) or the user
    config's [pretix] names; what is missing is named with where to give it."""
    from screenkit.delivery import secrets, userconfig
    from screenkit.delivery.serverurls import parse
    from screenkit.delivery.smtp import seconds

    config = userconfig.table("pretix", CONFIG_KEYS, environ)
    where = f"{userconfig.path(environ)}: [pretix]"
    url = environ.get("SCREENKIT_PRETIX_URL") or config.get("url")
    organizer = environ.get("SCREENKIT_PRETIX_ORGANIZER") or config.get("organizer")
    if not url or not organizer:
        raise InputError(
            "pretix: no ticket shop given; set SCREENKIT_PRETIX_URL and "
            f"SCREENKIT_PRETIX_ORGANIZER, or url and organizer in {where}"
        )
    token: Secret | None = None
    if environ.get("SCREENKIT_PRETIX_TOKEN"):
        token = secrets.given(environ["SCREENKIT_PRETIX_TOKEN"], "SCREENKIT_PRETIX_TOKEN")
    else:
        table = {("password" if k == "token" else k): v for k, v in config.items()}
        token = secrets.from_table("pretix", table, where, str(organizer))
    if token is None:
        raise InputError(
            "pretix: no API token; set SCREENKIT_PRETIX_TOKEN, or token, password_command or "
            f"keyring in {where} (never in the plan)"
        )
    parsed = parse(str(url), "SCREENKIT_PRETIX_URL", ("http", "https"), "a ticket shop URL",
                   "https://pretix.eu/", path=True)  # fmt: skip
    if parsed.scheme == "http" and not parsed.loopback and not insecure:
        raise InputError(
            f"SCREENKIT_PRETIX_URL: {parsed.shown()} is http://, so the token would cross the "
            "network in clear; use https://, or --insecure if you must"
        )
    timeout = seconds(config.get("timeout", DEFAULT_TIMEOUT), f"{where} timeout")
    return Shop(parsed.shown(), str(organizer), token, timeout)


class Client:
    """The calls `tickets` makes, as JSON in and out."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self._token = shop.token.get()
        self.writes = 0  # requests that change something: a rerun with nothing new makes none

    def get(self, path: str) -> Any:
        return self._call("GET", path)

    def every(self, path: str) -> list[Any]:
        """Every result of a paginated list."""
        found: list[Any] = []
        page = self.get(path)
        found += page.get("results", [])
        while page.get("next"):
            page = self._call("GET", page["next"], absolute=True)
            found += page.get("results", [])
        return found

    def post(self, path: str, body: Any) -> Any:
        self.writes += 1
        return self._call("POST", path, body)

    def patch(self, path: str, body: Any) -> Any:
        self.writes += 1
        return self._call("PATCH", path, body)

    def _call(self, method: str, path: str, body: Any = None, *, absolute: bool = False) -> Any:
        import urllib.error
        import urllib.request

        from screenkit.delivery.secrets import scrub

        url = path if absolute else self.shop.api + path
        if absolute and not url.startswith(self.shop.api):  # a next page somewhere else
            raise DeliveryError(f"pretix: a list pointed outside the organizer ({url}); stopped")
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Token {self._token}", "Content-Type": "application/json",
            "Accept": "application/json"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self.shop.timeout) as response:
                raw = response.read(MAX_BODY + 1)
        except urllib.error.HTTPError as exc:
            said = exc.read(2000).decode("utf-8", "replace")
            hint = " (check the API token and its team's permissions)" if exc.code in (
                401, 403) else ""  # fmt: skip
            raise DeliveryError(scrub(f"pretix: {method} {url}: {exc.code} {said[:300]}{hint}",
                                      self.shop.token)) from None  # fmt: skip
        except (OSError, ValueError) as exc:
            raise DeliveryError(scrub(f"pretix: {method} {url}: {exc}", self.shop.token)) from None
        if len(raw) > MAX_BODY:
            raise DeliveryError(f"pretix: {method} {url}: an answer over {MAX_BODY} bytes; stopped")
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise DeliveryError(f"pretix: {method} {url}: the answer is not JSON") from None
