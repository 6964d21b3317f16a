"""Each documented exit code, and the outputs that scripts rely on."""

import json
import re

import jsonschema
import pytest

from screenkit.cli import ui
from screenkit.errors import ExitCode
from screenkit.planfile import store
from tests.support.docs import DOCS, section

EXIT_CODES = DOCS / "reference" / "exit-codes.md"
SCRIPTING = DOCS / "how-to" / "scripting.md"


def test_the_exit_codes_page_documents_every_exit_code():
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", EXIT_CODES.read_text(), re.M))
    assert sorted(int(code) for code in table) == [c.value for c in ExitCode]


def test_each_exit_code(run, example, monkeypatch):
    assert run("list").exit_code == ExitCode.OK
    example.write_text(example.read_text().replace("audience = 90", "audience = 900"))
    assert run("check", "--strict").exit_code == ExitCode.PROBLEMS
    assert run("list", "--bogus").exit_code == ExitCode.USAGE
    assert run("-f", "missing.toml", "list").exit_code == ExitCode.PLAN
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.1)
    with store.locked(example):  # another run holds the plan
        busy = run("cancel", "clapham")
    assert busy.exit_code == ExitCode.BUSY
    assert "another screenkit run has held the plan" in busy.stderr


def documented_keys(command: str) -> set[str]:
    """The keys the scripting guide lists for a command's --json output."""
    listed = section(SCRIPTING, "JSON output").split("\n- ")
    item = next(i for i in listed if i.startswith(f"`{command} --json`"))
    keys = re.split(r"[Kk]eys:?", item, maxsplit=1)[1].split(".")[0]
    return set(re.findall(r"`([a-z_]+)`", keys))


def test_json_outputs_have_the_documented_shape(run, example, monkeypatch):
    listed = json.loads(run("list", "--json").stdout)
    assert all(set(item) == documented_keys("list") for item in listed)
    shown = json.loads(run("show", "clapham", "--json").stdout)
    assert set(shown) == documented_keys("list")
    example.write_text(example.read_text().replace("audience = 90", "audience = 900"))
    problems = json.loads(run("check", "--json").stdout)
    assert problems and all(set(p) == documented_keys("check") for p in problems)
    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-20T09:00:00Z")
    tasks = json.loads(run("tasks", "--json").stdout)
    assert tasks and all(set(t) == documented_keys("tasks") for t in tasks)


def test_colour_only_at_a_terminal_and_never_with_no_color(run, example, monkeypatch):
    assert "\x1b[" not in run("list").stdout  # a pipe: plain columns
    monkeypatch.setattr(ui, "stdout_is_terminal", lambda: True)
    assert "\x1b[" in run("list").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("list").stdout


def test_quiet_leaves_only_data(run, example):
    result = run("-q", "export", "ics", "clapham")
    assert (result.stdout, result.stderr) == ("invites/clapham.ics\n", "")


def test_schema_describes_the_example(run, example):
    import tomllib

    schema = json.loads(run("schema").stdout)
    data = tomllib.loads(example.read_text())
    as_json = json.loads(json.dumps(data, default=str).replace(" 09:00:00+00:00", "T09:00:00Z"))
    jsonschema.validate(as_json, schema)
    bad = {**as_json, "venues": {"ica": {**as_json["venues"]["ica"], "fax": "1"}}}
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError as exc:
        assert "fax" in exc.message
    else:
        raise AssertionError("the schema let an unknown key through")


def test_exit_code_for_a_mail_server_that_cannot_be_reached(run, example, monkeypatch, tmp_path):
    from tests.support.smtp import free_port

    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("SCREENKIT_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    assert run("send").exit_code == ExitCode.DELIVERY


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        # a value of the wrong kind: the value, then what to write (not Pydantic's words)
        (('title = "Return to Homs"', "title = 3"),
         "films.return-to-homs.title: 3 is not text; write it in quotes"),
        (("runtime = 94 ", 'runtime = "long" '),
         "films.return-to-homs.runtime: 'long' is not a whole number"),
        (('licence_status = "confirmed"', 'licence_status = "maybe"'),
         "'maybe' is not one of 'needed', 'requested', 'confirmed' or 'paid'"),
    ],
)  # fmt: skip
def test_a_plan_value_of_the_wrong_kind_is_said_plainly(run, example, edit, says):
    example.write_text(example.read_text().replace(*edit, 1))
    result = run("list")
    assert result.exit_code == ExitCode.PLAN and says in result.stderr, result.stderr
    assert "Input should be" not in result.stderr


def test_a_value_that_starts_with_a_dash_is_told_to_follow_double_dash(run, example):
    result = run("set", "settings.reminders", "-1d")
    assert result.exit_code == ExitCode.USAGE
    assert "put -- before it" in result.stderr
