"""The documentation as tests read it: its pages, their fenced code blocks with the marker
comment right before each, and the generator of the reference pages (docs/generate.py).

A shell command is a fenced block tagged `sh`. It runs in the suite (tests/cli/
test_docs_commands.py) unless the line before it says otherwise:

    <!-- not run: needs a mail server -->     never run, for the reason given
    <!-- exit: 1 -->                          runs, and must exit 1 (not 0)

CONTRIBUTING.md ("Commands in the documentation") says the same for people.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from tests.support.plans import ROOT

DOCS = ROOT / "docs"
README = ROOT / "README.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
# Other names for a shell block, refused so that no command slips past the runner.
OTHER_SHELLS = {"bash", "shell", "console", "zsh", "sh-session", "shell-session", "shellsession"}

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_COMMENT = re.compile(r"^\s*<!--\s*(?P<body>.*?)\s*-->\s*$")
_MARKER = re.compile(r"^(?:not run:\s*(?P<reason>.*)|exit:\s*(?P<code>\d+))$")
# The comments that look meant for the runner: a misspelt one must not pass as prose.
LOOKS_LIKE_A_MARKER = re.compile(r"^(not[ -]?run|no[ -]?run|exit)\b", re.I)


def pages() -> list[Path]:
    """Every page whose commands are held to the rule: README, CONTRIBUTING and docs/."""
    return [README, CONTRIBUTING, *sorted(DOCS.rglob("*.md"))]


def name(page: Path) -> str:
    return str(page.relative_to(ROOT))


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, counting from 1
    lang: str  # the first word of the info string
    text: str
    marker: str | None  # the HTML comment on the line before the fence, if any

    @property
    def where(self) -> str:
        return f"{name(self.page)}:{self.line}"

    def _parsed(self) -> re.Match[str] | None:
        return _MARKER.match(self.marker) if self.marker is not None else None

    @property
    def runs(self) -> bool:
        found = self._parsed()
        return not (found and found.group("reason") is not None)

    @property
    def reason(self) -> str | None:
        """Why it is not run, as the marker says."""
        found = self._parsed()
        return found.group("reason") if found else None

    @property
    def exit_code(self) -> int:
        found = self._parsed()
        return int(found.group("code")) if found and found.group("code") else 0


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, in order, nested ones (in lists) too."""
    found: list[Block] = []
    lines = page.read_text().splitlines()
    previous = ""  # the last non-blank line outside a block
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            if lines[i].strip():
                previous = lines[i]
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        info = opening["info"].strip()
        body: list[str] = []
        i += 1
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                break
            line = lines[i]
            body.append(line[min(indent, len(line) - len(line.lstrip(" "))) :])
            i += 1
        comment = _COMMENT.match(previous)
        marker = comment["body"] if comment else None
        lang = info.split()[0].strip("{}.") if info else ""
        start = i - len(body)
        found.append(Block(page, start, lang.lower(), "\n".join(body) + "\n", marker))
        previous = ""
        i += 1
    return found


def marker_comments(page: Path) -> list[tuple[int, str]]:
    """Every HTML comment line that looks meant for the command runner, with its line."""
    out = []
    for n, line in enumerate(page.read_text().splitlines(), start=1):
        comment = _COMMENT.match(line)
        if comment and LOOKS_LIKE_A_MARKER.match(comment["body"]):
            out.append((n, comment["body"]))
    return out


def well_formed(marker: str) -> bool:
    found = _MARKER.match(marker)
    return bool(found) and (found.group("code") is not None or bool(found.group("reason")))


def section(page: Path, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of that level."""
    text = page.read_text()
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


@cache
def generator() -> ModuleType:
    """docs/generate.py, the maker of the reference pages, as a module."""
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
