"""A tour team on git: the merge driver, setting it up in a repository, and settling what a
merge left changed both ways.

git runs `screenkit merge %O %A %B --path %P` for the plan (`git-setup` tells it to): the
three versions are merged by record and field (`planfile.merge`), the result replaces OURS
(%A) whole, and the exit code tells git whether conflicts remain. Nothing here talks to a
forge or a server of its own: git is the distributed engine.
"""

from __future__ import annotations

import codecs
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screenkit.errors import InputError, PlanError
from screenkit.plan.models import Plan
from screenkit.usecases.gitrepo import run_git
from screenkit.usecases.workspace import Changed, Workspace

DRIVER = "screenkit"  # the merge driver's name in .gitattributes and git config


@dataclass
class MergeOutcome:
    conflicts: list[str] = field(default_factory=list)  # the keys changed both ways
    comments: list[str] = field(default_factory=list)  # comments both changed: both kept


def _who(cwd: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """Who made each side of the merge under way, as far as git tells: the author and subject
    of our HEAD, and of theirs (git names the commit being merged in `GITHEAD_<sha>` while a
    driver runs; a rebase or cherry-pick leaves its HEAD file)."""
    from screenkit.text.escaping import one_line

    heads = [key.removeprefix("GITHEAD_") for key in environ if key.startswith("GITHEAD_")]
    candidates = {"ours": ["HEAD"],
                  "theirs": [*heads, "MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD"]}  # fmt: skip
    ours_commit = run_git("rev-parse", "HEAD", cwd=cwd)
    who: dict[str, str] = {}
    for side, refs in candidates.items():
        for ref in refs:
            if side == "theirs" and ref == ours_commit:
                continue
            said = run_git("log", "-1", "--format=%an, %h %s", ref, cwd=cwd)
            if said:
                # A commit subject is anyone's text: no control or direction character may
                # reach the plan, which would then refuse to load.
                who[side] = " ".join(one_line(said).split())[:120]
                break
    return who


def merge(
    base: Path, ours: Path, theirs: Path, name: str | None = None,
    environ: Mapping[str, str] | None = None, cwd: Path | None = None,
) -> MergeOutcome:  # fmt: skip
    """Merge THEIRS into OURS (written in place, whole), from their common BASE. An error
    (a side that is not a plan's text) leaves OURS as it was."""
    from screenkit.edits.keypaths import show
    from screenkit.files import atomic_write_bytes
    from screenkit.planfile.merge import merge_texts, read

    shown = name or str(ours)  # git's %P: the plan's path in the repository
    sides = (read("base", base, shown, may_be_empty=True), read("ours", ours, shown),
             read("theirs", theirs, shown))  # fmt: skip
    try:
        result = merge_texts(*sides, who=_who(cwd or Path(), environ or {}))
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError):
        # Sides that hold different kinds of value in one place (a date and a text, a table
        # and a number): git's contract is exit 2 with OURS as it was, never a crash.
        raise InputError(
            f"{shown}: the sides hold different kinds of value in the same place (a date "
            "where the other has text, a table where the other has a number), so they cannot "
            "be merged by record; run `screenkit check` on each side, or merge it by hand"
        ) from None
    except PlanError as exc:  # the merged data cannot be written in OURS' layout
        raise InputError(*exc.lines) from None
    bom = codecs.BOM_UTF8 if sides[1].bom else b""  # an editor's BOM stays, as git keeps it
    atomic_write_bytes(ours, bom + result.text.encode("utf-8"))
    return MergeOutcome([show(c.path) for c in result.conflicts], result.comments)


# -- setting it up ---------------------------------------------------------------------------
@dataclass
class Setup:
    done: list[str] = field(default_factory=list)  # what changed, one line each
    already: list[str] = field(default_factory=list)  # what was already so
    files: list[str] = field(default_factory=list)  # files it changed, for the team to commit


def work_tree(path: Path) -> Path | None:
    """The root of the git work tree that holds `path`, or None."""
    found = run_git("rev-parse", "--show-toplevel", cwd=path.resolve().parent)
    return Path(found) if found else None


def git_setup(ws: Workspace, *, everywhere: bool = False) -> Setup:
    """Tell git to merge the plan with screenkit: the driver in the repository's config (or
    the user's, `everywhere`), the `.gitattributes` line for the plan, and the lock, journal
    and temporary files ignored. Safe to run again: it says what was already so."""
    root = work_tree(ws.plan)
    if root is None:
        raise InputError(
            f"{ws.plan}: not inside a git work tree; run `git init` (or clone the team's "
            "repository) first"
        )
    out = Setup()
    scope = "--global" if everywhere else "--local"
    where = "your git config" if everywhere else "the repository's git config"
    for key, value in ((f"merge.{DRIVER}.name", "screenkit plan: merged by record and field"),
                       (f"merge.{DRIVER}.driver", driver_command(sys.executable))):  # fmt: skip
        if run_git("config", scope, "--get", key, cwd=root) == value:
            out.already.append(f"{key} is set in {where}")
            continue
        if run_git("config", scope, key, value, cwd=root) is None:
            raise InputError(f"{key}: git would not set it in {where}; check that git works")
        out.done.append(f"set {key} in {where}")
    # A plain `git pull` on current git stops at two branches that both moved unless told
    # how to reconcile them: merging is what lets the driver run. Someone's own choice of
    # pull.rebase or pull.ff (in any config) is left as it is.
    if (
        run_git("config", "--get", "pull.rebase", cwd=root) is None
        and run_git("config", "--get", "pull.ff", cwd=root) is None
    ):
        if run_git("config", "--local", "pull.rebase", "false", cwd=root) is None:
            raise InputError("pull.rebase: git would not set it; check that git works")
        out.done.append("set pull.rebase false in the repository's git config, so a plain "
                        "`git pull` merges (and screenkit merges the plan)")  # fmt: skip
    else:
        out.already.append("git pull knows how to reconcile branches (pull.rebase or pull.ff)")
    plan = ws.plan.resolve().relative_to(root.resolve()).as_posix()
    _line(
        root / ".gitattributes",
        f"{_pattern(plan)} merge={DRIVER}",
        out,
        "the plan is merged by screenkit",
    )
    ignore = [f".{Path(plan).name}.lock", f".{Path(plan).name}.journal", "*.screenkit-tmp"]
    for entry in ignore:
        _line(root / ".gitignore", entry, out, "git ignores it")
    return out


def driver_command(python: str) -> str:
    """What git runs to merge the plan (through the shell, %-names filled in): the Python that
    ran git-setup if it still has screenkit, else `screenkit` on the PATH (a virtual
    environment recreated elsewhere, a pipx install), else one line saying what to do, and
    exit 2, which leaves the file conflicted for git, never half-merged."""
    py = shlex.quote(python)  # a Python under "my venv/" stays one word
    args = "%O %A %B --path %P"
    gone = shlex.quote(
        f"screenkit merge driver: screenkit is not installed for {python} nor on the PATH; "
        "install it (or activate its environment) and run `screenkit git-setup` again"
    )
    return (f"if [ -x {py} ] && {py} -c 'import screenkit' 2>/dev/null; then "
            f"exec {py} -m screenkit merge {args}; "
            f"elif command -v screenkit >/dev/null 2>&1; then exec screenkit merge {args}; "
            f"else echo {gone} >&2; exit 2; fi")  # fmt: skip


def _pattern(path: str) -> str:
    """A .gitattributes pattern for one path: glob specials escaped, and a space written as
    `[[:space:]]`, since .gitattributes splits a line at spaces whatever escapes them."""
    return "/" + "".join(
        "[[:space:]]" if c == " " else f"\\{c}" if c in "*?[]!#\\" else c for c in path
    )


def _line(file: Path, line: str, out: Setup, why: str) -> None:
    from screenkit.files import atomic_write_bytes

    try:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read it ({exc}); fix or remove it") from None
    if line in text.splitlines():
        out.already.append(f"{file.name}: {line} ({why})")
        return
    ending = "" if not text or text.endswith("\n") else "\n"
    atomic_write_bytes(file, (text + ending + line + "\n").encode("utf-8"))
    out.done.append(f"{file.name}: added {line} ({why})")
    if file.name not in out.files:
        out.files.append(file.name)


# -- settling conflicts ------------------------------------------------------------------------
def resolve(ws: Workspace, keys: list[str], choice: str, value: list[str] | None = None) -> Changed:
    """Settle conflicts a merge left: `ours` keeps what the plan holds, `theirs` takes the
    other side's, `value` sets one of your own; an empty `keys` settles every one."""
    from screenkit.edits import keypaths

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], list[str]]:
        table = dict(data.get("conflicts") or {})
        chosen = list(table) if not keys else [_known(k, table) for k in keys]
        for key in chosen:
            entry = table.pop(key)
            path = keypaths.parse(key)
            if choice == "theirs":
                if entry.get("theirs_missing"):
                    data = keypaths.unset(data, path)
                else:
                    data = keypaths.set_value(data, path, entry.get("theirs"))
            elif choice == "value":
                slot = keypaths.resolve(plan, path, existing_records=False)
                data = keypaths.set_value(data, path, keypaths.typed(slot, value or []))
        rest = {k: v for k, v in data.items() if k != "conflicts"}
        return ({**rest, "conflicts": table} if table else rest), chosen

    edited = ws.edit(change, invitations=True)
    return Changed(", ".join(edited.result), edited.warnings, bool(edited.result), edited.notices)


def _known(key: str, table: dict[str, Any]) -> str:
    from screenkit.suggest import hint

    if key in table:
        return key
    raise InputError(f"conflicts.{key}: no such conflict{hint(key, table, 'conflict')}")
