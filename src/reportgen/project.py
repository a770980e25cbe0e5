"""A reportgen project on disk: its settings, theme, documents and catalogues, loaded and validated at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, Location, ReportgenError
from .documents import REGISTRY, Document, Loading
from .i18n.catalogue import LoadedCatalogue, po_path, read_catalogue
from .i18n.locales import BY_CATALOGUE, LANGUAGES, SOURCE, Language
from .source.loader import load_yaml_model
from .editions.stamp import DISTRIBUTIONS, FINAL, STATUSES, Stamp, stamp
from .source.schema import INVALID, Field, choice, date_or_month, integer, record, sequence
from .theme import DEFAULT, Theme

SETTINGS_FILE = "content/project.yaml"
MAX_SOURCE_BYTES = 8 * 1024 * 1024  # the largest of the limits on content (2 MiB) and catalogues (8 MiB)


@dataclass(frozen=True)
class Settings:
    """Project-wide settings: the languages it publishes in, and the edition the documents say they are."""

    languages: tuple[str, ...]
    edition: Stamp = FINAL


_edition = record({
    "status": Field(choice(STATUSES), required=False, default="final"),
    "number": Field(integer(minimum=1), required=False),
    "date": Field(date_or_month(day_only=True), required=False),
    "distribution": Field(choice(DISTRIBUTIONS), required=False),
    "original": Field(choice(tuple(LANGUAGES)), required=False, default="en"),
}, stamp)
_settings = record({"languages": Field(sequence(choice(tuple(LANGUAGES)))),
                    "edition": Field(_edition, required=False, default=FINAL)},
                   lambda loc, languages, edition=FINAL: Settings(languages, edition))


@dataclass
class Project:
    """Everything a build needs, validated: settings, theme, documents, catalogues."""

    root: Path
    languages: tuple[Language, ...]
    documents: dict[str, Document]
    catalogues: Catalogues
    edition: Stamp = FINAL  # what the documents say of their edition (content/project.yaml)

    @property
    def theme(self) -> Theme:
        """Return the project's theme (its templates/ over the packaged default)."""
        return Theme(self.root)

    def read_source(self, name: str) -> bytes:
        """Return the bytes of a document source, read through the project-boundary guard."""
        from .source.files import read_input

        prefix = "reportgen/theme/"
        if name.startswith(prefix):
            return read_input(DEFAULT, name[len(prefix):], MAX_SOURCE_BYTES, name)
        return read_input(self.root, name, MAX_SOURCE_BYTES)

    def source_path(self, name: str) -> Path:
        """Return the file behind a document source name (a project file, or a file of the packaged theme)."""
        prefix = "reportgen/theme/"
        return DEFAULT / name[len(prefix):] if name.startswith(prefix) else self.root / name


def load_settings(root: Path, diagnostics: Diagnostics) -> tuple[tuple[Language, ...] | None, Stamp]:
    """Return the project's declared languages (source language first), or None when the settings are invalid,
    and its edition; a project without ``content/project.yaml`` publishes a final edition in English only."""
    if not (root / SETTINGS_FILE).exists() and not (root / SETTINGS_FILE).is_symlink():
        return (SOURCE,), FINAL
    settings = load_yaml_model(root, SETTINGS_FILE, _settings, "project", diagnostics)
    if settings is INVALID:
        return None, FINAL
    edition = settings.edition
    if edition.status in ("revision", "corrigendum") and edition.number is None:
        diagnostics.error(edition.loc, f"a {edition.status} needs its number (number: 1 for the first)",
                          "edition.number")
    seen = set()
    for index, tag in enumerate(settings.languages):
        if tag in seen:
            diagnostics.error(Location(SETTINGS_FILE), f"language '{tag}' is declared twice", f"languages[{index}]")
        seen.add(tag)
    languages = [LANGUAGES[tag] for tag in dict.fromkeys(settings.languages)]
    if SOURCE not in languages:
        languages.insert(0, SOURCE)
    return tuple(languages), edition


class Catalogues(Mapping[str, LoadedCatalogue]):
    """The translated languages' catalogues, by tag, each read and parsed the first time it is asked for: a build
    whose outputs are up to date parses none, a preview of one language only its own. A malformed catalogue is a
    :class:`ReportgenError` when it is read; :meth:`load_all` reads several and collects every problem."""

    def __init__(self, root: Path, languages: dict[str, Language]):
        self.root = root
        self.languages = languages
        self.loaded: dict[str, LoadedCatalogue] = {}

    def path(self, tag: str) -> str | None:
        """Return the project-relative path of the catalogue of ``tag`` (None for a language without one)."""
        return po_path(self.languages[tag]) if tag in self.languages else None

    def __getitem__(self, tag: str) -> LoadedCatalogue:
        if tag not in self.loaded:
            self.loaded[tag] = read_catalogue(self.root, po_path(self.languages[tag]), self.languages[tag])
        return self.loaded[tag]

    def get(self, tag, default=None):  # noqa: D102 - Mapping's, without reading a catalogue to test membership
        return self[tag] if tag in self.languages else default

    def __contains__(self, tag) -> bool:
        return tag in self.languages

    def __iter__(self):
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)

    def load_all(self, diagnostics: Diagnostics, tags=None) -> None:
        """Read the catalogues of ``tags`` (default all), recording every problem in ``diagnostics``."""
        for tag in self.languages:
            if tags is None or tag in tags:
                try:
                    self[tag]
                except ReportgenError as exc:
                    diagnostics.extend(exc.diagnostics)


def load_catalogues(root: Path, languages: tuple[Language, ...], diagnostics: Diagnostics) -> Catalogues:
    """Return the translated languages' catalogues (read when first used); a missing or undeclared one is an
    error now."""
    present = {}
    for language in languages:
        if language == SOURCE:
            continue
        relative = po_path(language)
        if not (root / relative).exists() and not (root / relative).is_symlink():
            diagnostics.error(Location(relative), f"no catalogue for declared language '{language.tag}' "
                                                  f"(run 'reportgen i18n update' to create it)")
            continue
        present[language.tag] = language
    catalogues = Catalogues(root, present)
    translations = root / "translations"
    declared = {lang.catalogue for lang in languages}
    if translations.is_dir():
        for folder in sorted(p for p in translations.iterdir() if p.is_dir()):
            if folder.name not in declared and folder.name != "releases":
                known = BY_CATALOGUE.get(folder.name)
                hint = f" (add '{known.tag}' to languages in {SETTINGS_FILE})" if known else ""
                diagnostics.error(Location(f"translations/{folder.name}"),
                                  f"catalogue for a language the project does not declare{hint}")
    return catalogues


def load_documents(root: Path, diagnostics: Diagnostics) -> dict[str, Document]:
    """Return every registered document type's documents in the project, by id."""
    loading = Loading(root, Theme(root), diagnostics)
    documents: dict[str, Document] = {}
    for document_type in REGISTRY.values():
        for doc in document_type.documents(loading):
            if doc.id in documents:
                diagnostics.error(doc.loc, f"document id '{doc.id}' is used twice (also by "
                                           f"{documents[doc.id].loc.file})")
            documents[doc.id] = doc
    if not documents and not diagnostics.errors:
        from .documents.plan import PLAN_FILE

        diagnostics.error(Location(PLAN_FILE), "the project has no document to build: write its plan here (or the "
                                               "content of another document type)")
    return documents


def load_project(root: Path, diagnostics: Diagnostics | None = None, catalogues: bool = True) -> Project:
    """Return the validated project at ``root`` (without reading catalogues unless ``catalogues``); raise
    :class:`ReportgenError` with every problem found."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    root = root.resolve()
    if not (root / "content").is_dir():
        raise ReportgenError(Diagnostic(Location(str(root)), "not a reportgen project (no content/ folder)"))
    languages, edition = load_settings(root, diagnostics)
    documents = load_documents(root, diagnostics)
    loaded = load_catalogues(root, languages, diagnostics) if (catalogues and languages) else Catalogues(root, {})
    diagnostics.raise_if_errors()
    return Project(root, languages or (SOURCE,), documents, loaded, edition)
