"""A real pseudo-terminal for the tests: screenkit run as a person runs it, 80 columns wide,
its prompts answered as they appear."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    def __init__(self, args: list[str], cwd: Path, env: dict[str, str], columns: int = 80):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        screenkit = str(Path(sys.executable).parent / "screenkit")
        self.process = subprocess.Popen(
            [screenkit, *args], cwd=cwd, env={**env, "COLUMNS": str(columns)},
            stdin=slave, stdout=slave, stderr=slave, close_fds=True, start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.seen = ""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the program ended and closed its side
            return False
        if not chunk:
            return False
        self.seen += ESCAPES.sub("", chunk.decode("utf-8", "replace")).replace("\r\n", "\n")
        return True

    def expect(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` has been shown (on a loaded machine, give it time)."""
        end = time.monotonic() + timeout
        while text not in self.seen:
            if time.monotonic() > end:
                raise AssertionError(f"never saw {text!r}; saw:\n{self.seen}")
            self._read(0.2)

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\r").encode())

    def finish(self, timeout: float = 30) -> int:
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self._read(0.2)
        while self._read(0.1):
            pass
        code = self.process.wait(timeout=5)
        os.close(self.master)
        return code
