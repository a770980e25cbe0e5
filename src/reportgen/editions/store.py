"""Recording and reading editions: ``editions/<TAG>/`` holds a snapshot of every input that shapes the documents
(content, catalogues, the project's own templates) and ``edition.json``: the tag, status and date, reportgen's
version and code, the default theme's identity, the sha256 of every snapshot file and of every output built from
it. A snapshot is plain files, meant to be committed; it is never edited, and a file whose hash is not the recorded
one is an error naming it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, Location, ReportgenError, UsageError
from ..source.files import inside, read_input
from ..tags import check_tag

EDITIONS = "editions"
RECORD = "edition.json"
STATUSES = ("draft", "final", "revision", "corrigendum")
SNAPSHOT = ("content", "templates", "translations")  # the inputs a snapshot holds
SKIPPED = ("translations/releases",)  # the old per-release templates: an edition holds its own messages.pot
MAX_FILE = 16 * 1024 * 1024
RELEASE_TEMPLATE = "messages.pot"  # the source strings of the edition, which `--since TAG` reads


@dataclass(frozen=True)
class Edition:
    """A recorded edition: what ``edition.json`` says."""

    tag: str
    status: str
    date: dt.date
    reportgen: str
    code: str
    theme: str
    files: dict[str, str] = field(default_factory=dict)  # snapshot path -> sha256
    outputs: dict[str, str] = field(default_factory=dict)  # output path below build/ -> sha256

    def to_json(self) -> bytes:
        """Return ``edition.json``: sorted, one entry per line, so that two records of the same inputs agree."""
        record = {"tag": self.tag, "status": self.status, "date": self.date.isoformat(),
                  "reportgen": self.reportgen, "code": self.code, "theme": self.theme,
                  "files": dict(sorted(self.files.items())), "outputs": dict(sorted(self.outputs.items()))}
        return (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def folder(root: Path, tag: str) -> Path:
    """Return the folder of edition ``tag``."""
    return root / EDITIONS / tag


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def theme_identity() -> str:
    """Return a hash of the default theme's files: an edition built by another theme says so."""
    from ..theme import DEFAULT as DEFAULT_THEME

    digest = hashlib.sha256()
    for path in sorted(p for p in Path(DEFAULT_THEME).rglob("*") if p.is_file()):
        digest.update(path.relative_to(DEFAULT_THEME).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every input file of the project that a snapshot holds (``{relative path: bytes}``), each read
    through the project's guard."""
    found: dict[str, bytes] = {}
    for name in SNAPSHOT:
        top = root / name
        if not top.is_dir():
            continue
        for path in sorted(top.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if any(part.startswith(".") for part in path.relative_to(root).parts) or \
                    any(relative.startswith(skip + "/") for skip in SKIPPED):
                continue
            if path.is_file() or path.is_symlink():
                found[relative] = read_input(root, relative, MAX_FILE)
    return found


def recorded(root: Path) -> list[str]:
    """Return the tags of the editions recorded in the project."""
    top = root / EDITIONS
    if not top.is_dir() or not inside(top, root):
        return []
    return sorted(p.name for p in top.iterdir() if (p / RECORD).is_file() and not p.is_symlink())


def read(root: Path, tag: str, verify: bool = True) -> Edition:
    """Return edition ``tag``; an unknown tag is a usage error naming the recorded ones; a damaged record, or (when
    ``verify``) a snapshot file whose hash is not the recorded one, is an error naming the file."""
    check_tag(tag, "edition tag")
    relative = f"{EDITIONS}/{tag}/{RECORD}"
    if not (root / relative).exists():
        known = recorded(root)
        raise UsageError(f"no edition '{tag}' recorded ({EDITIONS}/{tag}/); recorded: {', '.join(known) or 'none'}"
                         f" (reportgen edition record TAG records one)")
    data = read_input(root, relative, MAX_FILE)
    try:
        record = json.loads(data.decode("utf-8"))
        edition = Edition(record["tag"], record["status"], dt.date.fromisoformat(record["date"]),
                          record["reportgen"], record["code"], record["theme"], dict(record["files"]),
                          dict(record["outputs"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReportgenError(Diagnostic(Location(relative), f"not an edition record ({exc.__class__.__name__}: "
                                                            f"{exc}): it is written by 'reportgen edition record' "
                                                            f"and never edited")) from None
    if edition.tag != tag:
        raise ReportgenError(Diagnostic(Location(relative), f"records edition '{edition.tag}', not '{tag}'"))
    if verify:
        _verify(root, tag, edition)
    return edition


def _verify(root: Path, tag: str, edition: Edition) -> None:
    """Raise with every snapshot file that is missing or whose hash is not the recorded one."""
    diagnostics = Diagnostics()
    base = f"{EDITIONS}/{tag}"
    for relative, digest in edition.files.items():
        shown = f"{base}/{relative}"
        path = root / shown
        if not path.exists() and not path.is_symlink():
            diagnostics.error(Location(shown), "missing from the edition's snapshot: restore it from version control")
            continue
        try:
            data = read_input(root, shown, MAX_FILE)
        except ReportgenError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        if sha256(data) != digest:
            diagnostics.error(Location(shown), "changed since the edition was recorded (its sha256 is not the "
                                               "recorded one): a snapshot is never edited; restore it from version "
                                               "control, or record a new edition")
    diagnostics.raise_if_errors()


def parse_date(value: str | None) -> dt.date:
    """Return the edition's date: ``YYYY-MM-DD`` as given, else the date of ``SOURCE_DATE_EPOCH`` or today."""
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch and epoch.isdigit() \
            else dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date '{value[:30]}' is not a date written YYYY-MM-DD (e.g. 2025-06-30)") from None
