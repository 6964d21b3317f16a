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

# Paper in millimetres (portrait) and a scale for type, A4 being 1.
SIZES: dict[str, tuple[int, int, float]] = {
    "a5": (148, 210, 0.705),
    "a4": (210, 297, 1.0),
    "a3": (297, 420, 1.414),
}

# Simple access symbols, drawn inline (no fonts needed); each is printed with its words.
_SYMBOLS = {
    "step": '<path d="M9 4a2.2 2.2 0 1 1 0 .1zM8 8h3l.6 5H16l3 6-2 1-2.4-5H9.6zM7.5 10.5a6 6 0 '
    '1 0 8.4 7.8l-1-1.8a4 4 0 1 1-6.2-4.3z"/>',
    "loop": '<path d="M11 2.5a7 7 0 0 0-7 7h2.5a4.5 4.5 0 0 1 9 0c0 2.3-2.5 3.2-3.5 5.2-.6 '
    "1.3-1 2.8-2.5 2.8-1 0-1.8-.7-2-1.6l-2.4.6A4.6 4.6 0 0 0 9.5 20.5c3 0 3.8-2.6 4.5-4.1.9-1.9 "
    '4-3 4-6.9a7 7 0 0 0-7-7z"/><text x="20.5" y="23" font-size="9" font-weight="700" '
    'text-anchor="middle" font-family="Arial, sans-serif">T</text>',
    "cc": '<rect x="2" y="5" width="20" height="14" rx="2" fill="none" stroke="#000" '
    'stroke-width="2"/><text x="12" y="15.5" font-size="8" font-weight="700" '
    'text-anchor="middle" font-family="Arial, sans-serif">CC</text>',
    "wc": '<rect x="2" y="5" width="20" height="14" rx="2" fill="none" stroke="#000" '
    'stroke-width="2"/><text x="12" y="15.5" font-size="8" font-weight="700" '
    'text-anchor="middle" font-family="Arial, sans-serif">WC</text>',
}


def _symbol(fact: str) -> str | None:
    lower = fact.lower()
    if lower.startswith("no "):
        return None
    if "step-free" in lower or "wheelchair" in lower:
        key = "step"
    elif "hearing loop" in lower:
        key = "loop"
    elif "caption" in lower or "subtitles" in lower:
        key = "cc"
    elif "toilet" in lower:
        key = "wc"
    else:
        return None
    return (
        '<svg class="symbol" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        f"{_SYMBOLS[key]}</svg>"
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
    """The poster's HTML, and where its QR code points (None: no QR code)."""
    from screenkit.documents.pages import clock, environment, long_date, zone_name

    if size not in SIZES:
        raise InputError(f"--size: {size!r} is not one of {', '.join(SIZES)}")
    width, height, scale = SIZES[size]
    target = qr_target(p, base)
    image = None
    if p.film.poster is not None:
        encoded = base64.b64encode(p.film.poster.content).decode("ascii")
        image = f"data:{p.film.poster.media_type};base64,{encoded}"
    access: list[tuple[str | None, str]] = [(_symbol(f), f) for f in p.venue.access]
    context: dict[str, Any] = {
        "p": p,
        "size": size.upper(),
        "width": width,
        "height": height,
        "scale": scale,
        "when": f"{long_date(p.start)}",
        "time": clock(p.start),
        "doors": clock(p.doors) if p.doors else None,
        "zone": zone_name(p.start),
        "access": access,
        "qr": qr_svg(target) if target else None,
        "qr_label": "Scan to book" if p.booking_url else "Scan for details",
        "qr_host": _host(target) if target else None,
        "target": target,
        "image": image,
        "title_mm": _title_size(p.film.title),
    }
    html = environment().get_template("poster.html").render(**context)
    return html.encode("utf-8"), target
