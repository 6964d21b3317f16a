"""Which plan files `-f` names: a file, a folder, or a glob, given once or many times.

    -f tour.toml                      that file (it need not exist yet: `init` makes it)
    -f groups/leeds                   groups/leeds/screenkit.toml (made there by `init`)
    -f groups                         groups/*/screenkit.toml (a folder without one: its
                                      own sub-folders'), else groups/*.toml
    -f 'groups/*/screenkit.toml'      every file the glob matches, in name order

A network's read commands take all of them; every other command takes exactly one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from screenkit.errors import InputError, PlanError

PLAN_NAME = "screenkit.toml"
_GLOB = set("*?[")


def _unreadable(path: Path, exc: OSError) -> PlanError:
    why = exc.strerror.lower() if exc.strerror else "cannot be read"
    return PlanError(f"{path}: {why}; make it readable, or name the plans with -f")


def _there(path: Path) -> bool:
    """A plan named by a folder: a file, or a link (a broken one is read, and said to be)."""
    return path.is_symlink() or path.exists()


NESTED = 3  # groups/north/leeds/screenkit.toml: regions may hold their groups' folders


def _groups(folder: Path, depth: int) -> list[Path]:
    """The groups' plans below `folder`: each sub-folder's screenkit.toml, or, for one that
    has none, those of its own sub-folders (a region's), `depth` levels down at most. Hidden
    folders (.git) and links to folders are not walked into: a link is a plan or nothing."""
    found = []
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or sub.name.startswith("."):
            continue
        if not sub.is_symlink() and not os.access(sub, os.R_OK | os.X_OK):
            raise PlanError(f"{sub}: cannot be read, and a group's plan may be in it; make it "
                            "readable, or name the plans with -f")  # fmt: skip
        if _there(sub / PLAN_NAME):
            found.append(sub / PLAN_NAME)
        elif depth > 1 and not sub.is_symlink():
            found += _groups(sub, depth - 1)
    return found


def _folder(folder: Path) -> list[Path]:
    """The plans a folder holds. A group's folder that cannot be listed is an error, never
    a group quietly left out of the network."""
    own = folder / PLAN_NAME
    if _there(own):
        return [own]
    found = _groups(folder, NESTED)
    found = found or sorted(p for p in folder.glob("*.toml") if _there(p))
    # A folder of no plans names the plan it would hold: `init` makes it, and every other
    # command says there is no plan there yet and how to make one.
    return found or [own]


def expand(given: Iterable[Path]) -> list[Path]:
    """Every plan file named, each once, in the order given (a glob's in name order)."""
    try:
        return _expand(given)
    except OSError as exc:  # a folder that cannot be listed, a path that cannot be looked at
        raise _unreadable(Path(exc.filename or "-f"), exc) from None


def _expand(given: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in given:
        text = str(path)
        if path.is_dir() and path.suffix != ".toml":  # a folder named as a plan is no plan
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
        key = Path(os.path.realpath(path))  # a loop of links is the store's to report
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
