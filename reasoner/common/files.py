"""Reading a user's file, bounded: only regular files, at most a set number of bytes, UTF-8 text.

A device (``/dev/zero``), a pipe or a socket has no size to check and may
never end, so it is refused before it is opened; a regular file is read up
to its limit and no further, so a file that grows while it is read cannot
run away. A UTF-8 byte-order mark is accepted (and dropped). Text that is
not UTF-8 is reported at the line and column of its first bad byte.

Writing is atomic (``write_atomically``): an interrupted or failed write never
leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: The largest case or rule file read, in bytes: beyond it the file is refused with a clear message.
MAX_FILE_BYTES = 10_000_000


@dataclass
class Unreadable(Exception):
    """A file that cannot be read as text: why, and where in it (line 0 for the file as a whole)."""

    message: str
    line: int = 0
    column: int = 0
    help: str | None = None


def read_text(path: Path, limit: int, kind: str = "file") -> str:
    """The text of a regular file of at most ``limit`` bytes; ``Unreadable`` otherwise.

    ``kind`` names the file in messages (``case file``, ``rule file``).
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable(f"'{path}' is a folder, not a {kind}")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(
                f"'{path}' is not a regular file, so it is not read",
                help=f"a device, a pipe or a socket may never end; give the path of a {kind}",
            )
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit, kind)
        with open(path, "rb", buffering=0) as stream:
            data = _read_at_most(stream.fileno(), limit + 1)
    except FileNotFoundError:
        raise Unreadable(f"no {kind} at '{path}'") from None
    except NotADirectoryError:
        raise Unreadable(f"no {kind} at '{path}'") from None
    except OSError as err:
        raise Unreadable(f"cannot read '{path}': {err.strerror}") from None
    if len(data) > limit:  # the file grew while it was read, or reports no size (a special file)
        raise _too_large(path, limit, limit, kind, at_least=True)
    return decode(data, path)


def _read_at_most(descriptor: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(path: Path, size: int, limit: int, kind: str, at_least: bool = False) -> Unreadable:
    more = "more than " if at_least else ""
    return Unreadable(
        f"the {kind} '{path}' is too large ({more}{size / 1e6:.1f} MB; the limit is {limit / 1e6:g} MB)",
        help=f"split the {kind.removesuffix(' file')} into smaller files, or check that this is really a {kind}",
    )


def decode(data: bytes, path: Path | str) -> str:
    """UTF-8 text (a byte-order mark dropped), or ``Unreadable`` at the first bad byte."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        start_of_line = before.rfind(b"\n") + 1
        column = len(before[start_of_line:].decode("utf-8", errors="replace")) + 1
        raise Unreadable(
            f"'{path}' is not UTF-8 text: the byte 0x{data[err.start]:02x} at line {line}, column {column}",
            line,
            column,
            help="save the file as UTF-8",
        ) from None


def text_or_none(path: str) -> str | None:
    """The text of a file, for showing its lines under a message; ``None`` if it cannot be read (or is no file)."""
    try:
        return read_text(Path(path), MAX_FILE_BYTES)
    except Unreadable:
        return None


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write a file whole or not at all: a temporary file in the same folder, flushed, synced, renamed.

    The file keeps its permissions (a new one gets those ``open`` would give it); a read-only file
    is not replaced behind its back. Raises ``OSError`` if it cannot be written; the file is then
    as it was (``cli.shared.write_output`` tells the user).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    if mode is not None and not os.access(path, os.W_OK):
        raise PermissionError(13, "Permission denied", str(path))
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode if mode is not None else _new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _new_file_mode() -> int:
    """The permissions a new file gets from ``open``: 0o666 less the umask (a temporary file has 0o600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def unwritable(path: Path) -> str | None:
    """Why a file cannot be written at ``path`` (no such folder, no permission, a folder there); else ``None``."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"'{path}' is a folder, not a file"
    if not folder.is_dir():
        return f"there is no folder '{folder}' to write '{path.name}' in"
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"'{path}' cannot be written: permission denied"
    return None
