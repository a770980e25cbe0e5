"""A reportgen project on disk: its settings, content, catalogues and templates, loaded and validated at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content import load_plan, load_yaml_model
from .diagnostics import Diagnostic, Diagnostics, Location, ReportgenError, did_you_mean
from .i18n import LoadedCatalogue, po_path, read_catalogue
from .locales import BY_CATALOGUE, LANGUAGES, SOURCE, Language
from .model import Plan
from .schema import INVALID, Field, record, sequence, text

SETTINGS_FILE = "content/project.yaml"


@dataclass(frozen=True)
class Settings:
    """Project-wide settings: the languages it publishes in."""

    languages: tuple[str, ...]


_settings = record({"languages": Field(sequence(text(markup_allowed=False, translatable=False)))},
                   lambda loc, languages: Settings(languages))


@dataclass(frozen=True)
class Document:
    """One buildable document: its id, template, model, the content files it depends on, and its date."""

    id: str
    template: str
    data: dict
    sources: tuple[str, ...]
    info: object
    illustrative: bool = False


@dataclass
class Project:
    """Everything a build needs, validated: settings, documents, catalogues."""

    root: Path
    languages: tuple[Language, ...]
    documents: dict[str, Document]
    catalogues: dict[str, LoadedCatalogue] = field(default_factory=dict)

    @property
    def templates(self) -> Path:
        """Return the project's templates folder."""
        return self.root / "templates"


def load_settings(root: Path, diagnostics: Diagnostics) -> tuple[Language, ...]:
    """Return the project's declared languages (source language first)."""
    settings = load_yaml_model(root, SETTINGS_FILE, _settings, "project", diagnostics)
    if settings is INVALID:
        return (SOURCE,)
    languages = []
    for index, tag in enumerate(settings.languages):
        if tag not in LANGUAGES:
            diagnostics.error(Location(SETTINGS_FILE), f"unknown language '{tag}'{did_you_mean(tag, LANGUAGES)}; "
                                                       f"supported: {', '.join(LANGUAGES)}", f"languages[{index}]")
        else:
            languages.append(LANGUAGES[tag])
    if SOURCE not in languages:
        languages.insert(0, SOURCE)
    return tuple(languages)


def load_catalogues(root: Path, languages: tuple[Language, ...], diagnostics: Diagnostics
                    ) -> dict[str, LoadedCatalogue]:
    """Return each translated language's catalogue; a missing, malformed or undeclared one is an error."""
    catalogues = {}
    for language in languages:
        if language == SOURCE:
            continue
        relative = po_path(language)
        if not (root / relative).is_file():
            diagnostics.error(Location(relative), f"no catalogue for declared language '{language.tag}' "
                                                  f"(run 'reportgen i18n update' to create it)")
            continue
        try:
            catalogues[language.tag] = read_catalogue(root, relative, language)
        except ReportgenError as exc:
            diagnostics.extend(exc.diagnostics)
    translations = root / "translations"
    declared = {lang.catalogue for lang in languages}
    if translations.is_dir():
        for folder in sorted(p for p in translations.iterdir() if p.is_dir()):
            if folder.name not in declared:
                known = BY_CATALOGUE.get(folder.name)
                hint = f" (add '{known.tag}' to languages in {SETTINGS_FILE})" if known else ""
                diagnostics.error(Location(f"translations/{folder.name}"),
                                  f"catalogue for a language the project does not declare{hint}")
    return catalogues


def load_project(root: Path, diagnostics: Diagnostics | None = None) -> Project:
    """Return the validated project at ``root``; raise :class:`ReportgenError` with every problem found."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    if not (root / "content").is_dir():
        raise ReportgenError(Diagnostic(Location(str(root)), "not a reportgen project (no content/ folder)"))
    languages = load_settings(root, diagnostics)
    documents: dict[str, Document] = {}
    plan = load_plan(root, diagnostics)
    if plan is not None:
        documents[plan.info.id] = plan_document(plan)
    catalogues = load_catalogues(root, languages, diagnostics)
    diagnostics.raise_if_errors()
    return Project(root, languages, documents, catalogues)


def plan_document(plan: Plan) -> Document:
    """Return the buildable action plan."""
    return Document(plan.info.id, "action-plan.html.j2", {"plan": plan},
                    ("content/project.yaml", "content/action-plan.yaml"), plan.info)
