"""A reportgen project on disk: its settings, content, catalogues and templates, loaded and validated at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

from .content import PLAN_FILE, load_plan, load_yaml_model
from .progress import ChartMaker, build_view
from .progress_content import (PARTNERS_FILE, STATUSES_FILE, check_round, load_partners, load_round,
                               load_statuses, round_files)
from .diagnostics import Diagnostic, Diagnostics, Location, ReportgenError
from .i18n import LoadedCatalogue, po_path, read_catalogue
from .locales import BY_CATALOGUE, LANGUAGES, SOURCE, Language
from .pdf import STYLESHEET
from .model import Plan
from .schema import INVALID, Field, choice, record, sequence

SETTINGS_FILE = "content/project.yaml"


@dataclass(frozen=True)
class Settings:
    """Project-wide settings: the languages it publishes in."""

    languages: tuple[str, ...]


_settings = record({"languages": Field(sequence(choice(tuple(LANGUAGES))))},
                   lambda loc, languages: Settings(languages))


def _plain_context(data: dict, language: Language) -> dict:
    return dict(data)


@dataclass(frozen=True)
class Document:
    """One buildable document: its id, template, model (localised as a whole), the content files it depends on,
    and ``prepare``, which turns the localised model into the template's context."""

    id: str
    template: str
    data: dict
    sources: tuple[str, ...]
    info: object
    illustrative: bool = False
    prepare: Callable[[dict, Language], dict] = _plain_context


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


def load_settings(root: Path, diagnostics: Diagnostics) -> tuple[Language, ...] | None:
    """Return the project's declared languages (source language first), or None when the settings are invalid."""
    settings = load_yaml_model(root, SETTINGS_FILE, _settings, "project", diagnostics)
    if settings is INVALID:
        return None
    seen = set()
    for index, tag in enumerate(settings.languages):
        if tag in seen:
            diagnostics.error(Location(SETTINGS_FILE), f"language '{tag}' is declared twice", f"languages[{index}]")
        seen.add(tag)
    languages = [LANGUAGES[tag] for tag in dict.fromkeys(settings.languages)]
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


def load_project(root: Path, diagnostics: Diagnostics | None = None, catalogues: bool = True) -> Project:
    """Return the validated project at ``root`` (without reading catalogues unless ``catalogues``); raise
    :class:`ReportgenError` with every problem found."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    if not (root / "content").is_dir():
        raise ReportgenError(Diagnostic(Location(str(root)), "not a reportgen project (no content/ folder)"))
    languages = load_settings(root, diagnostics)
    if not (root / "templates" / STYLESHEET).is_file():
        diagnostics.error(Location(f"templates/{STYLESHEET}"), "the print stylesheet is missing")
    documents: dict[str, Document] = {}
    plan = load_plan(root, diagnostics)
    found = [plan_document(plan)] if plan is not None else []
    rounds = round_files(root)
    if rounds:
        found += progress_documents(root, plan, rounds, diagnostics)
    for doc in found:
        if doc.id in documents:
            diagnostics.error(doc.info.loc, f"document id '{doc.id}' is used twice (also by "
                                            f"{documents[doc.id].info.loc.file})")
        documents[doc.id] = doc
    catalogues = load_catalogues(root, languages, diagnostics) if (catalogues and languages) else {}
    diagnostics.raise_if_errors()
    return Project(root, languages or (SOURCE,), documents, catalogues)


def plan_document(plan: Plan) -> Document:
    """Return the buildable action plan."""
    return Document(plan.info.id, "action-plan.html.j2", {"plan": plan},
                    (SETTINGS_FILE, PLAN_FILE), plan.info)


def progress_documents(root: Path, plan: Plan | None, rounds: list[str], diagnostics: Diagnostics) -> list[Document]:
    """Return one progress report per reporting round in ``content/progress/``."""
    partners = load_partners(root, diagnostics)
    statuses = load_statuses(root, diagnostics)
    if statuses is None:  # without a valid scale every status would be reported as unknown
        return []
    status_ids = tuple(s.id for s in statuses)
    loaded = {}
    for relative in rounds:
        round_ = load_round(root, relative, status_ids, diagnostics)
        if round_ is not None:
            loaded[round_.info.id] = (relative, round_)
    if plan is None or partners is None or statuses is None:
        return []
    documents = []
    for round_id, (relative, round_) in loaded.items():
        check_round(round_, plan, partners, set(loaded) - {round_id}, diagnostics)
        previous = loaded.get(round_.info.previous) if round_.info.previous else None
        sources = [SETTINGS_FILE, PLAN_FILE, PARTNERS_FILE, STATUSES_FILE, relative]
        if previous:
            sources.append(previous[0])
        data = {"round": round_, "previous": previous[1] if previous else None, "plan": plan,
                "partners": partners, "statuses": statuses}
        documents.append(Document(f"progress-report-{round_id}", "progress-report.html.j2", data, tuple(sources),
                                  round_.info, round_.info.illustrative, _progress_context))
    return documents


def _progress_context(data: dict, language: Language) -> dict:
    view = build_view(data["round"], data["plan"], data["partners"], data["statuses"], data["previous"])
    return {"view": view, "chart": ChartMaker(view, language), "info": view.round.info}
