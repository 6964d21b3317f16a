"""The export commands: what they write, where, and what they refuse."""

from screenkit.errors import ExitCode
from tests.support.icalcheck import events


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


def test_out_before_a_subcommand_is_refused_not_ignored(run, example, tmp_path):
    """`export --out export checklist clapham` wrote checklists/clapham.html beside the
    folder it named, without a word."""
    before = example.read_bytes()
    result = run("export", "--out", "export", "checklist", "clapham")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "error: --out before `checklist` is not read by it: give the place after the "
        "subcommand (see `screenkit export checklist --help`)\n"
    )
    assert not (tmp_path / "checklists").exists() and not (tmp_path / "export").exists()
    assert example.read_bytes() == before
    assert run("export", "checklist", "clapham", "--out", "export").exit_code == 0
    assert (tmp_path / "export" / "clapham.html").is_file()


def test_export_ics_defaults_to_invites_and_takes_ids(run, example, tmp_path):
    result = run("export", "ics", "clapham")
    assert result.exit_code == 0, result.output
    assert result.stdout == "invites/clapham.ics\n"
    assert [p.name for p in (tmp_path / "invites").iterdir()] == ["clapham.ics"]


def test_feed_and_speaker_go_to_stdout_or_a_file(run, example, tmp_path):
    """A single document goes to its usual name in the current folder, to -o FILE, or to
    standard output only when asked (-o -): never a whole document onto a terminal."""
    made = run("export", "feed")
    assert made.exit_code == 0 and made.stdout == "feed.ics\n"
    feed = run("export", "feed", "-o", "-")
    assert feed.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert (tmp_path / "feed.ics").read_bytes() == feed.stdout_bytes
    assert run("export", "feed", "-o", "site.ics").exit_code == 0
    assert (tmp_path / "site.ics").read_bytes() == feed.stdout_bytes
    assert run("export", "speaker", "amira").stdout == "amira.ics\n"
    speaker = run("export", "speaker", "amira", "-o", "-")
    assert len(events(speaker.stdout_bytes)) == 3
    missing = run("export", "speaker", "nobody", "-o", "-")
    assert missing.exit_code == ExitCode.USAGE
    assert (
        missing.stderr == "error: speakers.nobody: no speaker 'nobody'; known: amira, sam, talal\n"
    )


def test_a_screening_that_cannot_be_invited_is_left_out_and_named(run, example, tmp_path):
    example.write_text(example.read_text().replace('email = "talal@example.org"\n', ""))
    result = run("export", "--out", "out")
    assert result.exit_code == ExitCode.PROBLEMS
    assert "error: screenings.ica-premiere: left out of the export" in result.stderr
    assert "error: screenings.ica-premiere: cannot invite talal, who has no email" in result.stderr
    written = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.*")}
    assert "invites/clapham.ics" in written and "invites/ica-premiere.ics" not in written
    assert "checklists/ica-premiere.html" not in written
    feed = (tmp_path / "out" / "feed.ics").read_bytes()
    assert b"ica-premiere" not in feed and len(events(feed)) == 2
    plan = example.read_text()  # only what was delivered is recorded
    assert plan.count("[screenings.ica-premiere.calendar]") == 1


def test_a_bare_export_with_every_screening_broken_writes_nothing(run, example, tmp_path):
    example.write_text(example.read_text().replace('film = "return-to-homs"', 'film = "x"'))
    before = example.read_bytes()
    result = run("export", "--out", "out")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[0] == "error: the plan has errors; nothing was exported"
    assert not (tmp_path / "out").exists()
    assert example.read_bytes() == before


def test_invites_need_an_organiser_email(run, example, tmp_path):
    example.write_text(example.read_text().replace('email = "tour@example.org"\n', ""))
    result = run("export", "ics")
    assert result.exit_code == ExitCode.USAGE
    assert "organiser.email: invites need the organiser's email" in result.stderr
    assert run("export", "feed").exit_code == 0  # the public feed needs no organiser


def test_a_screening_with_an_error_is_left_out(run, example, tmp_path):
    example.write_text(example.read_text().replace('venue = "clapham"', 'venue = "nowhere"'))
    result = run("export", "--out", "out")
    assert result.exit_code == ExitCode.PROBLEMS
    assert result.stderr.splitlines()[-2:] == [
        "error: screenings.clapham: left out of the export",
        "error: screenings.clapham.venue: no venue 'nowhere'; known: clapham, east-finchley, ica",
    ]
    assert (tmp_path / "out" / "invites" / "ica-premiere.ics").exists()
    assert not (tmp_path / "out" / "invites" / "clapham.ics").exists()
    checklist = run("export", "checklist", "clapham", "--out", "c")
    assert checklist.exit_code == ExitCode.USAGE
    assert not (tmp_path / "c").exists()


def test_unknown_and_unsafe_ids_are_refused(run, example, tmp_path):
    for bad in ["nope", "../../etc/passwd"]:
        result = run("export", "ics", bad)
        assert result.exit_code == ExitCode.USAGE
        assert result.stderr.startswith(f"error: screenings.{bad}: no screening {bad!r}")
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


def test_the_quickstart_leaves_the_bundled_examples_as_they_are(run, tmp_path):
    """The Quickstart exports the example from the checkout: it must not dirty it."""
    from tests.support.plans import ROOT

    for name in ("return-to-homs-tour.toml", "after-the-tour.toml"):
        plan = tmp_path / name
        plan.write_bytes((ROOT / "examples" / name).read_bytes())
        result = run("-f", str(plan), "export", "--out", str(tmp_path / "out" / name))
        assert result.exit_code == 0, result.output
        assert plan.read_bytes() == (ROOT / "examples" / name).read_bytes(), name


def test_listing_writes_to_a_file_with_o_as_other_exports_do(run, example, tmp_path):
    printed = run("export", "listing", "clapham")
    written = run("export", "listing", "clapham", "-o", "listing.txt")
    assert written.exit_code == 0, written.output
    assert written.stdout == "listing.txt\n"
    assert (tmp_path / "listing.txt").read_text() == printed.stdout
    over = run("export", "listing", "clapham", "-o", str(example))
    assert over.exit_code == ExitCode.OUTPUT and "is the plan file" in over.stderr
