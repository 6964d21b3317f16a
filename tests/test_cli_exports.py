"""The export commands: what they write, where, and what they refuse."""

from screenkit.errors import ExitCode
from tests.icalcheck import events


def test_bare_export_writes_everything_and_lists_it(run, example, tmp_path):
    result = run("export", "--out", "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "out/invites/ica-premiere.ics", "out/invites/clapham.ics",
        "out/invites/east-finchley.ics", "out/feed.ics", "out/speakers/amira.ics",
        "out/speakers/talal.ics", "out/speakers/sam.ics", "out/checklists/ica-premiere.html",
        "out/checklists/clapham.html", "out/checklists/east-finchley.html",
    ]  # fmt: skip
    assert len(events((tmp_path / "out" / "feed.ics").read_bytes())) == 3


def test_export_ics_defaults_to_invites_and_takes_ids(run, example, tmp_path):
    result = run("export", "ics", "clapham")
    assert result.exit_code == 0, result.output
    assert result.stdout == "invites/clapham.ics\n"
    assert [p.name for p in (tmp_path / "invites").iterdir()] == ["clapham.ics"]


def test_feed_and_speaker_go_to_stdout_or_a_file(run, example, tmp_path):
    feed = run("export", "feed")
    assert feed.exit_code == 0
    assert feed.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert run("export", "feed", "-o", "site.ics").exit_code == 0
    assert (tmp_path / "site.ics").read_bytes() == feed.stdout_bytes
    speaker = run("export", "speaker", "amira")
    assert len(events(speaker.stdout_bytes)) == 3
    missing = run("export", "speaker", "nobody")
    assert missing.exit_code == ExitCode.USAGE
    assert missing.stderr == "error: speakers.nobody: no speaker with this id\n"


def test_nothing_is_written_when_a_screening_cannot_be_invited(run, example, tmp_path):
    text = example.read_text().replace('email = "talal@example.org"\n', "")
    example.write_text(text)
    plan_before = example.read_bytes()
    result = run("export", "--out", "out")
    assert result.exit_code == ExitCode.USAGE
    assert "error: screenings.ica-premiere: cannot invite talal, who has no email" in result.stderr
    assert not (tmp_path / "out").exists()
    assert example.read_bytes() == plan_before


def test_invites_need_an_organiser_email(run, example, tmp_path):
    example.write_text(example.read_text().replace('email = "tour@example.org"\n', ""))
    result = run("export", "ics")
    assert result.exit_code == ExitCode.USAGE
    assert "organiser.email: invites need the organiser's email" in result.stderr
    assert run("export", "feed").exit_code == 0  # the public feed needs no organiser


def test_a_plan_with_errors_is_not_exported(run, example, tmp_path):
    example.write_text(example.read_text().replace('venue = "clapham"', 'venue = "nowhere"'))
    result = run("export", "--out", "out")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines() == [
        "error: the plan has errors; nothing was exported",
        "error: screenings.clapham.venue: no venue with id 'nowhere'",
    ]
    assert not (tmp_path / "out").exists()


def test_unknown_and_unsafe_ids_are_refused(run, example, tmp_path):
    for bad in ["nope", "../../etc/passwd"]:
        result = run("export", "ics", bad)
        assert result.exit_code == ExitCode.USAGE
        assert result.stderr.startswith(f"error: screenings.{bad}: no screening with this id")
    assert not (tmp_path / "invites").exists()


def test_unchanged_files_are_not_rewritten(run, example, tmp_path):
    assert run("export", "ics", "--out", "inv").exit_code == 0
    clapham = tmp_path / "inv" / "clapham.ics"
    stamp = clapham.stat().st_mtime_ns
    again = run("export", "ics", "--out", "inv")
    assert again.stderr.endswith("wrote 0 file(s) to inv (3 already up to date)\n")
    assert clapham.stat().st_mtime_ns == stamp
    assert again.stdout.splitlines() == [
        "inv/ica-premiere.ics", "inv/clapham.ics", "inv/east-finchley.ics",
    ]  # fmt: skip
