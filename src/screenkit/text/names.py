"""A person's name found however it is written: the forms a private speaker's name takes in
text, in any script, and a pattern that finds each of them, or a distinctive part of one.

People vary what does not change a name, and an attacker slips in what cannot be seen, so
text and names are folded alike before they are compared (`fold`):
- compatibility forms made plain (full-width letters, ligatures), case folded;
- accents and other marks dropped (Zoë Adébáyò = Zoe Adebayo), Arabic harakat and tatweel too;
- invisible characters gone wherever they are (zero-width spaces and joiners, the word
  joiner, a soft hyphen, the combining grapheme joiner, direction marks, a BOM);
- the Arabic letters people interchange made one (أ إ آ ٱ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي);
- hyphens, dots, apostrophes, underscores and slashes between letters made spaces, and any
  run of spaces one.
Then the words of a name may stand together or apart (Al-Khatib = Al Khatib = AlKhatib), the
family name may come first (OKAFOR, Sam), an Arabic article may lead a word or not (al-, el-,
ال), and a name is found only as whole words (Dan is not in Sundance).

Besides the whole name, each distinctive part of it is looked for: a family name, or a given
name that is not a common word. A part found is not proof (another Nour), so a person may mark
the text as reviewed; the whole name is never excused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Seen nowhere, meaning nothing in a name: dropped wherever they are.
_GONE = dict.fromkeys(map(ord, "\u00ad\u034f\u061c\u0640\u180e\u200b\u200c\u200d\u200e\u200f"
                               "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
                               "\u2066\u2067\u2068\u2069\ufeff"))  # fmt: skip
_SAME = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و",
                       "ئ": "ي"})  # fmt: skip
# What people write between the words of a name, or inside one.
_APART = re.compile(r"[\s\-\u2010-\u2015\u2212.·'\u2019\u02bc`_/\\,;:()\[\]\"]+")
_ARTICLE_WORD = ("al", "el")  # Al-Khatib, El Khatib
_ARTICLE_ARABIC = "ال"  # الخطيب: the article is part of the written word
# Given names that are also everyday words would withhold too much text on their own; a part
# shorter than this is not distinctive either.
COMMON = frozenset(
    {
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "it",
        "be",
        "or",
        "not",
        "but",
        "talk",
        "film",
        "films",
        "screening",
        "evening",
        "guest",
        "speaker",
        "activist",
        "director",
        "host",
        "our",
        "your",
        "their",
        "his",
        "her",
        "may",
        "june",
        "july",
        "march",
        "april",
        "august",
        "will",
        "rose",
        "hope",
        "joy",
        "grace",
        "faith",
        "amber",
        "iris",
        "ivy",
        "lily",
        "dawn",
        "summer",
        "autumn",
        "sky",
    }
)
SHORTEST_PART = 3


def fold(text: str) -> str:
    """Text as names are looked for in it (see above)."""
    text = unicodedata.normalize("NFKD", text).translate(_GONE)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_SAME)
    return " ".join(_APART.sub(" ", text).split())


def words(name: str) -> list[str]:
    """A name's words, folded, each without a leading article."""
    out = []
    for word in fold(name).split():
        if word in _ARTICLE_WORD:
            continue
        if word.startswith(_ARTICLE_ARABIC) and len(word) > len(_ARTICLE_ARABIC) + 1:
            word = word[len(_ARTICLE_ARABIC) :]
        out.append(word)
    return out


def _word(word: str) -> str:
    """One word of a name as a pattern: with or without an article before it."""
    article = f"(?:(?:{'|'.join(_ARTICLE_WORD)}) ?|{_ARTICLE_ARABIC})?"
    return article + re.escape(word)


def whole(name: str) -> str | None:
    """The pattern of a whole name: its words in order, together or apart."""
    found = words(name)
    if not found or len("".join(found)) < 2:
        return None
    orders = [found] + ([[found[-1], *found[:-1]]] if len(found) > 1 else [])  # OKAFOR, Sam
    joined = "|".join(" ?".join(_word(w) for w in order) for order in orders)
    return r"(?<!\w)(?:" + joined + r")(?!\w)"


def parts(name: str) -> list[str]:
    """The distinctive words of a name: long enough, and not common words."""
    return [w for w in words(name) if len(w) >= SHORTEST_PART and w not in COMMON]


@dataclass(frozen=True)
class Found:
    pid: str  # whose name
    part: str | None  # None: the whole name; else the distinctive word found alone


class Matcher:
    """Every form of every private person's name, in two patterns: whole names (never
    excused) and their distinctive parts (excused where a person reviewed the text)."""

    def __init__(self, forms: dict[str, list[str]], shared: Iterable[str] = ()) -> None:
        """`shared`: words of names the plan shows in public (another speaker's family
        name): not distinctive of anyone, so never looked for alone."""
        self.pids = list(forms)
        not_distinctive = {fold(w) for w in shared}
        whole_groups, part_groups = [], []
        for n, pid in enumerate(self.pids):
            names = [p for p in (whole(f) for f in forms[pid]) if p]
            if names:
                whole_groups.append(f"(?P<w{n}>{'|'.join(names)})")
            distinctive = (p for f in forms[pid] for p in parts(f) if p not in not_distinctive)
            for k, part in enumerate(dict.fromkeys(distinctive)):
                part_groups.append(f"(?P<p{n}_{k}>(?<!\\w){_word(part)}(?!\\w))")
        self.whole = re.compile("|".join(whole_groups)) if whole_groups else None
        self.parts = re.compile("|".join(part_groups)) if part_groups else None

    def find(self, text: str) -> list[Found]:
        """Whose name `text` holds, whole or in part (a whole name once, not also its parts)."""
        folded = fold(text)
        out: list[Found] = []
        named: set[str] = set()
        if self.whole is not None:
            for m in self.whole.finditer(folded):
                pid = self.pids[int((m.lastgroup or "w0")[1:])]
                if pid not in named:
                    named.add(pid)
                    out.append(Found(pid, None))
        if self.parts is not None:
            for m in self.parts.finditer(folded):
                group = m.lastgroup or "p0_0"
                pid = self.pids[int(group[1:].split("_")[0])]
                if pid not in named:
                    out.append(Found(pid, m.group(0)))
                    named.add(pid)
        return out


def forms_of(name: str, aliases: Iterable[str]) -> list[str]:
    """A person's name and every other spelling they gave, once each."""
    return list(dict.fromkeys([name, *aliases]))
