"""Email header values built from their parts, never concatenated, and folded by hand.

Python's own folding moved a whole Subject onto a continuation line (a venue name with an
apostrophe arrived as " Invitation: …", with a leading space) and split encoded words inside
a word (a Bengali name read with a space in the middle of a word). So:
- an unstructured value (Subject) is folded only between words, never before the first;
- text outside ASCII becomes RFC 2047 encoded words that end where a word ends (the space
  that follows travels inside the encoded word, since decoders drop the space between two
  encoded words); a word too long for one encoded word is split between whole characters
  (a letter and its marks stay together);
- a display name is a quoted string (or encoded words), so nothing in it, however written,
  reads as another address: `Eve <a@x>, "CEO" <b@y>` stays one name.

`set_header` stores the finished value raw, so the email library does not fold it again.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from email.message import EmailMessage

MAX_LINE = 78
# An encoded word is at most 75 characters: `=?utf-8?b?` and `?=` leave 63 for base64, which
# holds 45 bytes in whole groups of 3.
CHUNK_BYTES = 45
_PLAIN = re.compile(r"[\x21-\x7e]+")


def _joins_previous(char: str) -> bool:
    """A mark, joiner or virama-led letter that belongs with the character before it."""
    return unicodedata.category(char)[0] == "M" or char in "\u200c\u200d"


def _clusters(word: str) -> list[str]:
    """`word` in user-perceived characters, near enough: base letters with their marks."""
    out: list[str] = []
    for char in word:
        virama = bool(out) and unicodedata.name(out[-1][-1], "").endswith("SIGN VIRAMA")
        if out and (_joins_previous(char) or virama):
            out[-1] += char
        else:
            out.append(char)
    return out


def _chunks(text: str) -> list[str]:
    """`text` in pieces of at most CHUNK_BYTES of UTF-8, each ending where a word (and its
    following space) ends, unless one word alone is longer."""
    pieces: list[str] = []
    current = ""
    for word in re.findall(r"\S+\s*|\s+", text):
        if len((current + word).encode()) <= CHUNK_BYTES:
            current += word
            continue
        if current:
            pieces.append(current)
            current = ""
        if len(word.encode()) <= CHUNK_BYTES:
            current = word
            continue
        for cluster in _clusters(word):
            if len((current + cluster).encode()) > CHUNK_BYTES and current:
                pieces.append(current)
                current = ""
            current += cluster
    if current:
        pieces.append(current)
    return pieces


def encoded_words(text: str) -> list[str]:
    return ["=?utf-8?b?" + base64.b64encode(c.encode()).decode() + "?=" for c in _chunks(text)]


def _needs_encoding(word: str) -> bool:
    return not _PLAIN.fullmatch(word) or "=?" in word


def _tokens(text: str) -> list[str]:
    """Plain words as they are; each run of words that need encoding as encoded words (the
    spaces inside a run travel inside them)."""
    words = text.split()
    tokens: list[str] = []
    run: list[str] = []
    for word in [*words, None]:
        if word is not None and _needs_encoding(word):
            run.append(word)
            continue
        if run:
            # The space before the next plain word is a plain space, outside the run.
            tokens += encoded_words(" ".join(run))
            run = []
        if word is not None:
            tokens.append(word)
    return tokens


def _fold(name: str, tokens: list[str]) -> str:
    """Tokens joined by spaces, a new line (starting with a space) only between tokens, and
    never before the first."""
    lines = [f"{name}:"]
    for n, token in enumerate(tokens):
        if n and len(lines[-1]) + 1 + len(token) > MAX_LINE:
            lines.append("")
        lines[-1] += " " + token
    return "\r\n".join(lines)[len(name) + 2 :]


def unstructured(name: str, text: str) -> str:
    """A Subject-like value, folded and encoded as above (its words: single spaces)."""
    return _fold(name, _tokens(" ".join(text.split())))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def address(name: str, addr: str) -> str:
    """`"Display Name" <addr>`: the name quoted (ASCII) or encoded, never able to end the
    address early; an empty name gives the bare address."""
    name = " ".join(name.split())
    if not name:
        return addr
    if all(32 <= ord(c) < 127 for c in name) and "=?" not in name:
        return f"{_quoted(name)} <{addr}>"
    return " ".join(encoded_words(name)) + f" <{addr}>"


def address_header(name: str, display: str, addr: str) -> str:
    """A From or To value of one address, folded between encoded words if long."""
    value = address(display, addr)
    if len(name) + 2 + len(value) <= MAX_LINE or value.startswith('"'):
        return value  # a quoted name is one token: at most LINE_MAX, well within 998
    *words, tail = value.split(" ")
    return _fold(name, [*words, tail])


def set_header(msg: EmailMessage, name: str, value: str) -> None:
    """Store a finished (folded, encoded) value as it is."""
    del msg[name]
    msg.set_raw(name, value)
