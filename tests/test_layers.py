"""The shape of the code: a thin CLI over use cases over domain modules."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "screenkit"


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_the_cli_reaches_the_plan_only_through_use_cases():
    for path in (SRC / "cli").glob("*.py"):
        for forbidden in (
            "screenkit.planfile.store",
            "screenkit.planfile.tomldoc",
            "screenkit.changes",
        ):
            assert forbidden not in imports(path), f"{path.name} imports {forbidden}"


def test_domain_and_use_cases_never_import_typer_or_rich():
    for path in SRC.rglob("*.py"):
        if path.parent.name == "cli":
            continue
        used = {name.split(".")[0] for name in imports(path)}
        assert not used & {"typer", "rich", "click"}, path
