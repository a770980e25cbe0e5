"""What a build folder holds and what it was built from: input hashes, ``manifest.json``, atomic writes."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import __version__

MANIFEST = "manifest.json"
LOCK = ".reportgen.lock"
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # what atomic_write's mkstemp names look like


def sha256(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _files_below(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def code_hash() -> str:
    """Return a hash of reportgen's own source, so that a new version rebuilds everything."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in _files_below(package):
        if path.suffix == ".py":
            digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


class InputHasher:
    """Hashes the inputs of outputs, reading and hashing each file once per build, through the same guard as
    every other read: a theme file or source that is a link out of the project fails the build."""

    def __init__(self, project, settings: str):
        self.project = project
        self.settings = settings
        self.files: dict[str, str] = {}
        theme = project.theme
        self.theme = {theme.shown(name): name for name in theme.names()}
        self.code = code_hash()

    def _hash(self, shown: str) -> str:
        if shown not in self.files:
            if shown in self.theme:
                data = self.project.theme.read(self.theme[shown])
            elif self.project.source_path(shown).exists() or self.project.source_path(shown).is_symlink():
                data = self.project.read_source(shown)
            else:
                data = b""  # an optional file that is absent (content/project.yaml)
            self.files[shown] = sha256(data)
        return self.files[shown]

    def inputs(self, doc, language, fmt: str, release: bool) -> dict[str, str]:
        """Return ``{input: sha256}`` for everything the output of ``doc`` in ``language`` and ``fmt`` depends on."""
        names = {*doc.sources, self.settings, *self.theme}
        catalogue = self.project.catalogues.path(language.tag)
        if catalogue is not None:
            names.add(catalogue)
        hashes = {name: self._hash(name) for name in sorted(names)}
        hashes.update(reportgen=self.code, format=fmt, release=str(release),
                      environment=os.environ.get("SOURCE_DATE_EPOCH", ""))
        return hashes


def read_manifest(out: Path) -> dict:
    """Return the manifest of the build folder ``out`` (empty when absent or unreadable)."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(outputs, dict) or not all(isinstance(e, dict) for e in outputs.values()):
        return {}  # not ours, or damaged: rebuild everything
    return manifest


def write_manifest(out: Path, entries: dict) -> None:
    """Write the manifest of ``out`` listing ``entries`` (output path -> entry), atomically."""
    # One output a line, each encoded by json's C encoder (an indented dump goes through its pure-Python one, and
    # the manifest is written once per output). No fsync: the rename is atomic for every reader and against a
    # killed build; what a power cut loses is caught by the next build, which checks every file's sha256.
    lines = ",\n".join(f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
                       for name, entry in sorted(entries.items()))
    text = f'{{"generator": {json.dumps(f"reportgen {__version__}")},\n "outputs": {{\n{lines}\n }}\n}}\n'
    atomic_write(out / MANIFEST, text.encode(), sync=False)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the build folder's lock: one build at a time writes into ``out`` (another waits for it). A lock file
    that is not a regular file (a FIFO, a folder, a link) is an error naming it, never waited on."""
    from ..diagnostics import Diagnostic, Location, ReportgenError

    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        raise ReportgenError(Diagnostic(Location(str(path)), f"cannot use the build folder's lock file: "
                                                             f"{exc.strerror}; remove it")) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise ReportgenError(Diagnostic(Location(str(path)), "the build folder's lock file is not a regular "
                                                                 "file: remove it"))
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Delete the temporary files an interrupted write left in ``out`` (call with the lock held); return them."""
    stale = [p for p in out.rglob(".*.tmp") if p.is_file() and _TEMPORARY.match(p.name)]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


class ManifestWriter:
    """Moves outputs into place and keeps the manifest true at every instant a reader can see it: an output being
    replaced is first dropped from the manifest, then written, then listed again with its new sha256. Entries
    are merged into the manifest as it is on disk, so builds of other formats into the same folder keep theirs."""

    def __init__(self, out: Path, replacing: list[str]):
        self.out = out
        self.entries = read_manifest(out).get("outputs", {})
        if any(name in self.entries for name in replacing):
            for name in replacing:
                self.entries.pop(name, None)
            write_manifest(out, self.entries)

    @staticmethod
    def recorded(out: Path) -> dict:
        """Return the entries the manifest of ``out`` records now."""
        return read_manifest(out).get("outputs", {})

    def put(self, relative: str, data: bytes, entry: dict) -> None:
        """Write one output and record it."""
        atomic_write(self.out / relative, data)
        self.entries[relative] = entry
        write_manifest(self.out, self.entries)


def up_to_date(out: Path, relative: str, entry: dict | None, inputs: dict) -> bool:
    """Return whether the output ``relative`` in ``out`` is the one ``entry`` records, built from ``inputs``, with
    the shared files it ``requires`` (an HTML edition's stylesheet and fonts) in place."""
    path = out / relative
    return bool(entry and entry.get("inputs") == inputs and path.is_file()
                and sha256(path.read_bytes()) == entry.get("sha256")
                and all((out / required).is_file() for required in entry.get("requires", ())))


def atomic_write(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
