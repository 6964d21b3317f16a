"""Random documents and random changes: `patch` must give the new data and leave every line
the change has nothing to do with as it was.

The documents hold what trips a line scanner: multi-line strings whose lines look like
headers, comments and `key = [`; multi-line arrays whose lines start with `[`; dotted keys in
a table and at the root; quoted keys and headers; inline tables; arrays of tables; comments
above headers; CRLF and mixed line endings; a missing final newline.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
import tomli

from screenkit.planfile.tomldoc import patch

Path = tuple[str, ...]
# Who a line belongs to: ("item", path) for a key's or header's lines, ("note", table) for a
# comment inside a table's body or directly above its header, ("blank", ()) for blank lines.
Owner = tuple[str, Path]

MULTILINE_STRINGS = [
    '"""\n[not.a.header]\n# not a comment\nkey = [\n  [1, 2]\n"""',
    "'''\n[[nor.this]]\n  # still text\nx = { a = 1 }'''",
    '"""two "quotes"" and [brackets] ]]\n# = [\n""""',
    "'''\n# a last line that looks like a comment'''",
]
MULTILINE_VALUES = [
    "[\n  1,  # one\n  [2, 3],\n  [\n    4,\n  ],\n]",
    '[\n  "a", # [not a bracket\n  "]",\n]',
    '[\n[\n"x",\n],\n  { k = "v" },\n]',
    "[ \"\"\"\n[in a string]\n\"\"\", '''\n#]\n''' ]",
    '{\n  a = 1,  # an inline table over lines (TOML 1.1)\n  b = [\n    "[x]",\n  ],\n}',
]
SCALARS = ['"text"', "42", "true", "3.5", "2027-06-27", '"a # not a comment"', "'lit[eral]'"]
KEYS = ["film", "venue", "date", "notes", "title", "x-y", "k_2", "start"]
QUOTED = ['"quoted key"', "'lit key'", '"dot.ted"']


class Doc:
    """A random document, line by line, with the owner of each line."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.owners: list[Owner] = []

    def add(self, text: str, owner: Owner) -> None:
        for line in text.split("\n"):
            self.lines.append(line)
            self.owners.append(owner)

    def notes(self, table: Path) -> None:
        rng = self.rng
        if rng.random() < 0.3:
            self.add("", ("blank", ()))
        if rng.random() < 0.3:
            self.add(f"# about {'.'.join(table) or 'the root'}", ("note", table))

    def body(self, table: Path, depth: int) -> None:
        rng = self.rng
        used: set[str] = set()
        for _ in range(rng.randint(0 if table else 1, 5)):
            self.notes(table)
            kind = rng.random()
            name = rng.choice(KEYS + QUOTED if rng.random() < 0.8 else QUOTED)
            key = tomli.loads(f"{name} = 1").popitem()[0]
            if key in used:
                continue
            used.add(key)
            path = (*table, key)
            if kind < 0.35:
                comment = "  # why" if rng.random() < 0.3 else ""
                self.add(f"{name} = {rng.choice(SCALARS)}{comment}", ("item", path))
            elif kind < 0.5:
                self.add(f"{name} = {rng.choice(MULTILINE_STRINGS)}", ("item", path))
            elif kind < 0.65:
                self.add(f"{name} = {rng.choice(MULTILINE_VALUES)}", ("item", path))
            elif kind < 0.8:
                value = "{ a = 1, b = [1, 2] }" if rng.random() < 0.5 else '{ name = "Bo" }'
                self.add(f"{name} = {value}", ("item", path))
            elif depth < 2:  # a table written as dotted keys, its keys not always together
                for sub in rng.sample(["email", "phone", "name"], rng.randint(1, 3)):
                    self.add(f"{name}.{sub} = {rng.choice(SCALARS)}", ("item", (*path, sub)))

    def header(self, path: Path, spelled: str, array: bool = False) -> None:
        if self.rng.random() < 0.5:
            self.add("# what follows", ("note", path))  # right above the header: its lead
        if self.rng.random() < 0.5:
            self.add(f"# and {spelled}", ("note", path))
        # comments right above the header are its lead, whoever wrote them
        i = len(self.lines) - 1
        while i >= 0 and self.owners[i][0] == "note" and self.lines[i].startswith("#"):
            self.owners[i] = ("note", path)
            i -= 1
        brackets = ("[[", "]]") if array else ("[", "]")
        comment = "  # header" if self.rng.random() < 0.2 else ""
        self.add(f"{brackets[0]}{spelled}{brackets[1]}{comment}", ("item", path))


def document(rng: random.Random) -> tuple[str, list[Owner]]:
    doc = Doc(rng)
    doc.body((), 0)
    if rng.random() < 0.3:
        doc.add('site.name = "root dotted"', ("item", ("site", "name")))
    spellings = {
        ("films", "homs"): ["films.homs", 'films."homs"', " films . homs "],
        ("films", "new one"): ['films."new one"', "films.'new one'"],
        ("venues",): ["venues"],
        ("venues", "ica"): ["venues.ica"],
        ("venues", "ica", "tech"): ["venues.ica.tech"],
        ("screenings", "s1"): ["screenings.s1"],
        ("screenings", "s2"): ["screenings.s2"],
        ("screenings", "s2", "calendar"): ["screenings.s2.calendar"],
    }
    for path, spelled in spellings.items():
        if rng.random() < 0.75:
            doc.notes(path[:-1])
            doc.header(path, rng.choice(spelled))
            doc.body(path, len(path))
    if rng.random() < 0.4:  # an array of tables: changed only as a whole
        for _ in range(2):
            doc.header(("talks",), "talks", array=True)
            doc.add(f'speaker = "{rng.choice(["amira", "bo"])}"', ("item", ("talks",)))
            if rng.random() < 0.5:  # a table in each element: the same path twice
                doc.header(("talks",), "talks.room")
                doc.add("seats = 90", ("item", ("talks",)))
    while doc.lines[-1] == "":
        doc.lines.pop()
        doc.owners.pop()
    return "\n".join(doc.lines) + "\n", doc.owners


# -- changes -------------------------------------------------------------------------------


def tables(data: dict[str, Any], path: Path = ()) -> list[Path]:
    found = [path]
    for key, value in data.items():
        if isinstance(value, dict):
            found += tables(value, (*path, key))
    return found


def at(data: dict[str, Any], path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def own(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The table at `path`, copied along the way (so the rest stays shared, as the commands
    leave it)."""
    for part in path:
        data[part] = dict(data[part])
        data = data[part]
    return data


def renamed(table: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {(new if key == old else key): value for key, value in table.items()}


def change(rng: random.Random, data: dict[str, Any]) -> Path | None:
    """Make one random change to `data` in place; return the path it touched."""
    table = rng.choice(tables(data))
    here = own(data, table)
    keys = list(here)
    kind = rng.choice(["change", "change", "add", "add table", "remove", "rename"])
    if kind in ("change", "remove", "rename") and not keys:
        kind = "add"
    if kind == "change":
        key = rng.choice(keys)
        here[key] = rng.choice([7, "changed", False, [1, "two"], {"inline": 1}])
    elif kind == "add":
        key = rng.choice(["added", "notes", "x.y", "new key"])
        if key in here:
            return None
        here[key] = rng.choice([1, "new", {"a": 1}, [{"t": 1}]])
    elif kind == "add table":
        key = rng.choice(["t1", "calendar", "sub table"])
        if key in here:
            return None
        here[key] = {"sequence": 0, "sent": "x" * rng.choice([1, 90])}
    elif kind == "remove":
        if len(keys) == 1 and table:
            return None  # an emptied table that has no header of its own cannot be written
        key = rng.choice(keys)
        del here[key]
    else:
        key = rng.choice(keys)
        new_key = key + rng.choice(["-renamed", " renamed"])
        if new_key in here:
            return None
        result = renamed(here, key, new_key)
        if table:
            at(data, table[:-1])[table[-1]] = result
        else:
            data.clear()
            data.update(result)
        return (*table, key)
    return (*table, key)


def related(owner: Owner, changed: list[Path]) -> bool:
    kind, path = owner
    if kind == "blank":
        return True  # blank lines around a removed or added table may go or come
    if kind == "note":  # a comment goes only with its table
        return any(path[: len(c)] == c for c in changed)
    return any(path[: len(c)] == c or c[: len(path)] == path for c in changed)


def kept_in_order(lines: list[str], out: str) -> bool:
    """Whether `lines` appear in `out`, in order, as whole lines with their endings (but the
    document's last line, which a text without a final newline leaves without one)."""

    def same(line: str, other: str) -> bool:
        if line.endswith("\n") and other.endswith("\n"):
            return line == other
        return line.rstrip("\r\n") == other.rstrip("\r\n")

    out_lines = iter(re.split(r"(?<=\n)", out))
    return all(any(same(line, other) for other in out_lines) for line in lines)


def with_endings(rng: random.Random, text: str) -> str:
    style = rng.choice(["lf", "lf", "crlf", "mixed", "no final newline"])
    if style == "crlf":
        return text.replace("\n", "\r\n")
    if style == "mixed":
        return "".join(
            line + ("\r\n" if rng.random() < 0.5 else "\n") for line in text.split("\n")[:-1]
        )
    if style == "no final newline":
        return text[:-1]
    return text


def case(seed: int) -> tuple[str, list[Owner], dict[str, Any], dict[str, Any], list[Path]]:
    """A random document, its data, new data after a few random changes, and their paths."""
    rng = random.Random(seed)
    text, owners = document(rng)
    text = with_endings(rng, text)
    old = tomli.loads(text)
    # a copy sharing nothing, or one sharing what the changes leave alone
    new = copy.deepcopy(old) if rng.random() < 0.5 else dict(old)
    changed = [p for _ in range(rng.randint(1, 3)) if (p := change(rng, new)) is not None]
    assert old == tomli.loads(text)  # the changes left the old data alone
    return text, owners, old, new, changed


def check(seed: int, patcher: Callable[[str, dict, dict], str] = patch) -> str:
    text, owners, old, new, changed = case(seed)
    out = patcher(text, old, new)
    assert tomli.loads(out) == new, (seed, changed)
    lines = re.split(r"(?<=\n)", text)
    if not lines[-1]:
        lines.pop()
    untouched = [
        line for line, owner in zip(lines, owners, strict=True) if not related(owner, changed)
    ]
    assert kept_in_order(untouched, out), (seed, changed)
    return out


@pytest.mark.parametrize("chunk", range(10))
def test_random_changes_give_the_new_data_and_keep_other_lines(chunk):
    for seed in range(chunk * 80, (chunk + 1) * 80):
        check(seed)


def test_the_documents_hold_what_they_are_meant_to():
    """The generator really writes the tricky shapes (a guard against a dull generator)."""
    texts = [case(seed)[0] for seed in range(100)]
    joined = "".join(texts)
    shapes = ["[not.a.header]", "\n[\n", "{\n", "[[talks]]", "[talks.room]", "site.name",
              ".email =", "'lit key'", '"dot.ted"', "\r\n", " films . homs "]  # fmt: skip
    for shape in shapes:
        assert shape in joined, shape
    assert any(not text.endswith("\n") for text in texts)


def _tomlkit(text: str) -> dict[str, Any] | None:
    """What tomlkit, a second TOML implementation, reads; None for what it does not read
    (TOML 1.1's inline tables over lines)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text).unwrap()
    except TOMLKitError:
        return None


def test_a_second_toml_implementation_reads_every_patched_document_the_same():
    """tomlkit as a differential oracle: what `patch` writes must mean the new data to tomlkit
    too, not only to tomli (whose reading the write's own parse-back proof relies on)."""
    compared = 0
    for seed in range(600):
        text, _, _, new, _ = case(seed)
        if _tomlkit(text) != tomli.loads(text):
            # tomlkit reads no TOML 1.1, and keeps CRLF inside multi-line strings where tomli
            # normalises it (the spec allows both): compare where the two agree on the input
            continue
        out = patch(text, tomli.loads(text), new)
        read = _tomlkit(out)
        assert read is not None, (seed, out)
        assert read == new, seed
        compared += 1
    assert compared > 300
