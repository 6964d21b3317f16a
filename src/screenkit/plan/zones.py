"""Which IANA time zones each country uses, from tzdata's own tables.

`zone.tab` names each country's zones (Europe/Jersey for JE); `zone1970.tab` adds the zones
whose clocks a country has shared since 1970 (Europe/London for GB, GG, IM and JE); the link
lines of `tzdata.zi` give the backward-compatible aliases (Europe/Belfast, GB-Eire and US/Eastern
are links to Europe/London and America/New_York). A zone belongs to a country when a table
lists it for that country, or when it is a link to one that does and no table lists it for
another country (Europe/Stockholm is a link to Europe/Berlin, which Norway shares, but it is
Sweden's zone). Generic zones (GMT, UTC, Etc/*) belong to no country.

The tables come from the `tzdata` package, else from the system's /usr/share/zoneinfo; when
neither has them nothing is known and nothing is reported. They are read once, on first use.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

_SYSTEM = Path("/usr/share/zoneinfo")


@dataclass(frozen=True)
class Tables:
    zones: dict[str, tuple[str, ...]]  # country -> zones, zone.tab's first, in its order
    named: dict[str, tuple[str, ...]]  # country -> zone.tab's zones, "(most areas)" first
    listed: dict[str, frozenset[str]]  # zone -> countries any table lists it for
    names: dict[str, str]  # country -> its name in iso3166.tab


def _read(name: str) -> str | None:
    """One of tzdata's files, from the package or else the system; None if neither has it."""
    try:
        from importlib.resources import files

        return files("tzdata").joinpath("zoneinfo").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError, ValueError):
        pass
    try:
        return (_SYSTEM / name).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def _rows(text: str | None) -> list[list[str]]:
    lines = (text or "").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@cache
def tables() -> Tables:
    zones: dict[str, dict[str, None]] = defaultdict(dict)
    named: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    listed: dict[str, set[str]] = defaultdict(set)
    for name in ("zone.tab", "zone1970.tab"):
        for row in _rows(_read(name)):
            if len(row) >= 3:
                for country in row[0].split(","):
                    zones[country][row[2]] = None
                    listed[row[2]].add(country)
                if name == "zone.tab":  # a region's "(most areas)" zone goes first
                    comment = row[3] if len(row) > 3 else ""
                    named[row[0]].append((comment != "" and "most" not in comment, row[2]))
    names = {row[0]: row[1] for row in _rows(_read("iso3166.tab")) if len(row) >= 2}
    return Tables(
        {c: tuple(z) for c, z in zones.items()},
        {c: tuple(z for _, z in sorted(rows, key=lambda r: r[0])) for c, rows in named.items()},
        {z: frozenset(c) for z, c in listed.items()},
        names,
    )


@cache
def _links() -> dict[str, str]:
    """alias -> the zone it names, from tzdata.zi's link lines (`L Europe/London GB`)."""
    links = {}
    for line in (_read("tzdata.zi") or "").splitlines():
        if line.startswith("L "):
            parts = line.split()
            if len(parts) == 3:
                links[parts[2]] = parts[1]
    return links


def _target(zone: str) -> str:
    links = _links()
    seen = {zone}
    while zone in links and links[zone] not in seen:  # links may chain; never loop
        zone = links[zone]
        seen.add(zone)
    return zone


@cache
def belongs(zone: str, country: str) -> bool | None:
    """Whether `zone` is one of `country`'s zones; None when the tables do not know the
    country (a code tzdata does not list, or no tables on this machine)."""
    t = tables()
    if country not in t.zones:
        return None
    if zone in t.zones[country]:
        return True
    if zone in t.listed:  # another country's own zone
        return False
    return _target(zone) in t.zones[country]


def country_zones(country: str) -> tuple[str, ...]:
    return tables().zones.get(country, ())


def country_name(country: str) -> str | None:
    return tables().names.get(country)


def _clocks(zone: str, year: int) -> tuple[dt.timedelta | None, ...]:
    """A zone's offsets in January and July of `year`: zones with the same keep one time."""
    tz = ZoneInfo(zone)
    return tuple(dt.datetime(year, month, 15, 12, tzinfo=tz).utcoffset() for month in (1, 7))


def not_in_country(zone: str, country: str, year: int) -> str:
    """`GMT is not a time zone of GB (Britain (UK)), which uses Europe/London`; a country with
    many zones is shown by one of each kind of clock in `year` (New York, Chicago …)."""
    own = tables().named.get(country) or country_zones(country)
    kinds: dict[tuple[dt.timedelta | None, ...], str] = {}
    for z in own:
        try:
            kinds.setdefault(_clocks(z, year), z)
        except (KeyError, ValueError, OSError):  # a zone this machine's zoneinfo lacks
            continue
    shown = list(kinds.values()) or list(own[:1])
    uses = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    more = len(own) - len(shown)
    if more:
        uses += f" (and {more} more {'zone' if more == 1 else 'zones'} keeping the same time)"
    name = country_name(country)
    country_text = f"{country} ({name})" if name else country
    return f"{zone} is not a time zone of {country_text}, which uses {uses}"


# -- clock changes ---------------------------------------------------------------------
@dataclass(frozen=True)
class Transition:
    local_before: dt.datetime  # naive wall time at the change, on the old offset (RFC 5545)
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str


def utc_offset(zone: ZoneInfo, instant: dt.datetime) -> tuple[dt.timedelta, str]:
    local = instant.astimezone(zone)
    return local.utcoffset() or dt.timedelta(0), local.tzname() or ""


@cache
def transitions(key: str, year: int) -> tuple[Transition, ...]:
    """The zone's offset changes during `year`, found by daily steps and bisection."""
    zone = ZoneInfo(key)
    found = []
    t = dt.datetime(year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(hours=14)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC) - dt.timedelta(hours=14)
    current = utc_offset(zone, t)
    while t < end:
        step = t + dt.timedelta(days=1)
        after = utc_offset(zone, step)
        if after[0] != current[0]:
            lo, hi = t, step  # the change happens in (lo, hi]
            while hi - lo > dt.timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if utc_offset(zone, mid)[0] == current[0]:
                    lo = mid
                else:
                    hi = mid
            hi = hi.replace(microsecond=0)
            found.append(Transition((hi + current[0]).replace(tzinfo=None), current[0], *after))
        current = after
        t = step
    return tuple(found)
