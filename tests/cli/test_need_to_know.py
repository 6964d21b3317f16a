"""Need-to-know: a private speaker's real name, email and phone reach only the organiser,
the speaker and whoever `--share-with` names. A co-speaker's invitation, a volunteer's crew
invitation and reminder, another speaker's own calendar and the printed checklist show her
public name and carry none of her name forms, email or phone (a byte search of each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from screenkit.errors import ExitCode

# Every form of her that must not reach someone who may not know her.
MARKERS = [
    b"Nour", b"NOUR", b"Al-Khatib", b"Khatib", b"nour.k@example.org", b"7946 0999", b"79460999",
    "نور".encode(), "الخطيب".encode(), b"Campaigner for the disappeared",
]  # fmt: skip


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def decoded(raw: bytes) -> bytes:
    """A file as a person reads it: its bytes, and for an email also its base64 or
    quoted-printable parts and its headers decoded."""
    import email
    from email import policy

    texts = [raw]
    if b"\nSubject:" in raw[:4000] or raw.startswith(b"Subject:"):
        msg = email.message_from_bytes(raw, policy=policy.default)
        texts += [p for part in msg.walk() if (p := part.get_payload(decode=True))]
        texts += [str(value).encode() for _, value in msg.items()]
    return b"\n".join(texts)


def carries(raw: bytes) -> list[bytes]:
    """Her markers in a file as sent."""
    text = decoded(raw)
    return [m for m in MARKERS if m in text]


@pytest.fixture
def nour(run, example):
    """Nour Al-Khatib, private, speaks at the ICA with Amira and Talal; Sam hosts; a
    volunteer does the door."""
    ok(run("speaker", "add", "nour", "--name", "Nour Al-Khatib", "--email", "nour.k@example.org",
           "--phone", "+44 20 7946 0999", "--role", "Campaigner for the disappeared",
           "--private", "--public-name", "A Syrian activist", "--alias", "نور الخطيب"))  # fmt: skip
    ok(run("update", "ica-premiere", "--speaker", "amira", "--speaker", "talal",
           "--speaker", "nour"))  # fmt: skip
    ok(run("volunteer", "add", "jo", "--name", "Jo Door", "--email", "jo@example.org"))
    ok(run("rota", "ica-premiere", "--set", "door=jo"))
    return example


def sent(run, folder: str) -> dict[str, bytes]:
    ok(run("send", "ica-premiere", "--eml", folder))
    return {p.name: p.read_bytes() for p in Path(folder).glob("*.eml")}


def test_a_co_speakers_invitation_shows_her_public_name_only(run, nour):
    mails = sent(run, "mail")
    amira = mails["ica-premiere-amira.eml"]
    assert carries(amira) == [], "Amira's invitation names her"
    assert b"A Syrian activist" in decoded(amira)
    assert carries(mails["ica-premiere-sam.eml"]) == [], "the host's invitation names her"
    assert carries(mails["ica-premiere-crew-jo.eml"]) == [], "the door volunteer's names her"


def test_her_own_invitation_and_the_organisers_files_carry_her(run, nour):
    mails = sent(run, "mail")
    assert b"nour.k@example.org" in carries(mails["ica-premiere-nour.eml"])
    ok(run("export", "ics", "ica-premiere", "--out", "export"))  # the organiser's own invite
    assert b"nour.k@example.org" in Path("export/ica-premiere.ics").read_bytes()


def test_share_with_lets_the_host_who_meets_her_see_who_she_is(run, nour):
    ok(run("speaker", "update", "nour", "--share-with", "sam"))
    mails = sent(run, "mail")
    assert b"nour.k@example.org" in carries(mails["ica-premiere-sam.eml"])
    assert carries(mails["ica-premiere-amira.eml"]) == []


def test_the_checklist_and_another_speakers_calendar_keep_her_private(run, nour):
    ok(run("export", "--out", "export"))
    for path in [*Path("export/checklists").iterdir(), Path("export/speakers/amira.ics")]:
        assert carries(path.read_bytes()) == [], path


def test_reminders_to_others_keep_her_private(run, nour, monkeypatch):
    ok(run("send", "ica-premiere", "--eml", "mail"))
    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-26T09:00:00+01:00")
    ok(run("remind", "--eml", "reminders"))
    made = {p.name: p.read_bytes() for p in Path("reminders").glob("*.eml")}
    assert made, "nothing was due"
    for name, raw in made.items():
        if "-nour-" in name or "digest" in name:
            continue
        assert carries(raw) == [], name


def test_sharing_with_someone_unknown_is_an_error_naming_the_field(run, nour):
    result = run("speaker", "update", "nour", "--share-with", "nobody")
    assert result.exit_code == ExitCode.USAGE
    assert "speakers.nour.share_with" in result.output


def test_renaming_the_host_keeps_what_is_shared_with_him(run, nour):
    ok(run("speaker", "update", "nour", "--share-with", "sam"))
    ok(run("speaker", "rename", "sam", "sam-okafor"))
    assert 'share_with = ["sam-okafor"]' in Path("screenkit.toml").read_text()


@pytest.mark.parametrize("languages", [("cy", "en"), ("ar",)])
def test_in_a_welsh_or_arabic_evening_and_mail_she_stays_private(run, nour, languages):
    """Her Arabic alias and Latin name alike, on a cy+en and an ar evening, with Amira's
    mail in Arabic and Sam's in Welsh."""
    args = [a for code in languages for a in ("--language", code)]
    ok(run("update", "ica-premiere", *args))
    ok(run("speaker", "update", "amira", "--language", "ar"))
    ok(run("speaker", "update", "sam", "--language", "cy"))
    mails = sent(run, "mail")
    for who in ("amira", "sam", "talal", "crew-jo"):
        assert carries(mails[f"ica-premiere-{who}.eml"]) == [], who
    assert b"nour.k@example.org" in carries(mails["ica-premiere-nour.eml"])
    ok(run("export", "site", "--out", "site"))
    for page in Path("site").rglob("*.html"):
        assert carries(page.read_bytes()) == [], page
