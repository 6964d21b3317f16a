"""TOML syntax errors told in words a volunteer knows, with the line that holds the mistake.

The parser says "Invalid value (at line 25, column 15)"; a person who typed
`licence_ref = DW-2027-118` needs to hear that text needs quotes, and see how to write it.
"""

from __future__ import annotations

import re

_TIME = re.compile(r"\d{1,2}:\d{2}")
_NUMBER = re.compile(r"[+-]?(\d[\d_]*)(\.\d+)?([eE][+-]?\d+)?")
_LITERALS = {"true", "false", "inf", "nan", "+inf", "-inf", "+nan", "-nan"}


def _advice(message: str, line: str) -> str:
    key, sep, value = line.partition("=")
    value = value.split(" #")[0].strip()
    if message.startswith("Invalid value") and sep and value:
        if _TIME.fullmatch(value):
            return f'times need quotes: {key.strip()} = "{value}"'
        if value.lower() in ("yes", "no", "y", "n"):
            return f"yes/no values are written true or false: {key.strip()} = true"
        if not _NUMBER.fullmatch(value) and value not in _LITERALS:
            fixed = value.strip("'\"").replace('"', '\\"')
            return f'text needs quotes: {key.strip()} = "{fixed}"'
        return "this value is not one TOML understands"
    if "table declaration" in message:
        return "a [table] heading needs its closing ]"
    if "twice" in message or "overwrite" in message:
        return "this key or table is already written above; keep one of them"
    if message.startswith("Expected '=' after a key") or "key/value pair" in message:
        return 'each line holds one setting, written key = value (text in "quotes")'
    if message.startswith("Unclosed") or "closing" in message:
        return "a list [ … ] or table { … } is not closed"
    if line.count('"') % 2 or line.count("'") % 2 or "string" in message.lower():
        return "a text value is missing its closing quote"
    if "Invalid initial character" in message:
        return "a key may hold letters, digits, - and _; put other text in quotes"
    return message[:1].lower() + message[1:]


def explain(text: str, message: str, lineno: int | None) -> str:
    """`line 25: text needs quotes: licence_ref = "DW-2027-118" (you wrote: …)`."""
    lines = text.splitlines()
    if lineno is None or not 1 <= lineno <= len(lines):
        return message
    line = lines[lineno - 1].strip()
    shown = line if len(line) <= 80 else line[:77] + "..."
    return f"line {lineno}: {_advice(message, line)} (the line reads: {shown})"


_MARKER = re.compile(r"^(<<<<<<<|>>>>>>>)( |$)|^=======$", re.M)


def conflict_marker_line(text: str) -> int | None:
    """The line of a plain git conflict marker (`<<<<<<< HEAD`), if the text holds one."""
    found = _MARKER.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1
