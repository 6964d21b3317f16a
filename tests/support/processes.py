"""What the server fixtures share: stopping a server process they started."""

from __future__ import annotations

import subprocess


def stop(proc: subprocess.Popen, wait: float = 10) -> None:
    """Ask the process to end, and end it if it will not within `wait` seconds."""
    proc.terminate()
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
