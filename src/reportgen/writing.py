"""One way to write a set of files, for every command: each target checked first, then all of them written or none.

Every file is first written to a temporary file beside its target; only when all exist are they moved into place,
with Ctrl-C and SIGTERM held back meanwhile, so an interruption leaves either no file changed or every one, and
says which. A move that fails puts back the files already moved. The caller holds the lock of what it writes into
(:func:`project_lock` for the project's own files, the build folder's for outputs) while it checks and writes, so
that two commands cannot both decide and then both write.
"""

from __future__ import annotations

import fcntl
import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .diagnostics import Diagnostic, Location, ReportgenError
from .source.files import inside

INPUTS = ("content", "templates", "translations")  # the project's inputs: a command writes there only on purpose
SIGNALS = {signal.SIGINT, signal.SIGTERM}
_placed = False  # a set of files was put in place by this process: an interruption after it must say so


def placed(reset: bool = False) -> bool:
    """Return whether this command has put a set of files in place (what an interruption message must say);
    ``reset`` starts a new command."""
    global _placed
    if reset:
        _placed = False
    return _placed


@dataclass(frozen=True)
class Change:
    """A file to write: where, its bytes, and how messages name it."""

    path: Path
    data: bytes
    shown: str


def refusal(root: Path, path: Path, shown: str, inputs: tuple[str, ...] = ()) -> Diagnostic | None:
    """Return why ``path`` may not be written, or None. A target inside the project's inputs is refused unless it
    is in one of ``inputs`` (the folders this command writes on purpose: an import into content/progress); inside
    the project, a folder on the way that leads out of it is refused; a target that is not a regular file (a
    folder, a FIFO) is refused. A target that is itself a link is replaced, never followed."""
    where = Location(shown)
    lexical = Path(os.path.abspath(path))
    in_project = inside(lexical.parent, root) or _lexically_inside(lexical, root)
    if in_project and not inside(lexical.parent, root):
        return Diagnostic(where, "refused: a folder on the way is a link to a place outside the project")
    for folder in INPUTS:
        if inside(lexical.parent, root / folder) and not any(inside(lexical.parent, root / own) for own in inputs):
            return Diagnostic(where, f"refused: the project's {folder}/ folder holds its inputs; write elsewhere "
                                     f"(the build folder, for instance)")
    if lexical.exists() and not lexical.is_symlink() and not lexical.is_file():
        return Diagnostic(where, "refused: not a regular file")
    return None


def _lexically_inside(path: Path, root: Path) -> bool:
    return str(path).startswith(str(Path(os.path.abspath(root))).rstrip(os.sep) + os.sep)


def write_files(changes: list[Change]) -> None:
    """Write every change, all or none (see the module); a write error is a diagnostic naming the file, with no
    file changed. Call with the lock held."""
    temporaries: list[tuple[Change, str]] = []
    current = changes[0] if changes else None
    try:
        for current in changes:
            current.path.parent.mkdir(parents=True, exist_ok=True)
            with deferred():  # a temporary file is never made without being recorded for removal
                handle, temporary = tempfile.mkstemp(prefix=f".{current.path.name}.", suffix=".tmp",
                                                     dir=current.path.parent)
                temporaries.append((current, temporary))
            with os.fdopen(handle, "wb") as stream:
                stream.write(current.data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o666 & ~_umask())
        _move_all(temporaries)
    except OSError as exc:
        moving = next((c for c, t in temporaries if str(exc.filename) in (t, str(c.path))), None)
        shown = (moving or current).shown if (moving or current) else str(exc.filename or "")
        raise ReportgenError(Diagnostic(Location(shown), f"cannot write: {exc.strerror or exc}")) from None
    finally:
        with deferred():
            for _, temporary in temporaries:
                Path(temporary).unlink(missing_ok=True)


def _move_all(temporaries: list[tuple[Change, str]]) -> None:
    """Move every temporary file into place with the interrupting signals held back; put back what was moved if a
    move fails."""
    backups: list[tuple[Path, str | None]] = []
    with signals_held():
        try:
            for change, temporary in temporaries:
                backup = None
                if change.path.is_file() and not change.path.is_symlink():
                    backup = temporary + ".old"
                    os.link(change.path, backup)
                backups.append((change.path, backup))
                os.replace(temporary, change.path)
        except OSError:
            for path, backup in reversed(backups):
                if backup is not None:
                    os.replace(backup, path)
                else:
                    path.unlink(missing_ok=True)
            raise
        finally:
            for _, backup in backups:
                if backup is not None:
                    Path(backup).unlink(missing_ok=True)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the block runs (the moves that put a set of files in place); when it
    completes, this command has placed its files, and a signal that came meanwhile is answered after it."""
    global _placed
    with deferred():
        yield
        _placed = True


@contextmanager
def deferred() -> Iterator[None]:
    """Answer Ctrl-C and SIGTERM only once the block is over: their handlers are swapped for one that notes them,
    and a noted signal is raised again afterwards (Python runs signal handlers in the main thread, whichever thread
    the signal reached, so this holds with other threads running). Elsewhere than the main thread, a no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: noted.append(signum)) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if noted:
            signal.raise_signal(noted[0])


def signals_dropped() -> None:
    """Ignore Ctrl-C and SIGTERM from now on. A signal already on its way is dropped too: Python answers pending
    signals before it changes a handler, so a handler that raises is tried again until both are set."""
    while True:
        try:
            for signum in sorted(SIGNALS):
                signal.signal(signum, signal.SIG_IGN)
            return
        except KeyboardInterrupt:
            continue


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's lock (on its folder): one command at a time changes the project's own files; another
    waits for it."""
    try:
        handle = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise ReportgenError(Diagnostic(Location(str(root)), f"cannot lock the project: {exc.strerror}")) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
