"""`usecases.stamps`: what an export leaves in its folder, and reads back."""

from __future__ import annotations

from screenkit.usecases import stamps


def test_a_stamp_reads_back_its_digest():
    data = {"screenings": {"a": {"start": "19:00"}}}
    raw = stamps.stamp("export", data)
    assert stamps.read(raw) == stamps.content_digest(data)
    assert stamps.content_digest(data) != stamps.content_digest({"screenings": {}})
    assert stamps.read(b"not a stamp") is None
