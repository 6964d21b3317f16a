"""Email headers built from their parts: read back by Python's parser exactly as written."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from screenkit.delivery import headers


def round_trip(**values: str) -> EmailMessage:
    msg = EmailMessage()
    for name, value in values.items():
        headers.set_header(msg, name, value)
    msg.set_content("x")
    raw = msg.as_bytes(policy=policy.SMTP)
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))
    return BytesParser(policy=policy.default).parsebytes(raw)


@pytest.mark.parametrize("extra", range(0, 90, 3))
@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_subject_never_gains_a_leading_space(extra, apostrophe):
    """Python's own folder moved a Subject with an apostrophe onto a continuation line whole,
    so it arrived as ' Invitation: …' (at these lengths, before this module)."""
    subject = f"Invitation: Return to Homs, St John{apostrophe}s {'x' * extra}, Sun 27 June 18:30"
    got = round_trip(Subject=headers.unstructured("Subject", subject))
    assert str(got["Subject"]) == subject


@pytest.mark.parametrize(
    "name",
    [
        "অমিত কুমার চট্টোপাধ্যায় বন্দ্যোপাধ্যায়",  # Bengali: encoded words split Python read apart
        "Zoë Ådahl-Ørsted",
        "محمد عبد الرحمن",
        "Talal Derki",
    ],
)
def test_a_display_name_reads_back_with_no_space_inside_a_word(name):
    got = round_trip(To=headers.address_header("To", name, "guest@example.org"))
    (address,) = got["To"].addresses
    assert address.addr_spec == "guest@example.org"
    # Python's parser puts a space between adjacent encoded words of a phrase, so a break
    # may read as two spaces; never as a space inside a word.
    assert address.display_name.replace("  ", " ") == name
    assert all(word in name.split() for word in address.display_name.split())


def test_a_display_name_cannot_add_recipients():
    hostile = 'Eve <boss@attacker.example>, "CEO" <ceo@attacker.example>'
    got = round_trip(To=headers.address_header("To", hostile, "eve@example.org"))
    (address,) = got["To"].addresses
    assert address.addr_spec == "eve@example.org" and address.display_name == hostile


def test_a_long_word_is_split_between_whole_characters():
    word = "চট্টোপাধ্যায়" * 6  # one word too long for one encoded word
    chunks = headers._chunks(word)
    assert len(chunks) > 1 and "".join(chunks) == word
    for chunk in chunks:
        assert len(chunk.encode()) <= headers.CHUNK_BYTES
        assert not headers._joins_previous(chunk[0])  # no chunk starts with a mark
