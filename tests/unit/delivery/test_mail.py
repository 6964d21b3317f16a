"""Building invitation emails and reading SMTP settings: pure functions, no server."""

from __future__ import annotations

import datetime as dt
import mailbox
import os

import pytest

from screenkit.calendars import ical, identity
from screenkit.delivery import mail, smtp
from screenkit.delivery.mail import mbox
from screenkit.errors import InputError
from screenkit.planfile import store
from tests.support.plans import EXAMPLE

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def plan():
    data = store.parse(EXAMPLE.read_text(), EXAMPLE)
    synced = identity.sync(data, store.validate_plan(data), NOW, lambda: "new-uid")
    return store.validate_plan(synced)


def with_sent(plan, sid, **sent_to):
    cal = plan.screenings[sid].calendar
    records = {pid: {"sequence": cal.sequence, "digest": cal.digest, **extra}
               for pid, extra in sent_to.items()}  # fmt: skip
    data = plan.model_dump(mode="python", exclude_none=True)
    data["screenings"][sid]["calendar"]["sent_to"] = records
    return store.validate_plan(data)


def test_subjects_say_what_where_and_when_in_the_venues_time(plan):
    assert mail.subject(plan, "clapham", "Invitation") == (
        "Invitation: Return to Homs, Clapham Community Cinema, Mon 28 June 2027 19:00"
    )
    assert mail.subject(plan, "ica-premiere", "Cancelled").startswith("Cancelled: Return to Homs")


def test_everyone_is_invited_once_then_nothing_more(plan):
    planned = identity.owed(plan, ["ica-premiere"])
    assert [(p.pid, p.method, p.kind) for p in planned] == [
        ("amira", "REQUEST", "Invitation"),
        ("talal", "REQUEST", "Invitation"),
        ("sam", "REQUEST", "Invitation"),
    ]
    done = with_sent(plan, "ica-premiere", amira={}, talal={}, sam={})
    assert identity.owed(done, ["ica-premiere"]) == []


def test_someone_no_longer_on_the_screening_gets_a_cancel_of_their_own(plan):
    sent = with_sent(plan, "clapham", amira={}, talal={"email": "talal@example.org"})
    (cancel,) = identity.owed(sent, ["clapham"])
    assert (cancel.pid, cancel.method, cancel.removed) == ("talal", "CANCEL", True)
    invite = ical.invite(sent, "clapham")
    calendar = mail.calendar_for(sent, cancel, invite)
    assert b"METHOD:CANCEL" in calendar
    # RFC 5546 §3.2.5: STATUS:CANCELLED cancels the event; uninviting one person omits it
    assert b"STATUS:" not in calendar
    assert calendar.count(b"ATTENDEE") == 1 and b"mailto:talal@example.org" in calendar
    assert b"BEGIN:VALARM" not in calendar
    assert "no longer needed" in mail.body(sent, cancel)
    assert mail.subject(sent, "clapham", cancel.kind).startswith("No longer needed: ")


def test_a_host_is_asked_to_host_and_a_speaker_to_speak(plan):
    planned = {p.pid: p for p in identity.owed(plan, ["ica-premiere"])}
    assert "like you to host a screening" in mail.body(plan, planned["sam"])
    assert "like you to speak at a screening" in mail.body(plan, planned["amira"])


def test_mbox_quotes_from_lines_inside_messages():
    from screenkit.output import Output

    out = Output("a.eml", b"Subject: x\r\n\r\nFrom here on\r\n>From there\r\n", "email")
    data = mbox([out, out], "tour@example.org", NOW)
    assert data.count(b"\nFrom tour@example.org ") == 1 and data.startswith(b"From tour@")
    assert b"\n>From here on\n>>From there\n" in data


def test_mbox_reads_back_with_the_standard_library(tmp_path):
    from screenkit.output import Output

    out = Output("a.eml", b"Subject: hello\r\n\r\nbody\r\n", "email")
    (tmp_path / "x.mbox").write_bytes(mbox([out, out], "tour@example.org", NOW))
    assert [m["Subject"] for m in mailbox.mbox(tmp_path / "x.mbox")] == ["hello", "hello"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", ("smtp", "mail.example.org", 25)),
        ("smtp+starttls://smtp.example.org", ("smtp+starttls", "smtp.example.org", 587)),
        ("smtps://smtp.example.org:2465", ("smtps", "smtp.example.org", 2465)),
    ],
)
def test_urls_give_scheme_host_and_default_port(url, expected, tmp_path):
    s = smtp.settings({"SCREENKIT_SMTP_URL": url, "SCREENKIT_CONFIG": str(tmp_path / "x")})
    assert (s.scheme, s.host, s.port) == expected


def test_the_environment_wins_over_the_config_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[smtp]\nurl = "smtp://file.example.org"\nuser = "fileuser"\n')
    env = {"SCREENKIT_CONFIG": str(config)}
    assert smtp.settings(env).host == "file.example.org"
    s = smtp.settings({**env, "SCREENKIT_SMTP_URL": "smtps://env.example.org",
                       "SCREENKIT_SMTP_USER": "me"})  # fmt: skip
    assert (s.host, s.user) == ("env.example.org", "me")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[smtp]\nurl = 3\n", "smtp.url: must be text"),
        ("[smtp]\nurl = 'smtp://x'\nport = 25\n", "smtp.port: unknown key"),
        ("not toml ===", "not a valid TOML config file"),
    ],
)
def test_a_bad_config_file_is_named(tmp_path, text, says):
    config = tmp_path / "config.toml"
    config.write_text(text)
    with pytest.raises(InputError, match=says):
        smtp.settings({"SCREENKIT_CONFIG": str(config)})


def test_a_password_without_a_user_is_refused(tmp_path):
    env = {"SCREENKIT_CONFIG": str(tmp_path / "x"), "SCREENKIT_SMTP_URL": "smtp://h",
           "SCREENKIT_SMTP_PASSWORD": "p"}  # fmt: skip
    with pytest.raises(InputError, match="no user"):
        smtp.settings(env)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_config_file_with_a_password_must_be_private(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[smtp]\nurl = "smtps://h"\nuser = "u"\npassword = "p"\n')
    config.chmod(0o640)
    with pytest.raises(InputError, match="other users can read it"):
        smtp.settings({"SCREENKIT_CONFIG": str(config)})
    config.chmod(0o600)
    assert smtp.settings({"SCREENKIT_CONFIG": str(config)}).password.get() == "p"


def test_a_password_in_the_url_is_used_but_never_shown(tmp_path):
    env = {"SCREENKIT_CONFIG": str(tmp_path / "x")}
    s = smtp.settings({**env, "SCREENKIT_SMTP_URL": "smtps://me:p%40ss@h.example.org"})
    assert (s.user, s.password.get(), s.port) == ("me", "p@ss", 465)
    assert "p@ss" not in repr(s) and "p%40ss" not in repr(s)
    with pytest.raises(InputError) as caught:
        smtp.settings({**env, "SCREENKIT_SMTP_URL": "imap://me:secret@h.example.org"})
    assert "secret" not in str(caught.value) and "me" not in str(caught.value)
