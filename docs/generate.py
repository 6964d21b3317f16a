"""The reference pages made from the code: every command, walked from the Typer app, and the
plan file, from its JSON Schema (`screenkit.plan.models.json_schema()`).

Each page is written by hand around one generated part, between the marker lines `BEGIN` and
`END` below; only that part is replaced, so the prose around it stays yours to edit.

    .venv/bin/python docs/generate.py           # rewrite the generated parts
    .venv/bin/python docs/generate.py --check   # exit 1 and name the pages that are stale

`tests/cli/test_docs_reference.py` makes the same parts in memory and fails when a committed
page differs. Nothing here knows which commands exist: it walks whatever the app has
(`screenkit.cli.app.COMMANDS`, built on demand), so a new command or option appears by
running this again.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
REGENERATE = ".venv/bin/python docs/generate.py"
BEGIN = f"<!-- generated: do not edit from here to the end marker; run `{REGENERATE}` -->"
END = "<!-- end of generated part -->"


# -- Markdown ----------------------------------------------------------------------------------
_CODE = re.compile(r"(`+)(.+?)\1")


def text(words: str) -> str:
    """Plain help text as Markdown: code spans kept, the rest escaped (`<uid>`, `*`, `_`)."""
    out, last = [], 0
    for m in _CODE.finditer(words):
        out.append(_escape(words[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_escape(words[last:]))
    return "".join(out)


def _escape(words: str) -> str:
    words = words.replace("\\", "\\\\")
    for char in "*_[]":
        words = words.replace(char, "\\" + char)
    return words.replace("<", "&lt;").replace(">", "&gt;")


def code(words: str) -> str:
    """An inline code span that holds any text (backticks included)."""
    ticks = "`" * (max((len(t) for t in re.findall(r"`+", words)), default=0) + 1)
    pad = " " if words.startswith("`") or words.endswith("`") else ""
    return f"{ticks}{pad}{words}{pad}{ticks}"


def cell(words: str) -> str:
    """Text for a table cell: a pipe would end the cell."""
    return words.replace("|", "\\|")


def slug(heading: str) -> str:
    """The anchor MkDocs (Python-Markdown's toc) gives a heading."""
    words = re.sub(r"[^\w\s-]", "", heading.replace("`", "")).strip().lower()
    return re.sub(r"[-\s]+", "-", words)


def paragraphs(help_text: str) -> list[str]:
    """A docstring's paragraphs, each on one line."""
    parts = re.split(r"\n\s*\n", help_text.strip())
    return [" ".join(ln.strip() for ln in p.splitlines() if ln.strip() != "\b") for p in parts]


# -- commands ----------------------------------------------------------------------------------
def _context(command: Any, name: str, parent: Any) -> Any:
    import typer

    settings = dict(getattr(command, "context_settings", None) or {})
    return typer.Context(command, info_name=name, parent=parent, **settings)


def walk(command: Any, ctx: Any) -> Iterator[tuple[Any, Any]]:
    """Every command below `command`, depth first, in the order `--help` lists them, with a
    context whose `command_path` is the full command line (`screenkit film add`)."""
    yield command, ctx
    if hasattr(command, "list_commands"):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or getattr(sub, "hidden", False):
                continue
            yield from walk(sub, _context(sub, name, ctx))


def root_command() -> tuple[Any, Any]:
    import typer

    from screenkit.cli.app import app

    root = typer.main.get_command(app)
    return root, _context(root, "screenkit", None)


def command_paths() -> list[str]:
    """`screenkit`, `screenkit init`, … `screenkit export listing`: every command line."""
    return [ctx.command_path for _, ctx in walk(*root_command())]


_EXTRA = re.compile(r"\s*\[([^\[\]]*)\]\s*$")


def _param_help(help_text: str) -> str:
    """`The format.  [default: html]` as `The format. Default: html.`"""
    extra = _EXTRA.search(help_text)
    words = help_text[: extra.start()] if extra else help_text
    out = [text(words.strip())] if words.strip() else []
    for item in extra.group(1).split("; ") if extra else []:
        key, _, value = item.partition(": ")
        if item == "required":
            out.append("*Required.*")
        elif key == "default" and value:
            out.append(f"Default: {code(value)}.")
        elif key == "env var" and value:
            out.append(f"Also read from {code(value)}.")
        else:
            out.append(text(f"[{item}]"))
    return " ".join(out)


def _params(command: Any, ctx: Any) -> tuple[list[str], list[str]]:
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        if param.param_type_name == "option" and set(param.opts) <= set(ctx.help_option_names):
            continue  # every command has -h/--help; said once, at the top
        line = f"- {code(names)}" + (f": {_param_help(help_text)}" if help_text else "")
        (arguments if param.param_type_name == "argument" else options).append(line)
    return arguments, options


def _summary(command: Any) -> str:
    """The first sentence of a command's help."""
    first = paragraphs(command.help or "")[0] if command.help else ""
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return cell(text(sentence))


def _command_section(command: Any, ctx: Any, depth: int) -> list[str]:
    path = ctx.command_path
    lines = [f"{'#' * depth} {code(path)}", ""]
    prose = paragraphs(command.help or "")
    examples = [p.removeprefix("Example:").strip() for p in prose if p.startswith("Example:")]
    lines += [line for p in prose if not p.startswith("Example:") for line in (text(p), "")]
    usage = " ".join([path, *command.collect_usage_pieces(ctx)])
    lines += ["```text", usage, "```", ""]
    for example in examples:
        lines += [f"**Example:** {code(example)}", ""]
    arguments, options = _params(command, ctx)
    if arguments:
        lines += ["**Arguments**", "", *arguments, ""]
    if options:
        lines += ["**Options**", "", *options, ""]
    subcommands = [(c, x) for c, x in walk(command, ctx) if x.parent is ctx]
    if subcommands and ctx.parent is not None:  # the root's are in the index above
        lines += ["**Commands**", ""]
        lines += [f"- [{code(x.command_path)}](#{slug(x.command_path)}): {_summary(c)}"
                  for c, x in subcommands]  # fmt: skip
        lines.append("")
    return lines


def commands_part() -> str:
    """The command reference: an index, then each command as `--help` would show it."""
    root, ctx = root_command()
    every = list(walk(root, ctx))
    lines = ["| command | what it does |", "| --- | --- |"]
    for command, c in every[1:]:
        short = c.command_path.partition(" ")[2]  # `film add`: the table stays narrow
        lines.append(f"| [{code(short)}](#{slug(c.command_path)}) | {_summary(command)} |")
    lines.append("")
    for command, c in every:
        depth = 2 + max(0, c.command_path.count(" ") - 1)
        lines += _command_section(command, c, depth)
    return "\n".join(lines).rstrip() + "\n"


# -- the plan file -----------------------------------------------------------------------------
# Names for the keys of a table of tables (`[films.<id>]`): an id unless said otherwise here.
KEY_NAMES = {"published": '"<url>"', "published.*": '"<uid>"', "sent_to": "<person>"}


# Value formats whose patterns are too long to show, known by a piece of the pattern; any other
# pattern is shown when it is short, and otherwise read as text.
PATTERNS = [
    ("([0-5][0-9])", "time, `HH:MM`"),
    ("[hH]", "length, such as `90m` or `1h30m`"),
    ("[wW]", "offset, such as `-6w`, `0d` or `+5 working days`"),
    ("(,[0-9]{3})+", 'amount as text, such as `"412.50"`'),
    ("[+\\uff0b]", "phone number, international format"),
]


def _variants(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The kinds a value may be, `null` (not given) left out."""
    if "anyOf" in prop:
        found = [v for p in prop["anyOf"] for v in _variants(p)]
        return [v for v in found if v.get("type") != "null"]
    return [prop]


def _ref(variant: dict[str, Any]) -> str | None:
    ref = variant.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _number(n: float) -> str:
    return f"{n:,}" if isinstance(n, int) else str(n)


def _bounds(v: dict[str, Any]) -> str:
    low, high = v.get("minimum"), v.get("maximum")
    low, high = (None if n is None else _number(n) for n in (low, high))
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f", at least {low}"
    return f", at most {high}" if high is not None else ""


def _string_kind(v: dict[str, Any]) -> str:
    formats = {"date": "date (`2027-06-27`)", "date-time": "date and time", "email": "email",
               "uri": "URL"}  # fmt: skip
    if v.get("format") in formats:
        return formats[v["format"]]
    pattern = v.get("pattern", "")
    if "[a-z0-9][a-z0-9_-]" in pattern:
        return "id"
    for clue, name in PATTERNS:
        if clue in pattern:
            return name
    if "\\u2028" in pattern:
        kind = "text on one line"
    elif "\\r\\n" in pattern:
        kind = "text"
    elif pattern and len(pattern) <= 24:
        kind = f"text matching {code(pattern)}"
    else:
        kind = "text"
    if "maxLength" in v:
        kind += f", up to {v['maxLength']:,} characters"
    return kind


def kind(prop: dict[str, Any], link: Callable[[str], str]) -> str:
    """What a value is, in words: `integer from 0 to 600`, `list of id`, `[fee](#…)` …"""
    names = []
    for v in _variants(prop):
        ref = _ref(v)
        if ref:
            names.append(link(ref))
        elif "enum" in v:
            names.append("one of " + ", ".join(code(json.dumps(e)) for e in v["enum"]))
        elif "anyOf" in v:
            names.append(kind(v, link))
        elif v.get("type") == "string":
            names.append(_string_kind(v))
        elif v.get("type") in ("integer", "number"):
            number = "whole number" if v["type"] == "integer" else "number"
            names.append(f"{number}{_bounds(v)}")
        elif v.get("type") == "boolean":
            names.append("`true` or `false`")
        elif v.get("type") == "array":
            names.append(f"list of {kind(v.get('items', {}), link)}")
        elif v.get("type") == "object":
            inner = _inner(v)
            if inner is None:
                names.append("table")
            elif _tabled(inner):  # a table per key, each a table of its own: its link says so
                names.append(kind(inner, link))
            else:
                names.append(f"table of {kind(inner, link)}")
        else:
            names.append("any value")
    return " or ".join(dict.fromkeys(names)) or "any value"


def _inner(v: dict[str, Any]) -> dict[str, Any] | None:
    """What each key of a table of free keys holds (`[films.<id>]`: a film)."""
    inner = v.get("additionalProperties")
    if not isinstance(inner, dict):
        inner = next(iter(v.get("patternProperties", {}).values()), None)
    return inner if isinstance(inner, dict) else None


def _tabled(prop: dict[str, Any]) -> bool:
    """A value that is a table with a section of its own, or a table of such tables."""
    return all(_ref(v) or (v.get("type") == "object" and _tabled(_inner(v) or {"type": "x"}))
               for v in _variants(prop))  # fmt: skip


def _default(prop: dict[str, Any]) -> str:
    if "default" not in prop or prop["default"] is None:
        return ""
    value = prop["default"]
    if value in ([], {}):
        return "empty"
    return code(json.dumps(value, ensure_ascii=False))


def _description(prop: dict[str, Any]) -> str:
    """The key's own description, then those of the kinds it may be."""
    found: list[str] = []

    def gather(p: dict[str, Any]) -> None:
        if p.get("description"):
            found.append(" ".join(p["description"].split()))
        for inner in p.get("anyOf", []):
            gather(inner)

    gather(prop)
    return "; ".join(text(d) for d in dict.fromkeys(found))


def _children(path: str, key: str, prop: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The tables below a key: (TOML path, definition name)."""
    for v in _variants(prop):
        ref = _ref(v)
        if ref:
            yield path, ref
        elif v.get("type") == "array":
            yield from ((f"{p}[]", r) for p, r in _children(path, key, v.get("items", {})))
        elif v.get("type") == "object":
            inner = _inner(v)
            if inner is not None:
                name = KEY_NAMES.get(key, "<id>")
                yield from _children(f"{path}.{name}", f"{key}.*", inner)


def _tables(schema: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each definition once, in the order the plan meets them, with every path it is at."""
    defs = schema.get("$defs", {})
    found: dict[str, list[str]] = {}

    def visit(path: str, obj: dict[str, Any]) -> None:
        for key, prop in obj.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            for child, ref in _children(here, key, prop):
                seen = ref in found
                found.setdefault(ref, []).append(child)
                if not seen:
                    visit(child, defs.get(ref, {}))

    visit("", schema)
    return list(found.items())


def _heading(path: str) -> str:
    many = path.endswith("[]")
    name = path.removesuffix("[]")
    return code(f"[[{name}]]" if many else f"[{name}]")


def _properties_table(obj: dict[str, Any], link: Callable[[str], str]) -> list[str]:
    required = set(obj.get("required", []))
    lines = ["| key | value | default | what it is |", "| --- | --- | --- | --- |"]
    for key, prop in obj.get("properties", {}).items():
        default = "*required*" if key in required else _default(prop)
        row = [code(key), kind(prop, link), default, _description(prop)]
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return [*lines, ""]


def plan_part() -> str:
    """The plan file reference: the top-level keys, then every table with its keys."""
    from screenkit.plan.models import json_schema

    schema = json_schema()
    defs = schema.get("$defs", {})
    tables = _tables(schema)
    where = {ref: paths[0] for ref, paths in tables}

    def link(ref: str) -> str:
        path = where.get(ref)
        return f"[{_heading(path)}](#{slug(_heading(path))})" if path else ref

    lines = ["### The top level", ""]
    if schema.get("description"):
        lines += [text(schema["description"]), ""]
    lines += _properties_table(schema, link)
    for ref, paths in tables:
        obj = defs.get(ref, {})
        lines += [f"### {_heading(paths[0])}", ""]
        if len(paths) > 1:
            lines += ["Also at " + ", ".join(_heading(p) for p in paths[1:]) + ".", ""]
        if obj.get("description"):
            lines += [text(" ".join(obj["description"].split())), ""]
        lines += _properties_table(obj, link)
    return "\n".join(lines).rstrip() + "\n"


# -- the pages ---------------------------------------------------------------------------------
PAGES: dict[str, Callable[[], str]] = {
    "reference/commands.md": commands_part,
    "reference/plan-file.md": plan_part,
}


def fill(page: str, generated: str) -> str:
    """`page` with its generated part replaced by `generated`."""
    if page.count(BEGIN) != 1 or page.count(END) != 1 or page.index(BEGIN) > page.index(END):
        raise ValueError(f"the page needs exactly one pair of markers:\n{BEGIN}\n…\n{END}")
    head, rest = page.split(BEGIN)
    _, tail = rest.split(END)
    return f"{head}{BEGIN}\n\n{generated}\n{END}{tail}"


def expected() -> dict[Path, str]:
    """Each generated page as it should be, made from the code as it is now."""
    return {DOCS / name: fill((DOCS / name).read_text(), make()) for name, make in PAGES.items()}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, want in expected().items():
        if path.read_text() == want:
            continue
        stale.append(path)
        if not check:
            path.write_text(want)
            print(f"wrote {path.relative_to(DOCS.parent)}")
    if check and stale:
        names = ", ".join(str(p.relative_to(DOCS.parent)) for p in stale)
        print(f"stale: {names}; run `{REGENERATE}` and commit the result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
