"""Which plan files `-f` names: a file, a folder, or a glob, given once or many times.

    -f tour.toml                      that file (it need not exist yet: `init` makes it)
    -f groups/leeds                   groups/leeds/screenkit.toml
    -f groups                         groups/*/screenkit.toml, else groups/*.toml
    -f 'groups/*/screenkit.toml'      every file the glob matches, in name order

A network's read commands take all of them; every other command takes exactly one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from screenkit.errors import InputError

PLAN_NAME = "screenkit.toml"
_GLOB = set("*?[")


def _folder(folder: Path) -> list[Path]:
    own = folder / PLAN_NAME
    if own.is_file():
        return [own]
    found = sorted(p for p in folder.glob(f"*/{PLAN_NAME}") if p.is_file())
    found = found or sorted(p for p in folder.glob("*.toml") if p.is_file())
    # A folder of no plans is taken as it was given: the store says what is wrong with it.
    return found or [folder]


def expand(given: Iterable[Path]) -> list[Path]:
    """Every plan file named, each once, in the order given (a glob's in name order)."""
    out: list[Path] = []
    for path in given:
        text = str(path)
        if path.is_dir():
            out += _folder(path)
        elif _GLOB & set(text) and not path.exists():
            import glob

            matched = sorted(Path(m) for m in glob.glob(text, recursive=True))
            matched = [m for p in matched for m in (_folder(p) if p.is_dir() else [p])]
            if not matched:
                raise InputError(f"-f: no file matches {text!r}; check the pattern and quote it")
            out += matched
        else:
            out.append(path)
    seen: set[Path] = set()
    unique = []
    for path in out:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
