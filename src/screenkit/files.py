"""Writing files safely: a whole file or nothing, never through to a device, and every
failure as one StorageError that names the file and says what to do.

The plan file (`planfile.store`) and every export (`delivery.targets`) write through here.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from screenkit.errors import StorageError

# What to do when a write fails, by the reason the system gives.
_ADVICE = {
    errno.ENOSPC: "free some space on the disk and run the command again",
    errno.EDQUOT: "free some space within your disk quota and run the command again",
    errno.EROFS: "the file system is mounted read-only; work on a copy on a writable disk",
    errno.EACCES: "check the permissions of the file and of its folder",
    errno.EPERM: "check the permissions of the file and of its folder",
    errno.EISDIR: "a folder has that name; remove it or choose another name",
    errno.ENOENT: "its folder does not exist; create it first",
    errno.ENOTDIR: "part of the path is a file, not a folder; check the path",
}


def resolve(path: Path) -> Path:
    """The file `path` names, every symbolic link followed (also a link to a missing file)."""
    return Path(os.path.realpath(path))


def storage_error(path: Path, exc: OSError) -> StorageError:
    """An OSError from writing `path`, worded for the person who ran the command."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    advice = _ADVICE.get(
        exc.errno or 0, "check the disk and the folder, then run the command again"
    )
    error = StorageError(f"{path}: cannot write it ({reason}); {advice}; the file is unchanged")
    error.errno = exc.errno  # so a caller can tell a full disk from one bad file
    return error


def atomic_write_bytes(path: Path, content: bytes, *, durable: bool = True) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over.

    `durable=False` skips the fsyncs: still all-or-nothing, but a power cut may lose the new
    file. Right for exports, which the plan can always make again; never for the plan.
    A failure is a StorageError naming `path`; the old file stays and the temporary goes.
    """
    target = resolve(path)
    regular_or_new(path, target)
    temp = target.with_name(f".screenkit-{secrets.token_hex(8)}.tmp")
    replace(path, target, temp, content, durable=durable)


def regular_or_new(shown: Path, target: Path) -> None:
    """Never replace a device, pipe or socket (`-o /dev/null` must not delete /dev/null), and
    say so plainly for a path that cannot be a file name."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise storage_error(shown, exc) from None
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise StorageError(
            f"{shown}: is not a regular file (a device, pipe or socket), so screenkit will "
            "not replace it; give a file name"
        )


def replace(shown: Path, target: Path, temp: Path, content: bytes, *, durable: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temp, flags, 0o600)
    except OSError as exc:
        raise storage_error(shown, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        copy_owner_and_mode(target, temp)
        os.replace(temp, target)
    except BaseException as exc:
        with suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise storage_error(shown, exc) from None
        raise
    if durable and hasattr(os, "O_DIRECTORY"):  # make the rename durable where the OS allows
        # The file is already replaced: a folder that cannot be synced (some file systems
        # refuse) must not turn a done write into a reported failure.
        with suppress(OSError):
            dir_fd = os.open(target.parent, os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def copy_owner_and_mode(target: Path, temp: Path) -> None:
    try:
        old = target.stat()
    except FileNotFoundError:
        os.chmod(temp, 0o644)
        return
    if stat.S_ISDIR(old.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    os.chmod(temp, old.st_mode & 0o7777)
    new = temp.stat()
    if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
        with suppress(OSError):  # only root may give a file away; others keep their own
            os.chown(temp, old.st_uid, old.st_gid)


def write_output(path: Path, content: bytes) -> None:
    """An export file: a new one is created in place (exclusively, and removed again if the
    write fails); an existing one is replaced atomically, so nobody reading it ever sees
    half of the new version. Creating files is slow on some file systems, and a temporary
    file plus a rename for each of a thousand new invites doubles that cost."""
    try:
        handle = open(path, "xb")  # noqa: SIM115 - closed below, removed on failure
    except FileExistsError:
        atomic_write_bytes(path, content, durable=False)
        return
    except OSError as exc:
        raise storage_error(path, exc) from None
    try:
        with handle:
            handle.write(content)
    except BaseException as exc:
        with suppress(OSError):
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise storage_error(path, exc) from None
        raise
