"""What a build folder holds and what it was built from: input hashes, ``manifest.json``, atomic writes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .. import __version__

MANIFEST = "manifest.json"


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
    """Hashes the inputs of outputs, reading and hashing each file once per build."""

    def __init__(self, project, settings: str):
        self.project = project
        self.settings = settings
        self.files: dict[str, str] = {}
        theme = project.theme
        self.theme = {theme.shown(name): theme.find(name) for name in theme.names()}
        self.code = code_hash()

    def file(self, name: str, path: Path) -> str:
        """Return the sha256 of an input file (read once)."""
        if name not in self.files:
            self.files[name] = sha256(path.read_bytes()) if path.is_file() else "missing"
        return self.files[name]

    def inputs(self, doc, language, fmt: str, release: bool) -> dict[str, str]:
        """Return ``{input: sha256}`` for everything the output of ``doc`` in ``language`` and ``fmt`` depends on."""
        files = {name: self.project.source_path(name) for name in (*doc.sources, self.settings)}
        files.update(self.theme)
        catalogue = self.project.catalogues.get(language.tag)
        if catalogue is not None:
            files[catalogue.path] = self.project.root / catalogue.path
        hashes = {name: self.file(name, files[name]) for name in sorted(files)}
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
    """Write the manifest of ``out`` listing ``entries`` (output path -> entry)."""
    manifest = {"generator": f"reportgen {__version__}", "outputs": dict(sorted(entries.items()))}
    atomic_write(out / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode())


def up_to_date(path: Path, entry: dict | None, inputs: dict) -> bool:
    """Return whether the output at ``path`` is the one ``entry`` records, built from ``inputs``."""
    return bool(entry and entry.get("inputs") == inputs and path.is_file()
                and sha256(path.read_bytes()) == entry.get("sha256"))


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
