"""What an export leaves in its folder (`.screenkit-export.json`): a digest of the plan's
content when it was written, so `status` can say the folder is older than the plan.

The digest leaves out what deliveries themselves record (calendar records, answers, ticks,
what was published), so an export's own writes never make its folder look out of date, and
holds nothing private: a hash, not the plan.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

NAME = ".screenkit-export.json"
_DELIVERY_STATE = ("calendar", "rsvp", "done")


def content_digest(data: dict[str, Any]) -> str:
    keep = {k: v for k, v in data.items() if k != "published"}
    screenings = keep.get("screenings")
    if isinstance(screenings, dict):
        keep["screenings"] = {
            sid: {k: v for k, v in s.items() if k not in _DELIVERY_STATE}
            if isinstance(s, dict) else s
            for sid, s in screenings.items()
        }  # fmt: skip
    text = json.dumps(keep, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def stamp(kind: str, data: dict[str, Any]) -> bytes:
    return json.dumps({"kind": kind, "digest": content_digest(data)}).encode() + b"\n"


def read(raw: bytes) -> str | None:
    """The digest a stamp holds, or None for what is not a stamp."""
    try:
        made = json.loads(raw[:4096])
    except ValueError:
        return None
    digest = made.get("digest") if isinstance(made, dict) else None
    return digest if isinstance(digest, str) else None
