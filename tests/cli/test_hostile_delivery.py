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


@pytest.mark.parametrize("field", ["--name", "--email", "--role"])
def test_crlf_never_reaches_a_header(run, example, field):
    before = example.read_bytes()
    value = "Amira\r\nBcc: boss@attacker.example"
    result = run("speaker", "update", "amira", field, value)
    one_error(result, ExitCode.USAGE, "amira", before, example)


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
