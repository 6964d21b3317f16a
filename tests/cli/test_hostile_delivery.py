"""The hostile pass over delivery (issue "Trust"): servers that hang, trickle, flood, lie or
redirect; settings that would leak or crash; replies that forge. Each case: the exit code,
one `error:` line (or the correct result), nothing leaked, and the plan byte for byte as it
was wherever nothing should change.

Real servers where they exist (aiosmtpd here, Radicale in tests/servers/), small misbehaving
ones of our own where no real one misbehaves that way (tests/support/rogue.py).
"""

from __future__ import annotations

import base64
import json
import time
import tomllib
from email import policy
from email.parser import BytesParser

import pytest

from screenkit.errors import ExitCode
from tests.support import rogue
from tests.support.smtp import Handler, Server

SECRET = "Zx9-p\u00e4ss/w#rd?\u00df"  # non-ASCII, and every character that spills out of a URL


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def one_error(result, code: int, words: str, before: bytes | None = None, plan=None) -> str:
    assert result.exit_code == code, result.output
    lines = errors(result.stderr)
    assert len(lines) == 1, result.stderr
    assert words in lines[0], lines[0]
    assert "Traceback" not in result.output and SECRET not in result.output
    if before is not None:
        assert plan.read_bytes() == before
    return lines[0]


@pytest.fixture(autouse=True)
def no_config(monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "no-config.toml"))
    for name in ("SMTP_URL", "SMTP_USER", "SMTP_PASSWORD", "CALDAV_USER", "CALDAV_PASSWORD"):
        monkeypatch.delenv(f"SCREENKIT_{name}", raising=False)
    # Long enough for a loaded machine; the tests of servers that hang set 1 s (`impatient`).
    monkeypatch.setenv("SCREENKIT_SMTP_TIMEOUT", "10")
    monkeypatch.setenv("SCREENKIT_CALDAV_TIMEOUT", "10")


@pytest.fixture
def impatient(monkeypatch):
    monkeypatch.setenv("SCREENKIT_SMTP_TIMEOUT", "1")
    monkeypatch.setenv("SCREENKIT_CALDAV_TIMEOUT", "1")


def sent_to(plan, sid):
    return tomllib.loads(plan.read_text())["screenings"][sid]["calendar"].get("sent_to", {})


# -- mail servers that hang, trickle, stall or refuse ------------------------------------------
@pytest.mark.parametrize("talk", [rogue.silent, rogue.trickle], ids=["silent", "trickle"])
def test_a_mail_server_that_hangs_or_trickles_times_out(run, example, monkeypatch, talk,
                                                        impatient):  # fmt: skip
    before = example.read_bytes()
    with rogue.tcp(talk) as port:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", f"smtp://127.0.0.1:{port}")
        started = time.monotonic()
        result = run("send")
    assert time.monotonic() - started < 10
    line = one_error(result, ExitCode.DELIVERY, "timed out", before, example)
    assert "closed the connection" not in line and line.endswith("nothing was sent")


class Stalling(Handler):
    """Takes two messages, then holds the third's DATA for ever."""

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if len(self.received) >= 2:
            await asyncio.sleep(3600)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.slow  # a real process run or a race: the whole suite's, not the quick loop's
def test_a_server_that_stalls_on_the_third_message_keeps_the_first_two(run, example, monkeypatch):
    monkeypatch.setenv("SCREENKIT_SMTP_TIMEOUT", "3")
    with Server(Stalling()) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        result = run("send")
        assert result.exit_code == ExitCode.DELIVERY
        lines = errors(result.stderr)
        assert "timed out" in lines[0] and len(lines) == 4  # the stalled one and three untried
        recorded = [(sid, p) for sid in ("ica-premiere", "clapham", "east-finchley")
                    for p in sent_to(example, sid)]  # fmt: skip
        assert len(recorded) == 2 == len(srv.received)


class Temporary(Handler):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "talal@example.org":
            return "450 4.2.1 mailbox busy, try later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_4xx_for_one_recipient_fails_that_message_only(run, example, monkeypatch):
    with Server(Temporary()) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        result = one_error(run("send"), ExitCode.DELIVERY, "talal@example.org: 450 4.2.1")
        assert "the next send tries again" in result
        assert len(srv.received) == 5 and "talal" not in sent_to(example, "ica-premiere")


def test_a_non_ascii_password_logs_in_in_utf8_and_shows_nowhere(run, example, monkeypatch,
                                                               tmp_path):  # fmt: skip
    with Server(Handler(), password=SECRET) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)  # 127.0.0.1: no encryption needed
        monkeypatch.setenv("SCREENKIT_SMTP_USER", "tour")
        monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", SECRET)
        result = run("send", "clapham")
        assert result.exit_code == 0, result.output
        assert len(srv.received) == 1 and SECRET not in result.output
        monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", SECRET + "x")
        refused = one_error(run("send", "ica-premiere"), ExitCode.DELIVERY, "refused the login")
        assert "x" + SECRET not in refused


@pytest.mark.parametrize(
    ("url", "insecure", "code"),
    [
        ("smtp://mail.example.org:25", False, ExitCode.USAGE),  # would cross a network in clear
        ("smtp://127.0.0.1:{port}", False, 0),  # this machine: nothing crosses a network
    ],
)
def test_a_password_over_plain_smtp_needs_insecure(run, example, monkeypatch, url, insecure,
                                                   code):  # fmt: skip
    before = example.read_bytes()
    with Server(Handler(), password="pw") as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", url.format(port=srv.port))
        monkeypatch.setenv("SCREENKIT_SMTP_USER", "tour")
        monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", "pw")
        result = run("send", "clapham")
    if code:
        line = one_error(result, code, "in clear", before, example)
        assert "--insecure" in line and "pw" not in line.split("SMTP_URL")[1]
    else:
        assert result.exit_code == 0, result.output


def test_insecure_lets_a_password_cross_in_clear(run, example, monkeypatch):
    monkeypatch.setenv("SCREENKIT_SMTP_URL", "smtp://mail.invalid:25")
    monkeypatch.setenv("SCREENKIT_SMTP_USER", "tour")
    monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", "pw")
    result = run("send", "--insecure", "clapham")  # past the check: the host does not exist
    one_error(result, ExitCode.DELIVERY, "cannot reach the mail server")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("smtps://tour:{secret}@mail.example.org", "a password holding"),
        ("smtps://tour:pw@a..b:465", "empty part"),
        ("smtps://tour:pw@xn--zz.example:465", "internationalised"),
        ("smtps://tour:pw@" + "a" * 64 + ".example:465", "not letters"),
    ],
)
def test_a_mail_server_url_that_would_leak_or_crash(run, example, monkeypatch, raw, words):
    monkeypatch.setenv("SCREENKIT_SMTP_URL", raw.format(secret=SECRET))
    before = example.read_bytes()
    line = one_error(run("send"), ExitCode.USAGE, words, before, example)
    for piece in ("Zx9", "rd?", "tour", "pw"):
        assert piece not in line


def test_a_display_name_cannot_add_recipients(run, example, monkeypatch):
    name = 'Eve <boss@attacker.example>, "CEO" <ceo@attacker.example>'
    assert run("speaker", "update", "amira", "--name", name).exit_code == 0
    with Server(Handler()) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        assert run("send", "clapham").exit_code == 0
    (got,) = srv.received
    assert got.recipients == ["amira@example.org"]
    (to,) = got.message["To"].addresses
    assert (to.display_name, to.addr_spec) == (name, "amira@example.org")
    assert len(got.message.get_all("To")) == 1 and "attacker" not in got.message["From"]


@pytest.mark.parametrize(
    "command",
    [
        ["speaker", "update", "amira", "--name"],  # To
        ["speaker", "update", "amira", "--email"],  # To, RCPT TO
        ["speaker", "update", "amira", "--delegate"],  # whose replies count
        ["speaker", "update", "amira", "--role"],
        ["film", "update", "return-to-homs", "--title"],  # Subject
        ["venue", "update", "ica", "--name"],  # Subject
        ["set", "organiser.name"],  # From
        ["set", "organiser.email"],  # From, MAIL FROM
    ],
    ids=lambda v: " ".join(v[-2:]),
)
def test_crlf_never_reaches_a_header(run, example, command):
    before = example.read_bytes()
    value = "Amira\r\nBcc: boss@attacker.example"
    result = run(*command, value)
    line = one_error(result, ExitCode.USAGE, "", before, example)
    assert "\r" not in line and "\nBcc" not in line


def with_address(plan, who: str, address: str) -> None:
    plan.write_text(plan.read_text().replace(f'"{who}@example.org"', json.dumps(address), 1))


@pytest.mark.parametrize("offered", [True, False], ids=["smtputf8", "no-smtputf8"])
def test_an_address_outside_ascii_goes_with_smtputf8_or_is_named(run, example, monkeypatch,
                                                                offered):  # fmt: skip
    with_address(example, "amira", "\u00e1mira@example.org")
    handler = Handler()
    with Server(handler, smtputf8=offered) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        result = run("send", "clapham")
    if offered:
        assert result.exit_code == 0, result.output
        (got,) = handler.received
        assert got.recipients == ["\u00e1mira@example.org"]
        to = str(got.message["To"]).encode("utf-8", "surrogateescape").decode()  # raw UTF-8
        assert to.endswith("<\u00e1mira@example.org>")
    else:
        one_error(result, ExitCode.DELIVERY, "no SMTPUTF8")
        assert handler.received == []


# -- CalDAV servers that lie, flood, hang or redirect ---------------------------------------------
@pytest.fixture
def caldav(monkeypatch):
    monkeypatch.setenv("SCREENKIT_CALDAV_USER", "tour")
    monkeypatch.setenv("SCREENKIT_CALDAV_PASSWORD", SECRET)
    with rogue.caldav(rogue.CalDAVRogue({"PROPFIND": rogue.calendar})) as server:
        yield server


@pytest.mark.parametrize(
    ("etag", "words"),
    [
        ('"' + "e" * 598 + '"', "an ETag of 600 characters"),
        ('"a\u0085b"', "an ETag holding a control character"),
        ("unquoted", "not a quoted string"),
    ],
)
def test_an_etag_the_plan_cannot_hold_is_refused_before_it_reaches_the_plan(
    run, example, caldav, etag, words
):
    caldav.answers["PUT"] = rogue.created(etag)
    before = example.read_bytes()
    result = run("publish", caldav.url)
    line = one_error(result, ExitCode.DELIVERY, words, before, example)
    assert "2 more not tried" in line
    assert run("list").exit_code == 0  # the plan still loads: nothing bricked it


def flood(handler) -> None:
    """201 with a body of 300 MB, made as it is sent."""
    handler.send_response(201)
    handler.send_header("ETag", '"1"')
    handler.send_header("Content-Length", str(300 << 20))
    handler.end_headers()
    chunk = b"x" * (1 << 16)
    for _ in range(300 << 4):
        handler.wfile.write(chunk)


def drip(handler) -> None:
    """201 whose body comes a byte a tenth of a second: no single read ever waits long."""
    handler.send_response(201)
    handler.send_header("ETag", '"1"')
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(100000):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize(("put", "words"), [(flood, "more than screenkit reads"),
                                            (drip, "did not answer within 1 s")])  # fmt: skip
def test_a_put_answered_with_a_flood_or_a_drip_is_cut_off(run, example, caldav, put, words,
                                                          impatient):  # fmt: skip
    caldav.answers["PUT"] = put
    before = example.read_bytes()
    started = time.monotonic()
    one_error(run("publish", caldav.url), ExitCode.DELIVERY, words, before, example)
    assert time.monotonic() - started < 15


def hang(handler) -> None:
    time.sleep(30)


def drip_xml(handler) -> None:
    handler.send_response(207)
    handler.send_header("Content-Length", str(len(rogue.CALENDAR) + 10000))
    handler.end_headers()
    for byte in rogue.CALENDAR + b" " * 10000:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.05)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE d:multistatus [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % (n, p, p, p, p, p,
                                                                                 p, p, p, p, p)
                     for n, p in zip(b"bcdefghij", b"abcdefghi", strict=True))
          + b']><d:multistatus xmlns:d="DAV:">&j;</d:multistatus>')  # fmt: skip


@pytest.mark.parametrize(
    ("propfind", "words"),
    [
        (hang, "did not answer within 1 s"),
        (drip_xml, "did not answer within 1 s"),
        (lambda h: rogue.answer(h, 207, b"<<<not xml"), "not WebDAV XML"),
        (lambda h: rogue.answer(h, 207, LAUGHS), "not WebDAV XML"),
        (lambda h: rogue.answer(h, 207, b"<a>" * (1 << 19)), "over 1 MB"),
        (lambda h: rogue.answer(h, 200, b"<html>hello</html>"), "is not a CalDAV calendar"),
    ],
    ids=["hang", "drip", "garbage", "entities", "huge", "a web page"],
)
def test_a_calendar_server_that_hangs_or_answers_garbage(run, example, caldav, propfind, words,
                                                         impatient):  # fmt: skip
    caldav.answers["PROPFIND"] = propfind
    before = example.read_bytes()
    started = time.monotonic()
    one_error(run("publish", caldav.url), ExitCode.DELIVERY, words, before, example)
    assert time.monotonic() - started < 15


def test_a_redirect_to_another_host_is_not_followed_and_the_password_stays(run, example,
                                                                          caldav):  # fmt: skip
    with rogue.caldav(rogue.CalDAVRogue({"PROPFIND": rogue.calendar})) as elsewhere:
        location = f"http://evil:pw@127.0.0.1:{elsewhere.port}/cal/"
        caldav.answers["PROPFIND"] = lambda h: rogue.answer(h, 301, b"", {"Location": location})
        before = example.read_bytes()
        line = one_error(run("publish", caldav.url), ExitCode.DELIVERY,
                         f"redirects to http://127.0.0.1:{elsewhere.port}/cal/;", before,
                         example)  # fmt: skip
        assert elsewhere.asked == [] and "evil" not in line
        location = f"http://127.0.0.1:{elsewhere.port}/cal/\x1b[2J"  # a terminal escape
        line = one_error(run("publish", caldav.url), ExitCode.DELIVERY, "redirects to",
                         before, example)  # fmt: skip
        assert elsewhere.asked == [] and "\x1b" not in line
    asked = caldav.asked[0]
    user, password = base64.b64decode(asked.headers["Authorization"][6:]).split(b":", 1)
    assert (user, password.decode()) == (b"tour", SECRET)  # Basic auth in UTF-8 (RFC 7617)


@pytest.mark.parametrize(
    ("url", "code", "words"),
    [
        ("http://cloud.example.org/cal/", ExitCode.USAGE, "in clear"),
        ("https://me:{secret}@cloud.example.org/cal/", ExitCode.USAGE, "URL: "),
        ("https://cloud..example.org/cal/", ExitCode.USAGE, "empty part"),
        ("https://cloud.example.org/cal/?x=1", ExitCode.USAGE, "cannot be read"),
    ],
)
def test_a_calendar_url_that_would_leak_or_crash(run, example, caldav, url, code, words):
    before = example.read_bytes()
    line = one_error(run("publish", url.format(secret=SECRET)), code, words, before, example)
    assert caldav.asked == [] and "Zx9" not in line


def test_insecure_allows_http_to_another_host(run, example, caldav):
    result = run("publish", "--insecure", "http://cloud.invalid/cal/")
    one_error(result, ExitCode.DELIVERY, "cannot connect")


def test_a_written_eml_holds_no_secret(run, example, monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", SECRET)
    assert run("send", "--eml", "out").exit_code == 0
    for eml in (tmp_path / "out").glob("*.eml"):
        raw = eml.read_bytes()
        assert SECRET.encode() not in raw
        BytesParser(policy=policy.default).parsebytes(raw)


# -- replies: from the person they are for, to the version they answer ------------------------
PREMIERE = "3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a01"


def reply(email="amira@example.org", partstat="DECLINED", sequence=0, sent_by=None,
          stamp=(2026, 11, 26, 9, 0), uid=PREMIERE) -> bytes:  # fmt: skip
    import datetime as dt

    from icalendar import Calendar, Event, vCalAddress

    cal = Calendar()
    cal.add("prodid", "-//Example Client//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", dt.datetime(*stamp, tzinfo=dt.UTC))
    address = vCalAddress(f"mailto:{email}")
    address.params["PARTSTAT"] = partstat
    if sent_by:
        address.params["SENT-BY"] = f"mailto:{sent_by}"
    event.add("attendee", address)
    cal.add_component(event)
    return cal.to_ical()


def email(ics: bytes, sender="amira@example.org", *, headers=(), twice=False) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "tour@example.org"
    msg["Subject"] = "Declined: Return to Homs"
    for name, value in headers:
        msg[name] = value
    msg.set_content("An answer.")
    msg.add_alternative(ics, maintype="text", subtype="calendar",
                        params={"method": "REPLY", "charset": "UTF-8"})  # fmt: skip
    if twice:  # as Thunderbird sends it: inline, and again as invite.ics (its own line ends)
        msg.add_attachment(ics.replace(b"\r\n", b"\n"), maintype="application", subtype="ics",
                           filename="invite.ics")  # fmt: skip
    return bytes(msg)


def answers(run, sid="ica-premiere") -> dict[str, str]:
    return json.loads(run("show", sid, "--json").stdout)["rsvp"]


def test_a_forged_reply_is_not_recorded_and_says_how_to_record_it_by_hand(run, example, tmp_path):
    (tmp_path / "forged.eml").write_bytes(email(reply(), sender="mallory@evil.example"))
    before = example.read_bytes()
    result = run("replies", "forged.eml")
    assert result.exit_code == 0 and result.stdout == ""
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("warning: ")]
    assert line == (
        "warning: forged.eml: from mallory@evil.example, but the answer is for "
        "amira@example.org (ica-premiere); not recorded: if amira did answer, record it with "
        "`screenkit rsvp ica-premiere amira declined`"
    )
    assert example.read_bytes() == before


@pytest.mark.parametrize(
    "headers",
    [
        [("Authentication-Results", "mx.example.org; dkim=fail header.d=example.org")],
        [("Authentication-Results", "mx; spf=pass; dmarc=fail (p=reject) header.from=example.org")],
    ],
    ids=["dkim", "dmarc"],
)
def test_a_reply_whose_signature_failed_is_not_recorded(run, example, tmp_path, headers):
    (tmp_path / "r.eml").write_bytes(email(reply(), headers=headers))
    before = example.read_bytes()
    result = run("replies", "r.eml")
    assert result.exit_code == 0 and result.stdout == ""
    assert "failed for example.org (Authentication-Results), so it may be forged" in result.stderr
    assert example.read_bytes() == before


def test_a_reply_from_the_attendee_in_any_case_counts_once(run, example, tmp_path):
    """However many copies of it the message carries: Thunderbird's gave "recorded 2"."""
    raw = email(
        reply(),
        sender='"Amira" <AMIRA@Example.ORG>',
        twice=True,
        headers=[("Authentication-Results", "mx; dkim=pass header.d=example.org")],
    )
    (tmp_path / "r.eml").write_bytes(raw)
    result = run("replies", "r.eml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ica-premiere: amira declined\n"
    assert "recorded 1 answer(s)" in result.stderr
    assert answers(run)["amira"] == "declined"


def test_a_delegate_answers_only_once_declared(run, example, tmp_path):
    by_assistant = [
        email(reply(), sender="amira@example.org", headers=[("Sender", "pa@example.org")]),
        email(reply(sent_by="pa@example.org"), sender="pa@example.org"),
    ]
    for n, raw in enumerate(by_assistant):
        (tmp_path / f"{n}.eml").write_bytes(raw)
    before = example.read_bytes()
    refused = run("replies", "0.eml", "1.eml")
    assert refused.stdout == "" and refused.stderr.count("from pa@example.org") == 2
    assert example.read_bytes() == before
    assert run("speaker", "update", "amira", "--delegate", "PA@example.org").exit_code == 0
    recorded = run("replies", "0.eml", "1.eml")
    assert recorded.exit_code == 0 and recorded.stdout.count("amira declined") == 2


def test_a_bare_ics_is_recorded_and_said_to_be_unchecked(run, example, tmp_path):
    (tmp_path / "r.ics").write_bytes(reply())
    result = run("replies", "r.ics")
    assert result.exit_code == 0 and result.stdout == "ica-premiere: amira declined\n"
    assert "r.ics: a calendar file alone names no sender, so screenkit could not check who " \
           "answered" in result.stderr  # fmt: skip


def test_an_older_answer_never_overwrites_a_newer_one(run, example, tmp_path):
    (tmp_path / "new.ics").write_bytes(reply(partstat="ACCEPTED", stamp=(2026, 11, 27, 9, 0)))
    (tmp_path / "old.ics").write_bytes(reply(partstat="DECLINED", stamp=(2026, 11, 26, 9, 0)))
    result = run("replies", "new.ics", "old.ics")  # in either order: the newer stands
    assert result.exit_code == 0 and "older (DTSTAMP) than the one recorded" in result.stderr
    assert answers(run)["amira"] == "accepted"
    assert run("replies", "old.ics").exit_code == 0
    assert answers(run)["amira"] == "accepted"


def test_a_reply_to_the_old_time_counts_for_the_old_time_only(run, example, tmp_path,
                                                             monkeypatch):  # fmt: skip
    with Server(Handler()) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        assert run("send", "clapham").exit_code == 0  # SEQUENCE 0, 19:00
        assert run("update", "clapham", "--start", "19:45").exit_code == 0
        assert run("send", "clapham").exit_code == 0  # SEQUENCE 1, 19:45
    clapham = "3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a02"
    (tmp_path / "r.eml").write_bytes(email(reply(partstat="ACCEPTED", uid=clapham)))
    result = run("replies", "r.eml")
    assert result.stdout == "clapham: amira accepted (to SEQUENCE 0, an older version)\n"
    said = "accepted the old time (19:00); the invitation for 19:45 is unanswered"
    assert answers(run, "clapham")["amira"] == "needs-action"
    assert said in run("show", "clapham").stdout
    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-20T09:00:00Z")  # within confirm_by
    status = json.loads(run("status", "--json").stdout)
    (chase,) = [p for p in status if p["kind"] == "answers" and p["screening"] == "clapham"]
    assert said in chase["message"]
    assert any("rsvp.amira" in p["where"] for p in json.loads(run("check", "--json").stdout))


# -- what is handed in as a file: FIFOs, devices, folders, loops, sparse giants -----------------
def _special(tmp_path, kind: str, name: str):
    """A path of `kind` beside the plan: a FIFO with no writer, /dev/zero, a folder, a loop
    of symbolic links, or a sparse file of 100 GB that takes no room."""
    import os

    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        path.symlink_to(path)
    else:
        with open(path, "wb") as handle:
            handle.truncate(100 << 30)
    return path


SPECIAL = {"fifo": "not a regular file", "zero": "not a regular file", "folder": "is a folder",
           "loop": "loop of symbolic links", "sparse": "over"}  # fmt: skip


@pytest.mark.parametrize("kind", list(SPECIAL))
def test_replies_and_import_never_wait_on_or_swallow_what_is_not_a_file(run, example, tmp_path,
                                                                       kind):  # fmt: skip
    _special(tmp_path, kind, "thing.eml")
    before = example.read_bytes()
    started = time.monotonic()
    for command in (["replies", "thing.eml"], ["import", "thing.eml"]):
        one_error(run(*command), ExitCode.USAGE, SPECIAL[kind], before, example)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("kind", list(SPECIAL))
def test_a_poster_that_is_not_an_image_file_is_one_error(run, example, tmp_path, kind):
    _special(tmp_path, kind, "poster.png")
    assert run("film", "update", "return-to-homs", "--poster", "poster.png").exit_code == 0
    before = example.read_bytes()
    words = {"sparse": "is over 10 MB", "folder": "is a folder",  # /dev/zero is not beside it
             "zero": "is outside the plan's folder"}.get(kind, SPECIAL[kind])  # fmt: skip
    line = one_error(run("export", "poster", "clapham", "-o", "p.html"), ExitCode.USAGE, words,
                     before, example)  # fmt: skip
    assert line.startswith("error: films.return-to-homs.poster: ")
    assert not (tmp_path / "p.html").exists()


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder", "loop", "sparse"])
def test_a_config_file_that_is_not_a_small_file(run, example, tmp_path, monkeypatch, kind):
    config = _special(tmp_path, kind, "config.toml")
    monkeypatch.setenv("SCREENKIT_CONFIG", str(config))
    monkeypatch.setenv("SCREENKIT_SMTP_URL", "smtps://mail.example.org")
    before = example.read_bytes()
    words = {"sparse": "over 256 KB"}.get(kind, SPECIAL[kind])
    one_error(run("send"), ExitCode.USAGE, words, before, example)
    one_error(run("publish", "https://cloud.example.org/cal/"), ExitCode.USAGE, words, before,
              example)  # fmt: skip


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (reply() * 1 + b"X" * 0, None),  # the control: one good reply
        (reply().replace(b"ATTENDEE", b"ATTENDEE;X=1", 1) + b"", None),
        (
            b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u\r\n"
            + b"ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org\r\n" * 20000
            + b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "must name exactly one ATTENDEE",
        ),
        (reply().replace(b"SEQUENCE:0", b"SEQUENCE:" + b"9" * 40), "SEQUENCE"),
        (
            b"From: amira@example.org\nContent-Type: text/calendar\nContent-Transfer-Encoding: "
            b"base64\n\n!!!not base64!!!\n",
            "not a readable calendar",
        ),
        (
            b"From x Thu Nov 26 09:00:00 2026\nSubject: hi\n\nno reply\n" * 5000,
            "no calendar reply (METHOD:REPLY) in this mbox",
        ),
    ],
    ids=[
        "control",
        "odd-parameter",
        "20000-attendees",
        "huge-sequence",
        "bad-base64",
        "mbox-without-replies",
    ],
)
def test_malformed_replies_are_one_error(run, example, tmp_path, content, words):
    (tmp_path / "r.eml").write_bytes(content)
    before = example.read_bytes()
    result = run("replies", "r.eml")
    if words is None:
        assert result.exit_code == 0 and "amira declined" in result.stdout, result.output
    else:
        one_error(result, ExitCode.USAGE, words, before, example)


def test_a_reply_nested_thousands_of_parts_deep_is_one_error(run, example, tmp_path):
    part = b"Content-Type: text/calendar; method=REPLY\n\n" + reply()
    for n in range(3000):
        b = b"b%d" % n
        part = (b"Content-Type: multipart/mixed; boundary=" + b + b"\n\n--" + b + b"\n" + part
                + b"\n--" + b + b"--\n")  # fmt: skip
    (tmp_path / "deep.eml").write_bytes(b"From: amira@example.org\n" + part)
    before = example.read_bytes()
    one_error(run("replies", "deep.eml"), ExitCode.USAGE, "not a readable email", before, example)


def test_standard_input_over_the_limit_is_refused(run, example):
    from screenkit.delivery.replies import MAX_BYTES

    before = example.read_bytes()
    big = "x" * (MAX_BYTES + 10)
    one_error(run("replies", "-", input=big), ExitCode.USAGE, "over 32 MB", before, example)


# -- where outputs go: the plan's folder, a link elsewhere, a file, a FIFO, a device --------------
def test_an_export_into_the_plans_own_folder_keeps_the_plan_and_its_neighbours(run, example,
                                                                             tmp_path):  # fmt: skip
    (tmp_path / "notes.txt").write_text("mine")
    for command in (["export", "--out", "."], ["export", "site", "--out", "."],
                    ["export", "vdir", "--out", "."]):  # fmt: skip
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
        assert run("check").exit_code == 0  # the plan still reads, whole
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "index.html").exists() and (tmp_path / "invites").is_dir()


def test_an_export_through_a_link_writes_there_and_deletes_nothing(run, example, tmp_path):
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.html").write_text("not screenkit's")
    (tmp_path / "site").symlink_to(elsewhere)
    assert run("export", "site", "--out", "site").exit_code == 0
    assert (elsewhere / "index.html").exists() and (elsewhere / "keep.html").exists()
    assert run("remove", "east-finchley", "--force").exit_code == 0
    assert run("export", "site", "--out", "site").exit_code == 0
    assert (elsewhere / "keep.html").exists()  # never a file it did not write
    # The removed screening's page was screenkit's own: a stale public page goes (issue 32).
    assert not list((elsewhere / "screenings").glob("east-finchley*"))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["export", "vdir", "--out", "screenkit.toml"], "is a file, not a folder"),
        (["export", "site", "--out", "screenkit.toml"], "is a file, not a folder"),
        (["export", "feed", "-o", "fifo"], "not a regular file"),
        (["export", "feed", "-o", "/dev/full"], "not a regular file"),
        (["export", "report", "-o", "a-folder"], "is a folder"),
        (["export", "feedback", "clapham", "-o", "missing/slips.html"], "does not exist"),
        (["export", "listing", "nowhere"], "no screening"),
        (["export", "poster", "clapham", "-o", "screenkit.toml"], "plan file"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_an_output_that_cannot_be_written_there_is_one_error(run, example, tmp_path, args,
                                                              words):  # fmt: skip
    import os

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "a-folder").mkdir()
    before = example.read_bytes()
    started = time.monotonic()
    result = run(*args)
    assert result.exit_code in (ExitCode.OUTPUT, ExitCode.USAGE), result.output
    one_error(result, result.exit_code, words, before, example)
    assert time.monotonic() - started < 10


def test_a_folder_nobody_may_write_is_one_error_for_all_its_files(example, tmp_path):
    """As an ordinary user (root writes anywhere): one line, the rest counted on it."""
    import shutil

    from tests.support import users

    where = users.folder()
    where.chmod(0o777)  # the plan's lock and temporaries go beside it
    plan = where / "screenkit.toml"
    shutil.copy(example, plan)
    plan.chmod(0o666)
    locked = where / "locked"
    locked.mkdir(mode=0o555)
    # The warm-up runs the same export on a copy, so that the child has what it imports.
    shutil.copy(example, where / "copy.toml")
    warm_up = ("-f", str(where / "copy.toml"), "export", "ics", "--out", str(where / "w"))
    result = users.as_user(warm_up, "-f", str(plan), "export", "ics", "--out", str(locked))
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("error: ")]
    assert "Permission denied" in line and line.endswith("; 2 more not written")
    assert plan.read_bytes() == example.read_bytes()


@pytest.mark.parametrize("command", [["remind", "--eml"], ["send", "--eml"]])
def test_eml_files_nobody_may_write_are_an_output_error_not_a_servers(
    example, monkeypatch, command
):
    """`remind --eml` into a read-only folder said "wrote 5 message(s)" and exited 6, as if
    a mail server had refused them."""
    import shutil

    from tests.support import users

    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-21T09:00:00+00:00")  # reminders are due
    where = users.folder()
    where.chmod(0o777)
    plan = where / "screenkit.toml"
    shutil.copy(example, plan)
    plan.chmod(0o666)
    locked = where / "locked"
    locked.mkdir(mode=0o555)
    shutil.copy(example, where / "copy.toml")  # its lock, made as root, is not the plan's
    warm_up = ("-f", str(where / "copy.toml"), *command, str(where / "w"))
    result = users.as_user(warm_up, "-f", str(plan), *command, str(locked))
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    assert "not written" in result.stderr and "not sent" not in result.stderr
    assert "wrote 0 of " in result.stderr
    assert plan.read_bytes() == example.read_bytes()


def test_the_report_in_markdown_keeps_plan_text_as_text(run, example, monkeypatch):
    from markdown_it import MarkdownIt

    monkeypatch.setenv("SCREENKIT_NOW", "2027-07-01T09:00:00Z")
    hostile = "[click](https://evil.example) <img src=x onerror=alert(1)> *bold* | pipe"
    assert run("venue", "update", "clapham", "--name", hostile).exit_code == 0
    assert run("result", "clapham", "--attendance", "97").exit_code == 0
    monkeypatched = run("export", "report", "--format", "md", "-o", "-")
    assert monkeypatched.exit_code == 0, monkeypatched.output
    html = MarkdownIt("commonmark").enable("table").render(monkeypatched.stdout)
    assert "<a href" not in html and "<img" not in html and "<em>bold" not in html


# -- ids and uids that would collide or name devices ----------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        [
            "new",
            "con",
            "--film",
            "return-to-homs",
            "--venue",
            "ica",
            "--date",
            "2027-07-01",
            "--start",
            "19:00",
        ],
        ["rename", "clapham", "nul"],
        ["speaker", "add", "aux", "--name", "Aux", "--email", "aux@example.org"],
        ["film", "rename", "return-to-homs", "com1"],
    ],
    ids=["new con", "rename nul", "speaker aux", "film com1"],
)
def test_a_new_id_that_names_a_windows_device_is_refused(run, example, args):
    before = example.read_bytes()
    one_error(run(*args), ExitCode.USAGE, "names a device on Windows", before, example)


def test_a_plan_that_has_such_an_id_still_loads_and_windows_writes_nothing_broken(
    run, example, tmp_path, monkeypatch
):
    from screenkit.delivery import targets

    example.write_text(example.read_text().replace("[screenings.clapham", "[screenings.con"))
    assert run("list").exit_code == 0
    assert run("export", "ics", "--out", "here").exit_code == 0  # anywhere but Windows: fine
    monkeypatch.setattr(targets, "WINDOWS", True)
    result = run("export", "ics", "--out", "there")
    line = one_error(result, ExitCode.OUTPUT, "is a device name on Windows (con.ics)")
    assert line.endswith("not written") and len(list((tmp_path / "there").iterdir())) == 2


def test_uids_that_differ_only_in_case_are_an_error(run, example, tmp_path):
    """Their `<uid>.ics` would be one file on macOS and Windows disks: the second silently
    replaced the first."""
    text = example.read_text()
    text = text.replace(PREMIERE[:-1] + "3", PREMIERE.upper())
    example.write_text(text)
    result = run("export", "vdir", "--out", "cal")
    assert result.exit_code == ExitCode.PROBLEMS
    assert "differs from screenings.ica-premiere's only in case" in result.stderr
    assert len(list((tmp_path / "cal").glob("*.ics"))) == 2


# -- result and rsvp -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["result", "clapham", "--attendance", "9", "--takings", "1e999"], "takings"),
        (["result", "clapham", "--attendance", "-1"], "attendance"),
        (["result", "clapham", "--attendance", "9", "--rating", "nan"], "rating"),
        (["result", "nowhere", "--attendance", "5"], "no screening"),
        (["result", "ica-premiere", "--attendance", "5", "--notes", "a\x1b[2Jb"], "control"),
        (["rsvp", "clapham", "amira", "accepted\r\nBcc: x@evil.example"], "error: answer: "),
        (["rsvp", "clapham", "mallory", "accepted"], "not one of its speakers or host"),
        (["rsvp", "clap\u202eham", "amira", "accepted"], "no screening"),
    ],
    ids=lambda v: " ".join(v)[:40] if isinstance(v, list) else None,
)
def test_result_and_rsvp_refuse_what_they_cannot_record(run, example, args, words, monkeypatch):
    monkeypatch.setenv("SCREENKIT_NOW", "2027-07-01T09:00:00Z")  # after the tour
    before = example.read_bytes()
    line = one_error(run(*args), ExitCode.USAGE, words, before, example)
    assert "\u202e" not in line and "\r" not in line and "\x1b" not in line


def test_an_mbox_of_nothing_writes_nothing(run, example, tmp_path, monkeypatch):
    """With nobody owed a message, `send --mbox` ended in exit 70 (an empty delivery)."""
    with Server(Handler()) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        assert run("send").exit_code == 0
    result = run("send", "--mbox", "sent.mbox")
    assert result.exit_code == 0 and "nothing to send" in result.stderr
    assert not (tmp_path / "sent.mbox").exists()


@pytest.mark.parametrize("kind", ["fifo", "zero", "sparse"])
def test_status_never_waits_on_an_export_stamp_that_is_not_a_file(run, example, tmp_path, kind):
    (tmp_path / "export").mkdir()
    _special(tmp_path / "export", kind, ".screenkit-export.json")
    started = time.monotonic()
    result = run("status")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert time.monotonic() - started < 10
