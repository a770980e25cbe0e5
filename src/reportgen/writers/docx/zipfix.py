"""Rewrite a zip archive (DOCX) byte-reproducibly: fixed entry times and attributes, same order and content."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes, date_time: tuple[int, int, int, int, int, int] = FIXED_TIME) -> bytes:
    """Return ``data`` (a zip archive) rewritten with every entry stamped ``date_time``.

    python-docx stamps each part with the current time and ignores ``SOURCE_DATE_EPOCH``, so two saves of the same
    document differ; this makes identical documents identical files.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(item.filename), compresslevel=6)
    return out.getvalue()
