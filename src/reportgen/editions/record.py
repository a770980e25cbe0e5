"""``reportgen edition record``: the snapshot of the project's inputs and the hashes of the outputs built from
them, written under the project's lock, all or nothing. Recording does not build: the outputs recorded are those
of the build folder that are up to date with the inputs being recorded (the plan phase says which); the others are
named, so that a secretariat builds them first when it wants them recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..diagnostics import UsageError
from ..tags import check_tag
from ..writing import Change, project_lock, write_files
from .store import EDITIONS, RECORD, RELEASE_TEMPLATE, STATUSES, Edition, folder, parse_date, recorded, sha256, \
    snapshot, theme_identity


@dataclass(frozen=True)
class Recorded:
    """What ``record`` wrote: the edition, and the outputs it could not record (not built, or out of date)."""

    edition: Edition
    unbuilt: tuple[str, ...]


def record(root: Path, tag: str, status: str | None = None, date: str | None = None, force: bool = False) -> Recorded:
    """Record edition ``tag`` of the project at ``root`` (its status and date by default those the documents
    print, ``content/project.yaml``'s ``edition:``); an existing tag is refused unless ``force``."""
    from ..i18n.catalogues import _serialise, extract
    from ..pipeline.load import Options, load
    from ..pipeline.manifest import code_hash
    from ..pipeline.plan import plan

    root = root.resolve()
    check_tag(tag, "edition tag")
    if status is not None and status not in STATUSES:
        raise UsageError(f"--status '{status}' is not one of {', '.join(STATUSES)}")
    session = load(root, Options())  # a project that does not build is not recorded
    printed = session.project.edition
    status = status or printed.status
    when: dt.date = parse_date(date) if date is not None or printed.date is None else printed.date
    work = plan(session)
    outputs = {o.target.relative: o.sha256 for o in work.fresh if not o.draft or status == "draft"}
    unbuilt = tuple(t.relative for t in work.order if t.relative not in outputs)
    files = snapshot(root)
    template = extract(root)
    template.creation_date = dt.datetime(when.year, when.month, when.day, tzinfo=dt.timezone.utc)
    files[RELEASE_TEMPLATE] = _serialise(template).encode("utf-8")
    edition = Edition(tag, status, when, __version__, code_hash(), theme_identity(),
                      {name: sha256(data) for name, data in files.items()}, outputs)
    base = folder(root, tag)
    changes = [Change(base / name, data, f"{EDITIONS}/{tag}/{name}") for name, data in sorted(files.items())]
    changes.append(Change(base / RECORD, edition.to_json(), f"{EDITIONS}/{tag}/{RECORD}"))
    with project_lock(root):  # decided and written under the lock: two records of one tag cannot both win
        if tag in recorded(root) and not force:
            raise UsageError(f"edition '{tag}' is already recorded ({EDITIONS}/{tag}/); --force replaces it")
        stale = [p for p in base.rglob("*") if p.is_file() and p.relative_to(base).as_posix() not in files
                 and p.name != RECORD] if base.is_dir() else []
        write_files(changes)
        for path in stale:  # a file of the replaced snapshot that the new one does not have
            path.unlink()
    return Recorded(edition, unbuilt)
