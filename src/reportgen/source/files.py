"""Reading the project's input files: inside the project only, regular files only, bounded in size.

Every input (content, catalogues, templates, fonts, the reference document) is read through :func:`read_input`, so
a link that leaves the project, a FIFO or device, or a file too large is refused before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError


def inside(path: Path, folder: Path) -> bool:
    """Return whether ``path``, with every link resolved, lies inside ``folder`` (also resolved)."""
    resolved, base = os.path.realpath(path), os.path.realpath(folder)
    return resolved == base or resolved.startswith(base.rstrip(os.sep) + os.sep)


def read_input(root: Path, relative: str, limit: int, shown: str | None = None, base: Path | None = None) -> bytes:
    """Return the bytes of ``root/relative``, refused unless it resolves inside ``base`` (default ``root``), is a
    regular file and is at most ``limit`` bytes; ``shown`` names it in diagnostics (default ``relative``)."""
    path = root / relative
    where = Location(shown or relative)
    if not inside(path, base or root):
        raise ReportgenError(Diagnostic(where, "refused: the file is a link to a place outside the project"))
    try:
        with open(path, "rb", opener=_no_block_opener) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ReportgenError(Diagnostic(where, "refused: not a regular file"))
            if info.st_size > limit:
                raise ReportgenError(Diagnostic(where, f"file is larger than {_size(limit)}"))
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ReportgenError(Diagnostic(where, f"cannot read file: {exc.strerror}")) from None
    if len(data) > limit:  # grew while being read
        raise ReportgenError(Diagnostic(where, f"file is larger than {_size(limit)}"))
    return data


def _no_block_opener(path: str, flags: int) -> int:
    """Open without blocking on a FIFO (the type check then refuses it)."""
    return os.open(path, flags | os.O_NONBLOCK)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


def read_named(path: Path, limit: int, shown: str | None = None) -> bytes:
    """Return the bytes of a file the user named on the command line (wherever it is): a regular file, at most
    ``limit`` bytes, read without waiting on a FIFO; anything else is an error naming it."""
    path = Path(os.path.abspath(path))
    return read_input(path.parent, path.name, limit, shown or str(path), base=Path("/"))


UTF16 = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, shown: str) -> str:
    """Return ``data`` as UTF-8 text (a byte-order mark allowed); text in another encoding is an error naming
    the encoding where it can be told (UTF-16, or the Latin-2 / Windows-1250 of Central European editors) and the
    line of the first byte that is not UTF-8."""
    if data.startswith(UTF16):
        raise ReportgenError(Diagnostic(Location(shown), "the file is UTF-16 text: save it as UTF-8"))
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        guess = ""
        try:
            data.decode("cp1250")
            guess = " it looks like Latin-2 (ISO 8859-2) or Windows-1250 text:"
        except UnicodeDecodeError:
            pass
        raise ReportgenError(Diagnostic(Location(shown, line), f"not UTF-8 text (byte 0x{data[exc.start]:02X});"
                                                               f"{guess} save it as UTF-8")) from None
