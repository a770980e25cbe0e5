"""``reportgen i18n …`` and ``review``: the catalogues, their exchange with CAT tools, and translators' packs."""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import command, lang_args, out_arg, print_diagnostics, project_arg

SIMPLE = (("extract", "write translations/messages.pot from templates and content"),
          ("update", "extract, then merge into every language's messages.po"),
          ("status", "per language: translated, fuzzy, untranslated, obsolete, percent"))


def _i18n_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in SIMPLE:
        simple = actions.add_parser(name, help=text)
        project_arg(simple)
        if name == "status":
            simple.add_argument("--require", type=_percent, metavar="PERCENT",
                                help="exit 1 when a language is below PERCENT complete (0 to 100)")
    export = actions.add_parser("export", help="write a language's catalogue as XLIFF 1.2 for CAT tools")
    project_arg(export)
    export.add_argument("--lang", required=True, metavar="TAG", help="the language to export")
    export.add_argument("--format", choices=("xliff",), default="xliff", help="exchange format (default: xliff)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="where (default: build/xliff/<tag>.xliff)")
    release = actions.add_parser("release", help="record a published edition (the same as 'edition record TAG')")
    project_arg(release)
    release.add_argument("tag", metavar="TAG", help="the edition, e.g. 2024-10")
    release.add_argument("--force", action="store_true", help="replace an edition already recorded")
    changes = actions.add_parser("changes", help="per language, the source strings changed since a release")
    project_arg(changes)
    changes.add_argument("--since", required=True, metavar="TAG", help="an edition (or a release older versions recorded)")
    lang_args(changes)
    imported = actions.add_parser("import", help="read a translated XLIFF back into its catalogue (checked first)")
    project_arg(imported)
    imported.add_argument("file", type=Path, metavar="FILE", help="the XLIFF file")


def _percent(value: str) -> float:
    """Return a percentage given on the command line: a number from 0 to 100."""
    import math

    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"'{value}' is not a percentage (a number from 0 to 100)")
    return number


@command("i18n", "translation catalogues", _i18n_args)
def i18n(args: argparse.Namespace) -> int:
    from ..i18n import catalogues

    root = args.project.resolve()
    if args.action == "export":
        print(f"wrote {catalogues.export_xliff(root, args.lang, args.output)}")
    elif args.action == "release":  # folded into editions: an edition holds the source strings it was published with
        from ..editions.record import record
        from .editions import print_recorded

        print_recorded(record(root, args.tag, force=args.force))
    elif args.action == "changes":
        _changes(root, args.since, args.lang)
    elif args.action == "import":
        relative, changed = catalogues.import_xliff(root, args.file)
        print(f"{relative}: {changed} translation(s) changed" if changed else f"{relative}: nothing changed")
    else:
        return catalogues.run(args.action, args.project, getattr(args, "require", None))
    return 0


def _changes(root, since: str, langs: list[str] | None) -> None:
    """Print, per language, the source strings changed since release ``since`` with the translation's state."""
    from ..i18n import catalogues
    from ..i18n.catalogue import Translator
    from ..i18n.locales import SOURCE
    from ..project import load_project

    found = catalogues.changes_since(root, since)
    project = load_project(root)
    languages = [lang for lang in project.languages if lang != SOURCE and (not langs or lang.tag in langs)]
    counts = {kind: sum(c.kind == kind for c in found) for kind in ("changed", "added", "removed")}
    print(f"since release {since}: {counts['changed']} changed, {counts['added']} added, {counts['removed']} removed")
    for language in languages:
        print(f"\n{language.tag} ({language.name}):")
        catalogue = project.catalogues.get(language.tag)
        for change in found:
            context = None if change.key.startswith("template:") else change.key
            state = ""
            if change.kind != "removed" and catalogue is not None:
                translator = Translator(language, catalogue)
                translator.lookup(change.new, context)
                miss = next(iter(translator.misses.values()), None)
                state = f" [{miss.kind}]" if miss else " [translated]"
            where = context or "template string"
            if change.kind == "changed":
                print(f"  changed {where}{state}:\n    {change.word_diff()}")
            else:
                print(f"  {change.kind} {where}{state}: {change.new or change.old}")


def _review_args(parser: argparse.ArgumentParser) -> None:
    project_arg(parser)
    parser.add_argument("action", nargs="?", choices=("import",), help="import: read an annotated review pack "
                        "back into its catalogue (default: write the packs)")
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE.docx", help="the annotated pack (import)")
    parser.add_argument("--accept", action="store_true", help="import: take the corrections as final (not fuzzy)")
    parser.add_argument("--lang", metavar="TAG", help="the language to review")
    parser.add_argument("--doc", action="append", metavar="ID", help="document id (repeatable; default: all)")
    parser.add_argument("--since", metavar="TAG", help="mark strings changed since this release (default: the latest)")
    out_arg(parser)


@command("review", "write translators' review packs (Word and PDF) for a language", _review_args)
def review(args: argparse.Namespace) -> int:
    from ..diagnostics import UsageError
    from ..review import write_review

    if args.action == "import":
        from ..consultation.review_import import import_review

        if args.file is None:
            raise UsageError("review import takes the annotated pack: reportgen review import FILE.docx")
        catalogue, changed, warnings = import_review(args.project, args.file, args.accept)
        print_diagnostics(warnings)
        print(f"{catalogue}: {changed} entr{'y' if changed == 1 else 'ies'} changed by the review"
              + ("" if args.accept else " (marked fuzzy for the translator to confirm)")
              if changed else f"{catalogue}: nothing changed: the pack holds no tracked change or comment")
        return 0
    if args.lang is None:
        raise UsageError("review takes --lang TAG (the language to review), or: review import FILE.docx")

    for path in write_review(args.project, args.lang, args.doc, args.out, args.since):
        print(f"wrote {path}")
    return 0
