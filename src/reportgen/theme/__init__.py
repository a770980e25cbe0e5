"""The theme: templates, print stylesheet, reference.docx, fonts and a default status scale.

The default theme ships inside the package (``theme/default/``). A project's own ``templates/`` overrides it file by
file, as MkDocs' ``custom_dir`` does: a name is looked up in the project first, then in the default theme, so a
project with nothing but ``content/`` builds, and one that restyles only ``print.css`` keeps everything else.
"""

from __future__ import annotations

import shutil
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..source.files import read_input

DEFAULT = Path(__file__).resolve().parent / "default"
PROJECT_FOLDER = "templates"
MARKS = "marks.css"  # a comparison's marks: rules every CSS format reads after its own stylesheet
PACKAGED_PREFIX = "reportgen/theme"  # how diagnostics name a file of the packaged theme
MAX_BYTES = 16 * 1024 * 1024  # fonts are the largest theme files


@dataclass(frozen=True)
class Theme:
    """The theme folders of one project, searched in order: the project's ``templates/``, then the default."""

    root: Path

    @property
    def project_folder(self) -> Path:
        """Return the project's own templates folder (which may not exist)."""
        return self.root / PROJECT_FOLDER

    @property
    def folders(self) -> tuple[Path, ...]:
        """Return the folders searched, project first."""
        return (self.project_folder, DEFAULT)

    def find(self, name: str) -> Path | None:
        """Return the file that provides ``name`` ("print.css", "fonts/x.ttf"), or None; a name that is absolute
        or climbs out of the theme ("../x", "/etc/passwd") provides nothing."""
        parts = Path(name).parts
        if not name or Path(name).is_absolute() or ".." in parts or "\\" in name:
            return None
        for folder in self.folders:
            path = folder / name
            if path.is_file() or path.is_symlink():
                return path
        return None

    def shown(self, name: str) -> str:
        """Return how diagnostics name the file that provides ``name``."""
        path = self.find(name)
        if path is not None and _below(path, DEFAULT):
            return f"{PACKAGED_PREFIX}/{name}"
        return f"{PROJECT_FOLDER}/{name}"

    def name_of(self, path: str | Path) -> str | None:
        """Return the theme name ("fonts/x.ttf") of a path inside one of the theme folders, or None."""
        path = Path(path)
        for folder in self.folders:
            if _below(path, folder):
                return path.relative_to(folder).as_posix()
        return None

    def read(self, name: str, limit: int = MAX_BYTES) -> bytes:
        """Return the bytes of theme file ``name``; a missing file, or a link out of its folder, is an error."""
        path = self.find(name)
        if path is None:
            raise ReportgenError(Diagnostic(Location(f"{PROJECT_FOLDER}/{name}"),
                                            "not found in the project's templates/ nor in the default theme"))
        folder = next(f for f in self.folders if _below(path, f))
        base = self.root if folder == self.project_folder else DEFAULT
        return read_input(folder, name, limit, self.shown(name), base)

    def names(self) -> list[str]:
        """Return every file name the theme provides (the project's overrides and the defaults), sorted."""
        found: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                found.update(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                             if (p.is_file() or p.is_symlink()) and "__pycache__" not in p.parts)
        return sorted(found)

    def state(self, *names: str) -> tuple:
        """Return what a cache made from theme files ``names`` and the fonts is valid for: the theme, and each
        file's path, time and size (a project's override changes it)."""
        files = [self.find(name) for name in self.names() if name in names or name.startswith("fonts/")]
        return str(self.root), tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p)

    def characters(self) -> frozenset[int]:
        """Return the code points the theme's fonts can draw (what is outside prints as an empty box)."""
        fonts = [name for name in self.names() if name.startswith("fonts/") and name.lower().endswith((".ttf", ".otf"))]
        key = tuple((name, self.find(name).stat().st_mtime_ns) for name in fonts)
        return _characters(self, key)

    def font_problems(self) -> list:
        """Return an error for each file of ``fonts/`` that is not a font the writers can use."""
        import io

        from fontTools.ttLib import TTFont, TTLibError

        from ..diagnostics import Diagnostic

        problems = []
        for name in self.names():
            if name.startswith("fonts/") and name.lower().endswith((".ttf", ".otf")):
                try:
                    TTFont(io.BytesIO(self.read(name)), lazy=True).getBestCmap()
                except ReportgenError as exc:
                    problems.extend(exc.diagnostics)
                except (TTLibError, AssertionError, KeyError, ValueError, EOFError, struct.error) as exc:
                    problems.append(Diagnostic(Location(self.shown(name)), f"not a font the writers can use ({exc})"))
        return problems

    def overrides(self) -> list[str]:
        """Return the names the project's own templates/ provides."""
        folder = self.project_folder
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


@lru_cache(maxsize=8)
def _characters(theme: Theme, key: tuple) -> frozenset[int]:
    import io

    from fontTools.ttLib import TTFont, TTLibError

    covered: set[int] = set()
    for name, _ in key:
        try:
            covered.update(TTFont(io.BytesIO(theme.read(name)), lazy=True).getBestCmap() or {})
        except (TTLibError, ReportgenError, AssertionError, KeyError, ValueError):
            continue  # an unreadable font is reported where it is used (stylesheet, charts)
    return frozenset(covered)


def _below(path: Path, folder: Path) -> bool:
    try:
        Path(path).relative_to(folder)
    except ValueError:
        return False
    return True


def export(destination: Path) -> list[str]:
    """Copy the default theme into ``destination`` (which must be empty or absent); return the names copied."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        from ..diagnostics import UsageError

        raise UsageError(f"'{destination}' is not an empty folder; the theme is exported only into an empty one")
    names = []
    for path in sorted(DEFAULT.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            name = path.relative_to(DEFAULT).as_posix()
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            names.append(name)
    return names
