"""The shape of the code: a thin CLI over use cases over packages over a layered core.

Every import counts, at the top of a module or inside a function (the lazy imports that keep
start-up fast are still dependencies); only those under `if TYPE_CHECKING:` do not, since
they never run. The rules are checked on the real source, and on planted violations so that
a broken checker cannot pass quietly.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "screenkit"

# The core, bottom up: the package root ("base": errors, files, output …), the plan's types,
# text, the rules that read a plan, and the edits that change one. Each may import those
# below it and none above.
CORE_ORDER = ("base", "plan", "text", "rules", "edits")
CORE = set(CORE_ORDER)
# What each part may import besides itself.
ALLOWED = {
    **{name: set(CORE_ORDER[:i]) for i, name in enumerate(CORE_ORDER)},
    "planfile": CORE,
    "calendars": CORE,
    "documents": CORE,
    "publicity": CORE | {"calendars", "documents"},
    "delivery": CORE | {"calendars", "documents"},
    "usecases": CORE | {"planfile", "calendars", "documents", "publicity", "delivery"},
    "cli": CORE | {"usecases"},
}
PARTS = set(ALLOWED) - {"base"}
PACKAGES = {"screenkit", *(f"screenkit.{p}" for p in PARTS)}
# The root may hold at most this many modules (`__init__` and `__main__` included): anything
# more belongs in a named package.
MAX_ROOT_MODULES = 8
# The CLI may name a few core modules (errors, fields for options); never the ones that change
# or store the plan, which it reaches only through use cases.
CLI_NEVER = {"screenkit.edits.changes", "screenkit.edits.importing"}
THIRD_PARTY_UI = {"typer", "rich", "click"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part(module: str) -> str:
    """`screenkit.calendars.ical` -> calendars; `screenkit.errors` -> base."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 and pieces[1] in PARTS else "base"


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(source: str, module: str, known: set[str]) -> set[str]:
    """The modules `source` imports when it runs (anywhere in it), as full names; `from
    screenkit.calendars import ical` is the module screenkit.calendars.ical."""
    found: set[str] = set()
    package = module if module in PACKAGES else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            modules = {f"{base}.{a.name}" for a in node.names} & known
            found.update(modules)
            if len(modules) < len(node.names):  # names defined in `base` itself
                found.add(base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


@cache
def _imported(source: str, module: str, known: frozenset[str]) -> frozenset[str]:
    """`imports`, once per source: the planted tests re-walk the whole graph."""
    return frozenset(m for m in imports(source, module, set(known)) if m in known and m != module)


def graph(sources: dict[str, str]) -> dict[str, set[str]]:
    """Module -> the screenkit modules it imports."""
    known = frozenset(sources)
    return {module: set(_imported(source, module, known)) for module, source in sources.items()}


def violations(deps: dict[str, set[str]]) -> list[str]:
    found = []
    for module, used in deps.items():
        mine = part(module)
        for other in used:
            theirs = part(other)
            if other in PACKAGES:  # an import-free __init__ (checked below)
                continue
            if theirs != mine and theirs not in ALLOWED[mine]:
                found.append(f"{module} ({mine}) imports {other} ({theirs})")
            if mine == "cli" and other in CLI_NEVER:
                found.append(f"{module} (cli) imports {other}, which only use cases may")
    return sorted(found)


def cycles(deps: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in deps.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(deps):
        if v not in index:
            connect(v)
    return groups


@cache
def _read_sources() -> tuple[tuple[str, str], ...]:
    return tuple((module_name(p), p.read_text()) for p in sorted(SRC.rglob("*.py")))


def real_sources() -> dict[str, str]:
    """Every module's source by name: a fresh dict, which a test may plant code in."""
    return dict(_read_sources())


def test_every_part_imports_only_what_its_layer_allows():
    assert violations(graph(real_sources())) == []


def test_no_module_imports_itself_back_through_others():
    assert cycles(graph(real_sources())) == []


def test_package_inits_are_import_free():
    """An import in a package's __init__ would be paid by every command that touches it.
    Each says what it holds and may import; the CLI's holds only the entry point
    (`screenkit.cli:main`), which imports the app when it runs."""
    for path in SRC.rglob("__init__.py"):
        body = ast.parse(path.read_text()).body
        assert body and isinstance(body[0], ast.Expr), f"{path} says nothing of what it holds"
        if path.parent.name == "cli":
            top = [n for n in body if isinstance(n, ast.Import | ast.ImportFrom)]
            assert not [n for n in top if "screenkit" in ast.unparse(n)], path
        elif path.parent != SRC:
            assert all(isinstance(n, ast.Expr) for n in body), f"{path} has code"


def test_domain_and_use_cases_never_import_typer_or_rich():
    sources = real_sources()
    known = set(sources)
    for module, source in sources.items():
        if part(module) == "cli":
            continue
        used = {name.split(".")[0] for name in imports(source, module, known)}
        assert not used & THIRD_PARTY_UI, module


@pytest.mark.parametrize(
    ("planted", "expected"),
    [
        # a publicity module reaching into the plan file
        ({"screenkit.publicity.site": "from screenkit.planfile import store\n"},
         "screenkit.publicity.site (publicity) imports screenkit.planfile.store (planfile)"),
        # a function-level import counts as much as one at the top
        ({"screenkit.calendars.ical": "def f():\n    from screenkit.delivery.smtp import x\n"},
         "screenkit.calendars.ical (calendars) imports screenkit.delivery.smtp (delivery)"),
        # the core reaching up into a package
        ({"screenkit.rules.checks": "from screenkit.documents import checklist\n"},
         "screenkit.rules.checks (rules) imports screenkit.documents.checklist (documents)"),
        # a lower layer of the core reaching up into a higher one
        ({"screenkit.plan.models": "from screenkit.text import i18n\n"},
         "screenkit.plan.models (plan) imports screenkit.text.i18n (text)"),
        ({"screenkit.errors": "from screenkit.plan import values\n"},
         "screenkit.errors (base) imports screenkit.plan.values (plan)"),
        # the CLI changing the plan without a use case
        ({"screenkit.cli.records": "import screenkit.planfile.store\n"},
         "screenkit.cli.records (cli) imports screenkit.planfile.store (planfile)"),
    ],
)  # fmt: skip
def test_a_planted_violation_is_found(planted, expected):
    sources = real_sources()
    for module, extra in planted.items():
        sources[module] += "\n" + extra
    assert expected in violations(graph(sources))


def test_a_planted_circle_is_found_even_through_a_function_level_import():
    sources = real_sources()
    sources["screenkit.plan.values"] += "\ndef later():\n    from screenkit.rules import checks\n"
    found = cycles(graph(sources))
    assert any({"screenkit.plan.values", "screenkit.rules.checks"} <= set(group) for group in found)


def test_imports_under_type_checking_do_not_count():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from screenkit.rules import checks\n"
    )
    assert "screenkit.rules.checks" not in imports(
        source, "screenkit.plan.values", {"screenkit.rules.checks"}
    )


def private_uses(source: str, module: str, known: set[str]) -> list[str]:
    """Private names (`_x`) of other screenkit modules that `source` imports or reaches as
    `module._x`: a name with an underscore is its module's own to change."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> screenkit module
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("screenkit"):
            for a in node.names:
                full = f"{node.module}.{a.name}"
                if full in known:
                    aliases[a.asname or a.name] = full
                elif (
                    a.name.startswith("_") and not a.name.startswith("__") and node.module != module
                ):
                    found.append(f"{module} imports {node.module}.{a.name}")
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name in known and a.asname:
                    aliases[a.asname] = a.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.attr.startswith("_") and not node.attr.startswith("__")
                and aliases.get(node.value.id, module) != module):  # fmt: skip
            found.append(f"{module} uses {aliases[node.value.id]}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    sources = real_sources()
    known = set(sources)
    found = [f for m, s in sources.items() for f in private_uses(s, m, known)]
    assert found == []


@pytest.mark.parametrize(
    ("planted", "expected"),
    [
        ("from screenkit.delivery.mail import _calendar_parts\n",
         "screenkit.delivery.reminding imports screenkit.delivery.mail._calendar_parts"),
        ("from screenkit.calendars import ical\nx = ical._head\n",
         "screenkit.delivery.reminding uses screenkit.calendars.ical._head"),
    ],
)  # fmt: skip
def test_a_planted_private_use_is_found(planted, expected):
    sources = real_sources()
    module = "screenkit.delivery.reminding"
    assert expected in private_uses(sources[module] + "\n" + planted, module, set(sources))


def map_of_parts() -> dict[str, set[str]]:
    """ALLOWED as CONTRIBUTING draws it: the packages above the core name it as one word."""
    return {
        name: {"core"} | (may - CORE) if may >= CORE else may
        for name, may in ALLOWED.items()
        if name not in CORE
    }


def test_contributing_maps_the_same_layers():
    """CONTRIBUTING.md's package map, its core's layers and its import diagram say what
    ALLOWED says."""
    import re

    text = (SRC.parents[1] / "CONTRIBUTING.md").read_text()
    rows = re.findall(r"^\| `(\w+)` \| .+ \| (.+) \|$", text, re.M)
    table = {
        name: set() if may.startswith("nothing") else set(re.split(r",\s*", may.strip()))
        for name, may in rows
        if name in ALLOWED or name == "core"
    }
    expected = map_of_parts() | {name: ALLOWED[name] for name in CORE}
    expected["core"] = set()
    assert table == expected, "CONTRIBUTING.md's package map differs from ALLOWED"
    diagram = text.split("```mermaid", 1)[1].split("```", 1)[0]
    edges = set(re.findall(r"^\s*(\w+) --> (\w+)\s*$", diagram, re.M))
    assert edges == {(p, q) for p, allowed in map_of_parts().items() for q in allowed}


def test_the_root_holds_few_modules():
    """A module at the root is one nobody placed: it belongs in a named package."""
    assert len(list(SRC.glob("*.py"))) <= MAX_ROOT_MODULES


def test_contributing_names_every_module():
    """The map of the house stays true: a module nobody named is a room nobody can find."""
    import re

    root = Path(__file__).parents[1]
    named = set(re.findall(r"`([a-z0-9_]+)`", (root / "CONTRIBUTING.md").read_text()))
    unnamed = sorted(
        str(f.relative_to(root / "src" / "screenkit"))
        for f in (root / "src" / "screenkit").rglob("*.py")
        if f.stem not in ("__init__", "__main__") and f.stem not in named
    )
    assert not unnamed, f"CONTRIBUTING.md does not name {unnamed}"


def test_every_use_case_module_has_direct_tests():
    """A use case is called as a script would call it, with a Workspace and no CLI:
    `tests/usecases/test_<module>.py` for each module under `usecases/`, importing it."""
    tests = SRC.parents[1] / "tests" / "usecases"
    missing = []
    for path in sorted((SRC / "usecases").glob("*.py")):
        if path.stem == "__init__":
            continue
        test = tests / f"test_{path.stem}.py"
        module = f"screenkit.usecases.{path.stem}"
        if not test.exists() or module not in imports(test.read_text(), "tests", {module}):
            missing.append(path.stem)
    assert missing == [], f"use-case modules without direct tests: {missing}"


def _calls(source: str) -> list[str]:
    return [ast.unparse(n.func) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]


def test_one_pipeline_every_delivery_goes_through_delivering():
    """CONTRIBUTING's rule: above `delivery/`, only `usecases/delivering.py` hands outputs
    to a target (`deliver` records what arrived, `write` what the plan keeps no record of)."""
    bypasses = []
    for module, source in real_sources().items():
        if part(module) in ("usecases", "cli") and module != "screenkit.usecases.delivering":
            bypasses += [f"{module}: {c}" for c in _calls(source)
                         if c.endswith(".deliver") and c != "delivering.deliver"]  # fmt: skip
    assert bypasses == []


def test_one_funnel_and_one_output():
    """Only `cli/app.py` turns failures into exit codes (a command raises a ScreenkitError,
    never typer.Exit), and only `cli/ui.py` makes a Rich console."""
    for module, source in real_sources().items():
        calls = _calls(source)
        if module != "screenkit.cli.app":
            assert "typer.Exit" not in calls, module
        if module != "screenkit.cli.ui":
            assert "Console" not in calls, module
