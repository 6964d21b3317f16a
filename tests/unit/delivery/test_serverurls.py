"""Server addresses: read strictly, and never shown with what their userinfo held."""

from __future__ import annotations

import pytest

from screenkit.delivery import serverurls
from screenkit.errors import InputError

SMTP = ("smtp", "smtp+starttls", "smtps")


def smtp(raw: str) -> serverurls.ServerUrl:
    return serverurls.parse(raw, "SCREENKIT_SMTP_URL", SMTP, "a mail server URL", "smtp://h:25",
                            path=False)  # fmt: skip


def caldav(raw: str) -> serverurls.ServerUrl:
    return serverurls.parse(raw, "URL", ("http", "https"), "an http(s) URL", "https://h/cal/",
                            path=True)  # fmt: skip


@pytest.mark.parametrize(
    "raw",
    [
        "smtps://Tourist:Qz7/Wv@mail.example.org",  # the password spills into the path
        "smtps://Tourist:Qz7#Wv@mail.example.org",  # … into the fragment
        "smtps://Tourist:Qz7?Wv@mail.example.org",  # … into the query
        "smtps://Tourist:12/Wv@mail.example.org",  # … reading as port 12 and a path
        "smtps://Tourist:Qz7 Wv@mail.example.org",  # a space
        "smtps://Tourist:Qz7\u0085Wv@mail.example.org",  # a C1 control
        "smtps://Tourist:Qz7Wv@[::1",  # an unclosed bracket
        "smtps://Tourist:%ffQz7Wv@mail.example.org",  # percent-encoding that is not UTF-8
        "imap://Tourist:Qz7Wv@mail.example.org",  # not a mail server URL at all
    ],
)
def test_a_password_however_written_is_never_quoted(raw):
    with pytest.raises(InputError) as caught:
        smtp(raw)
    said = str(caught.value)
    assert said.startswith("SCREENKIT_SMTP_URL: ") and "\n" not in said
    for piece in ("Qz7", "Wv", "Tourist", "%ff", "12/"):
        assert piece not in said, said


def test_a_password_with_slashes_in_a_calendar_url_is_refused_unquoted():
    for raw in ("https://me:12/x@cloud.example.org/cal/", "https://me:a/b@cloud.example.org/"):
        with pytest.raises(InputError) as caught:
            caldav(raw)
        assert "12/x" not in str(caught.value) and "a/b" not in str(caught.value)


def test_an_address_in_a_calendar_path_is_fine_and_shown_without_userinfo():
    url = caldav("https://tour%40example.org@caldav.fastmail.com/dav/calendars/user/me@fm.com/D")
    assert url.user == "tour@example.org" and url.password is None
    assert url.shown() == "https://caldav.fastmail.com/dav/calendars/user/me@fm.com/D"


@pytest.mark.parametrize(
    ("host", "says"),
    [
        ("a..b", "empty part"),
        (".example.org", "empty part"),
        ("xn--zz.example.org", "internationalised"),
        ("ex\u200dample.org", "internationalised"),
        ("-bad.example.org", "not letters"),
        ("a" * 64 + ".example.org", "not letters"),
        (("a" * 60 + ".") * 5 + "org", "over 253"),
    ],
)
def test_hosts_that_would_crash_the_resolver_are_refused(host, says):
    with pytest.raises(InputError, match=says):
        smtp(f"smtps://{host}:465")


def test_hosts_that_are_fine():
    assert smtp("smtps://B\u00fccher.example:465").host == "xn--bcher-kva.example"
    assert smtp("smtp://[::1]:2525").netloc == "[::1]:2525"
    assert smtp("smtp://mail_relay:25").host == "mail_relay"  # docker names
    assert smtp("smtp://localhost").loopback and smtp("smtp://127.0.0.2").loopback
    assert not smtp("smtp://mail.example.org").loopback


@pytest.mark.parametrize("raw", ["smtp://h:0", "smtp://h:65536", "smtp://h:x"])
def test_bad_ports(raw):
    with pytest.raises(InputError, match="bad port number"):
        smtp(raw)


def test_a_redirect_location_is_shown_without_userinfo_or_control_characters():
    assert serverurls.shown_location("https://u:pw@other.example/x/") == "https://other.example/x/"
    assert serverurls.shown_location("https://other.example/\x1b[2J") == "elsewhere"
    assert serverurls.shown_location("javascript:alert(1)") == "elsewhere"
    assert serverurls.shown_location("x" * 5000) == "elsewhere"
