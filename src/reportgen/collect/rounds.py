"""The three steps of collecting a round: write the questionnaires, import the returned ones, say where the round
stands. Each loads the project as a build does and reports problems as diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, Location, ReportgenError
from ..documents.progress.content import ROUND_FILE, ROUNDS_FOLDER, load_report
from ..i18n.catalogue import Translator
from ..project import load_project
from ..writing import Change, project_lock, refusal, write_files
from .answers import Answers, read_answers
from .form import make_form, round_model, workbook_path
from .questionnaire import Palette, sheet_name_problems, write_questionnaire
from .records import report_yaml
from .words import form_words


def write_questionnaires(root: Path, round_id: str, partners: list[str] | None, lang: str | None, out: Path,
                         prefill: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """Write one workbook per partner (all, or ``partners``) into ``out``, all or none, under the build folder's
    lock; return the paths and the warnings (strings that fell back to English)."""
    from ..pipeline.manifest import locked

    project = load_project(root)
    data = round_model(project, round_id)
    chosen = list(dict.fromkeys(partners or [p.id for p in data.partners]))
    palette = Palette.of(project.theme)
    made, warnings = [], {}
    for partner in chosen:
        form = make_form(project, round_id, partner, lang, prefill)
        if prefill and form.reported is None:
            warnings[("", partner)] = Diagnostic(Location(data.round.files[0]), f"{partner} has no report in "
                                                 f"round {round_id}: its form is not prefilled", severity="warning")
        words, misses = form_words(project, form)
        for miss in misses:
            warnings[(form.language.tag, miss.msgid)] = Diagnostic(miss.location, f"{form.language.tag}: "
                                                                   f"{miss.message}", severity="warning")
        problems = sheet_name_problems(words)
        if problems:
            raise ReportgenError([Diagnostic(_words_file(project, form.language.tag), f"{form.language.tag}: {p}")
                                  for p in problems])
        made.append((workbook_path(out, round_id, partner), write_questionnaire(form, words, palette)))
    with locked(out):
        write_files([Change(path, data_bytes, str(path)) for path, data_bytes in made])
    return [path for path, _ in made], list(warnings.values())


def _words_file(project, tag: str) -> Location:
    """Return where a language's questionnaire words come from: its catalogue, or the template for English."""
    return Location(project.catalogues.path(tag) or project.theme.shown("questionnaire.html.j2"))


def questionnaire_check(project) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Return (errors, warnings) of the questionnaires' words in every language of the project, as ``check`` sees
    them: a sheet name Excel refuses, a string that would fall back to English. Made for the latest round."""
    from ..documents.progress import rounds

    models = list(rounds(project).values())
    if not models or not models[-1].partners:
        return [], []
    round_id, partner = models[-1].round.info.id, models[-1].partners[0].id
    errors, warnings = [], {}
    for language in project.languages:
        form = make_form(project, round_id, partner, language.tag)
        words, misses = form_words(project, form)
        for miss in misses:
            warnings[(language.tag, miss.msgid)] = Diagnostic(miss.location, f"{language.tag}: questionnaire: "
                                                              f"{miss.message}", severity="warning")
        errors += [Diagnostic(_words_file(project, language.tag), f"{language.tag}: {p}")
                   for p in sheet_name_problems(words)]
    return errors, list(warnings.values())


def _labels(project, statuses):
    """Return ``labels(tag) -> {label: status id}`` in each language of the project."""
    cache: dict[str, dict[str, str]] = {}
    languages = {lang.tag: lang for lang in project.languages}

    def labels(tag: str) -> dict[str, str]:
        if tag not in cache:
            language = languages.get(tag)
            if language is None:
                cache[tag] = {}
            else:
                translator = Translator(language, project.catalogues.get(tag))
                cache[tag] = {translator.localise(s.label).plain: s.id for s in statuses}
        return cache[tag]

    return labels


def import_answers(root: Path, round_id: str, files: list[Path], replace: bool = False
                   ) -> tuple[list[str], list[Diagnostic]]:
    """Read every returned workbook, check them all, and only then write each partner's report to
    ``content/progress/<round>/<partner>.yaml``; return the files written and the warnings. Nothing is written
    when any workbook has an error."""
    root = root.resolve()
    project = load_project(root)
    data = round_model(project, round_id)
    folder = f"{ROUNDS_FOLDER}/{round_id}"
    if data.round.files[0] != f"{folder}/{ROUND_FILE}":
        raise ReportgenError(Diagnostic(Location(data.round.files[0]), f"round {round_id} is one file: move its "
                                        f"round: block to {folder}/{ROUND_FILE} (and each report to "
                                        f"{folder}/<partner>.yaml) to import into it"))
    diagnostics = Diagnostics()
    labels = _labels(project, data.statuses)
    found = [read_answers(path, str(path), data, labels) for path in files]
    for answers in found:
        diagnostics.extend(answers.problems)
    writes = _reports(root, data, found, replace, diagnostics)
    warnings = [d for d in diagnostics if d.severity == "warning"]
    diagnostics.raise_if_errors()
    changes = []
    for relative, text in writes:
        refused = refusal(root, root / relative, relative, inputs=(ROUNDS_FOLDER,))
        if refused is not None:
            raise ReportgenError(refused)
        changes.append(Change(root / relative, text.encode("utf-8"), relative))
    existing = {r.loc.file for r in data.round.reports}
    with project_lock(root):  # decided again under the lock: another import of the same partner may have won
        if not replace:
            taken = [c.shown for c in changes if c.shown not in existing and (c.path.exists() or c.path.is_symlink())]
            if taken:
                raise ReportgenError([Diagnostic(Location(shown), "a report was written here by another import "
                                                 "meanwhile; import with --replace to overwrite it") for shown in taken])
        write_files(changes)
    return [relative for relative, _ in writes], warnings


def _reports(root: Path, data, found: list[Answers], replace: bool, diagnostics: Diagnostics
             ) -> list[tuple[str, str]]:
    """Return ``(path, YAML)`` of each partner's report read from ``found``, each validated as the build will
    read it; a second form of a partner, or a report already there without ``replace``, is an error."""
    round_ = data.round
    round_id, folder = round_.info.id, f"{ROUNDS_FOLDER}/{round_.info.id}"
    names = {p.id: p.name.plain for p in data.partners}
    statuses = tuple(s.id for s in data.statuses)
    existing = {r.partner: r for r in round_.reports}
    first: dict[str, str] = {}
    writes = []
    for answers in (a for a in found if a.report is not None):
        partner, relative = answers.partner, f"{folder}/{answers.partner}.yaml"
        where = Location(answers.path)
        if partner in first:
            diagnostics.error(where, f"a second questionnaire of {partner} (the first is {first[partner]})")
            continue
        first[partner] = answers.path
        if partner in existing and not replace:
            diagnostics.error(where, f"{partner} already has a report for round {round_id} "
                                     f"({existing[partner].loc.file}); import with --replace to overwrite it")
            continue
        if partner in existing and existing[partner].loc.file != relative:
            diagnostics.error(where, f"the report of {partner} for round {round_id} is in "
                                     f"{existing[partner].loc.file}: move it to {relative} first")
            continue
        text = report_yaml(answers.report, round_id, names[partner], Path(answers.path).name,
                           round_.info.illustrative)
        check = Diagnostics()  # what the build will read: validated as content before it is written
        if load_report(root, relative, statuses, check, text.encode("utf-8")) is None or check.errors:
            diagnostics.extend(Diagnostic(where, f"the answers are not valid content: {d}") for d in check.errors)
            continue
        writes.append((relative, text))
    return writes


@dataclass(frozen=True)
class PartnerStatus:
    """Where one partner stands in a round."""

    partner: str
    name: str
    received: object  # the date of its answers, or None
    answered: int
    open: tuple[str, ...]  # the actions it has not reported on, by number


def round_status(root: Path, round_id: str) -> tuple[list[PartnerStatus], int]:
    """Return each partner's state in the round and the number of actions."""
    project = load_project(root.resolve())
    data = round_model(project, round_id)
    actions = data.plan.actions
    reports = {r.partner: r for r in data.round.reports}
    found = []
    for partner in data.partners:
        report = reports.get(partner.id)
        done = {e.action for e in report.actions} if report else set()
        found.append(PartnerStatus(partner.id, partner.name.plain, report.reported if report else None,
                                   len(done), tuple(str(a.number) for a in actions if a.id not in done)))
    return found, len(actions)


__all__ = ["import_answers", "round_status", "write_questionnaires"]
