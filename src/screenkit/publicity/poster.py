"""A print-ready poster (or, at A5, a flyer) for one screening, as a single HTML page.

Everything is inline: the print CSS sizes one sheet exactly to the paper, the QR code is
segno's SVG and a poster image is embedded as a data URI, so the file prints the same
anywhere. Colours are near-black on white, legible when printed in greyscale.
"""

from __future__ import annotations

import base64
from typing import Any

from screenkit.errors import InputError
from screenkit.publicity.facts import Public
from screenkit.text.i18n import N_

# Paper in millimetres (portrait) and a scale for type, A4 being 1.
SIZES: dict[str, tuple[int, int, float]] = {
    "a5": (148, 210, 0.705),
    "a4": (210, 297, 1.0),
    "a3": (297, 420, 1.414),
}

_BADGE = (
    '<rect x="1" y="5" width="22" height="14" rx="2" fill="none" stroke="#000" '
    'stroke-width="2"/><text x="12" y="15.5" font-size="{size}" font-weight="700" '
    'text-anchor="middle" font-family="Arial, sans-serif">{text}</text>'
)
# Access symbols, drawn inline (no fonts needed); each is printed with its words. CC, S (a
# subtitled copy), AD and BSL are the marks UK cinemas and listings use.
_SYMBOLS = {
    "step": '<path d="M9 4a2.2 2.2 0 1 1 0 .1zM8 8h3l.6 5H16l3 6-2 1-2.4-5H9.6zM7.5 10.5a6 6 0 '
    '1 0 8.4 7.8l-1-1.8a4 4 0 1 1-6.2-4.3z"/>',
    "loop": '<path d="M11 2.5a7 7 0 0 0-7 7h2.5a4.5 4.5 0 0 1 9 0c0 2.3-2.5 3.2-3.5 5.2-.6 '
    "1.3-1 2.8-2.5 2.8-1 0-1.8-.7-2-1.6l-2.4.6A4.6 4.6 0 0 0 9.5 20.5c3 0 3.8-2.6 4.5-4.1.9-1.9 "
    '4-3 4-6.9a7 7 0 0 0-7-7z"/><text x="20.5" y="23" font-size="9" font-weight="700" '
    'text-anchor="middle" font-family="Arial, sans-serif">T</text>',
    "cc": _BADGE.format(size=8, text="CC"),
    "s": _BADGE.format(size=9, text="S"),
    "wc": _BADGE.format(size=8, text="WC"),
    "stt": _BADGE.format(size=6.5, text="STT"),
    "ad": '<text x="1" y="16" font-size="10" font-weight="800" font-family="Arial, sans-serif">'
    'AD</text><path d="M17 8a6 6 0 0 1 0 8M19.5 5.5a9.5 9.5 0 0 1 0 13" fill="none" '
    'stroke="#000" stroke-width="1.8"/>',
    "bsl": '<path d="M4 20l3-9 2 .6-1.6 4.6L12 6l2 .8-3.4 7.6 5.4-6 1.6 1.3-4.9 6 5.7-3 1 1.7'
    '-6.6 4.2-.6 2.4H5z"/><text x="12" y="5" font-size="5" font-weight="700" '
    'text-anchor="middle" font-family="Arial, sans-serif">BSL</text>',
}
# Which symbol goes with which access fact or feature (`words.access` keys).
_KEYS = {"step-free": "step", "wheelchair-spaces": "step", "hearing-loop": "loop",
         "captioned-copy": "cc", "subtitles": "cc", "toilet": "wc", "captioned": "cc",
         "subtitled-descriptive": "s", "audio-described": "ad", "bsl-talk": "bsl",
         "live-captions": "stt"}  # fmt: skip


def _symbol(key: str) -> str | None:
    if key not in _KEYS:
        return None
    return (
        '<svg class="symbol" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        f"{_SYMBOLS[_KEYS[key]]}</svg>"
    )


def _title_size(title: str) -> int:
    """Millimetres of title type at A4: long titles get smaller type rather than being cut."""
    for longest, size in ((18, 24), (32, 18), (60, 15), (90, 13), (140, 10)):
        if len(title) <= longest:
            return size
    return 8


def qr_svg(url: str) -> str:
    """The QR code as inline SVG (no XML declaration; scales with its box)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return str(
        code.svg_inline(
            scale=1, border=4, dark="#000", light="#fff", omitsize=True,
            svgclass="qr", lineclass=None,
        )
    )  # fmt: skip


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").removeprefix("www.")


def qr_target(p: Public, base: str) -> str | None:
    """What the QR code opens: the booking page, else the screening's page, else the tour's."""
    from screenkit.publicity.site import page_path

    if p.booking_url:
        return p.booking_url
    if base:
        return base + page_path(p.id)
    return p.website


def render(p: Public, size: str, base: str = "") -> tuple[bytes, str | None]:
    """The poster's HTML, and where its QR code points (None: no QR code). A bilingual
    screening says each thing in both languages, the first language first and larger."""
    from screenkit.documents.pages import environment, words
    from screenkit.publicity import words as say

    if size not in SIZES:
        raise InputError(f"--size: {size!r} is not one of {', '.join(SIZES)}")
    width, height, scale = SIZES[size]
    target = qr_target(p, base)
    image = None
    if p.film.poster is not None:
        encoded = base64.b64encode(p.film.poster.content).decode("ascii")
        image = f"data:{p.film.poster.media_type};base64,{encoded}"
    langs = [words(code) for code in p.languages]
    L = langs[0]

    def each(make: Any) -> list[tuple[Any, str]]:
        return [(W, make(W)) for W in langs]

    def doors(W: Any) -> str | None:
        return W.gettext("(doors %(time)s)") % {"time": W.time(p.doors)} if p.doors else None

    prices = each(lambda W: say.price(p, W)) if say.price(p, L) else []
    facts = [*((k, lambda W, k=k: say.feature(k, W)) for k in p.access),
             *((f.key, lambda W, f=f: say.venue_fact(f, W)) for f in p.venue.access)]  # fmt: skip
    label = "Scan to book" if p.booking_url else "Scan for details"
    context: dict[str, Any] = {
        "p": p,
        "L": L,
        "langs": langs,
        "size": size.upper(),
        "width": width,
        "height": height,
        "scale": scale,
        "page_title": L.gettext("Poster (%(size)s): %(heading)s")
        % {"size": size.upper(), "heading": say.heading(p, L)},
        "say": lambda text: each(lambda W: W.gettext(text)),
        "with_lines": each(lambda W: say.with_line(p, W)),
        "when": each(lambda W: W.date(p.start)),
        "times": [(W, W.time(p.start), doors(W)) for W in langs],
        "zone": L.zone(p.start),
        "prices": prices,
        "access": [(_symbol(key), each(make)) for key, make in facts],
        "access_label": L.gettext("Access"),
        "qr": qr_svg(target) if target else None,
        "qr_label": each(lambda W: W.gettext(label)),
        "qr_aria": L.gettext("QR code for %(url)s") % {"url": target},
        "qr_host": _host(target) if target else None,
        "image": image,
        "image_alt": L.gettext("Poster for %(title)s") % {"title": p.film.title},
        "organised": each(lambda W: W.gettext("Organised by %(name)s") % {"name": p.organiser}),
        "title_mm": _title_size(p.film.title),
        # On a phone's screen (390 CSS pixels) the whole sheet, smaller; printing is unchanged.
        "screen_px": round(width * 96 / 25.4),
        "phone_zoom": f"{min(1.0, 370 / (width * 96 / 25.4)):.2f}",
    }
    html = environment().get_template("poster.html").render(**context)
    return html.encode("utf-8"), target


# Said through `gettext` above, marked here for the catalogues.
_MARKED = (
    N_("Cancelled"),
    N_("Sold out"),
    N_("New date and time"),
    N_("New time"),
    N_("New date"),
    N_("Scan to book"),
    N_("Scan for details"),
)
