"""The merge driver's use case, called as git calls it: OURS rewritten in place, its byte
order mark and line endings kept, THEIRS' comments carried over."""

from __future__ import annotations

import codecs
import tomllib

from screenkit.usecases.team import merge
from tests.support.plans import EXAMPLE

BASE = EXAMPLE.read_text()


def test_ours_keeps_its_bom_and_crlf_and_gets_theirs_comment(tmp_path):
    ours_text = BASE.replace("audience = 90", "audience = 95", 1)
    theirs_text = BASE.replace("[screenings.clapham]\n", "[screenings.clapham]\n# from Dee\n", 1)
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text(BASE)
    ours.write_bytes(codecs.BOM_UTF8 + ours_text.replace("\n", "\r\n").encode())
    theirs.write_text(theirs_text)
    outcome = merge(base, ours, theirs, "screenkit.toml", environ={})
    assert outcome.conflicts == []
    raw = ours.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw[3:].decode()
    assert "[screenings.clapham]\r\n# from Dee\r\nfilm" in text
    assert text.count("\r\n") == text.count("\n")  # every line as OURS wrote them: CRLF
    assert tomllib.loads(text)["screenings"]["clapham"]["audience"] == 95
