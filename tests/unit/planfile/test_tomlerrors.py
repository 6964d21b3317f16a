"""TOML mistakes told in a volunteer's words, with the line that holds them."""

import pytest

from screenkit.errors import ExitCode


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("licence_ref = DW-2027-118", 'text needs quotes: licence_ref = "DW-2027-118"'),
        ("step_free = yes", "yes/no values are written true or false"),
        ('name = "ICA', "missing its closing quote"),
        ("title", "each line holds one setting, written key = value"),
    ],
)
def test_a_syntax_error_names_the_line_and_the_fix(run, example, line, expected):
    text = example.read_text().replace('licence_ref = "STSL-2027-0412"', line)
    example.write_text(text)
    number = text.splitlines().index(line) + 1
    result = run("list")
    assert result.exit_code == ExitCode.PLAN
    assert result.stderr.startswith(f"error: {example}: not valid TOML, line {number}: ")
    assert expected in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_key_written_twice(run, example):
    example.write_text(example.read_text() + '\n[organiser]\nname = "Again"\n')
    result = run("check")
    assert "already written above; keep one of them" in result.stderr
