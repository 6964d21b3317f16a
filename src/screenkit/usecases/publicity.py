"""Publicity: the public site, a poster and listing text. They only read the plan: nothing
here writes it, so a calendar record's `sent` start keeps telling the site that a screening
has moved until the next calendar export announces the new time."""

from __future__ import annotations

from dataclasses import dataclass

from screenkit.delivery.targets import Target
from screenkit.errors import InputError
from screenkit.output import Output
from screenkit.plan.problems import Problem
from screenkit.planfile import store
from screenkit.publicity.facts import Public, Publicity, base_url, gather
from screenkit.usecases.exports import Exported
from screenkit.usecases.workspace import Workspace, require_settled


def withheld(publicity: Publicity) -> list[Problem]:
    """Warnings: what was left out, and pages without an "add to calendar" link."""
    found = [
        Problem("warning", ("screenings", sid), why) for sid, why in publicity.withheld.items()
    ]
    found += [
        Problem("warning", ("screenings", p.id), "no calendar file on its page yet: run "
                "`screenkit export` once to give it a calendar identity, then export the site")
        for p in publicity.screenings if not p.has_calendar
    ]  # fmt: skip
    for group, why in publicity.posterless:  # `films.x.poster: why`, from its own plan
        where, _, said = why.partition(": ")
        loc = tuple(where.split(".")) if said else ("films",)
        found.append(Problem("warning", loc, f"{said or why}; its pages go without the poster",
                             plan=group))  # fmt: skip
    return found


def _one(ws: Workspace, sid: str, *, posters: bool) -> Public:
    """One screening's public facts, or the reason it may not be advertised, as an error."""
    plan = store.load(ws.plan)
    require_settled(plan)
    publicity = gather(plan, ws.now, ws.plan.parent, [sid], posters=posters)
    if sid in publicity.withheld:
        raise InputError(f"screenings.{sid}: {publicity.withheld[sid]}")
    return publicity.screenings[0]


def site(ws: Workspace, target: Target, base: str | None = None) -> Exported:
    """The public website into `target` (a folder)."""
    from screenkit.plan.models import validate_plan
    from screenkit.publicity import site as pages
    from screenkit.usecases.delivering import stamp_folder, stamp_of, write

    prefix = base_url(base)
    data = store.parse(store.read_text(ws.plan), ws.plan)
    plan = validate_plan(data)
    require_settled(plan)
    # For `status`: which plan content the folder holds. Taken now, so that the parsed
    # document (a fifth of the peak at 10,000 screenings) goes before the pages are built.
    stamp = stamp_of("site", data)
    del data
    publicity = gather(plan, ws.now, ws.plan.parent)
    with ws.progress("site", len(publicity.screenings)) as step:
        delivery = write(target, pages.build(plan, publicity, prefix, step))
    removed: list[str] = []
    if not delivery.failed:
        stamp_folder(target, stamp)
        removed = sweep(target, [out.name for out in delivery.delivered()])
    return Exported(delivery, {}, withheld(publicity), removed)


# The site's own list of the files it wrote, beside them: what the next export no longer
# makes (a page of a screening since withheld) is removed, and nothing it did not write.
MANIFEST = ".screenkit-site-files.json"


def sweep(target: Target, written: list[str]) -> list[str]:
    """Remove the files an earlier `export site` into this folder made and this one did not,
    by the manifest it left (never a file it did not write, a link, or anything outside the
    folder); then leave this export's manifest. What it removed, by name."""
    import json
    import os

    from screenkit.delivery.targets import Folder
    from screenkit.files import atomic_write_bytes, resolve

    if not isinstance(target, Folder):
        return []
    root = resolve(target.root)
    manifest = root / MANIFEST
    try:
        with open(manifest, "rb") as handle:
            old = json.loads(handle.read(4 * 1024 * 1024))
    except (OSError, ValueError):
        old = []
    keep = set(written)
    removed = []
    for name in old if isinstance(old, list) else []:
        if not isinstance(name, str) or name in keep or os.path.isabs(name):
            continue
        path = root / name
        if ".." in name.replace("\\", "/").split("/") or path.is_symlink() or not path.is_file():
            continue
        try:
            if resolve(path).is_relative_to(root):
                path.unlink()
                removed.append(name)
        except OSError:
            continue
    atomic_write_bytes(manifest, json.dumps(sorted(keep), indent=0).encode("utf-8"))
    return removed


@dataclass
class Poster:
    exported: Exported
    qr: str | None  # where the QR code points; None when there is none


def poster(ws: Workspace, sid: str, size: str, target: Target, base: str | None = None) -> Poster:
    """One screening's poster (A3, A4, or an A5 flyer)."""
    from screenkit.publicity import poster as posters

    prefix = base_url(base)
    size = size.lower()
    if size not in posters.SIZES:
        raise InputError(f"--size: {size!r} is not one of {', '.join(posters.SIZES)}")
    public = _one(ws, sid, posters=True)
    html, qr = posters.render(public, size, prefix)
    out = Output(f"{sid}-poster-{size}.html", html, "poster", "text/html")
    warnings = []
    if public.status == "tentative":
        why = "tentative: confirm the screening before the poster goes up"
        warnings.append(Problem("warning", ("screenings", sid, "status"), why))
    from screenkit.usecases.delivering import write

    return Poster(Exported(write(target, [out]), {}, warnings), qr)


def listing(ws: Workspace, sid: str, fmt: str) -> str:
    """Listing text, full and short, for What's On guides and social posts."""
    from screenkit.publicity import listing as listings

    if fmt not in listings.FORMATS:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(listings.FORMATS)}")
    return listings.render(_one(ws, sid, posters=False), fmt)
