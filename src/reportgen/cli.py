"""The command line: ``reportgen build|check|new|theme|i18n|review|serve|questionnaire|import|round|
reference-docx``. Exit 0 ok, 1 content or translation errors, 2 usage errors; anything else is a bug and may show a
traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import Diagnostic, ReportgenError, UsageError
from .writers import REGISTRY as WRITERS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportgen", description="Build official meeting documents (PDF and Word) from YAML content and "
                                      "gettext catalogues.",
        epilog="Exit status: 0 ok, 1 content or translation errors (nothing written), 2 usage errors.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def project_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                       help="project folder with content/ (and optionally templates/, translations/; default: .)")

    def out_arg(p: argparse.ArgumentParser, more: str = "") -> None:
        p.add_argument("--out", type=Path, metavar="DIR", help=f"output folder (default: <project>/build){more}")

    b = sub.add_parser("build", help="build documents into build/<lang>/<doc>.<format>")
    project_arg(b)
    b.add_argument("--doc", action="append", metavar="ID", help="document id (repeatable; default: all)")
    b.add_argument("--lang", action="append", metavar="TAG", help="BCP 47 language tag (repeatable; default: all)")
    b.add_argument("--format", action="append", choices=tuple(WRITERS),
                   help=f"output format (repeatable; default: all of {', '.join(WRITERS)})")
    out_arg(b)
    b.add_argument("--strict", action="store_true", help="fail on missing/fuzzy translations and warnings")
    b.add_argument("--release", action="store_true", help="strict, and PDF/A-3a with embedded sources")
    b.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: number of cores)")
    b.add_argument("--force", action="store_true", help="rebuild even what is up to date")

    c = sub.add_parser("check", help="validate everything a build would, without writing anything")
    project_arg(c)
    c.add_argument("--strict", action="store_true", help="treat warnings (missing translations) as errors")

    n = sub.add_parser("new", help="write a small working project to start a plan of your own")
    n.add_argument("path", type=Path, metavar="DIR", help="folder for the new project (absent or empty)")
    n.add_argument("--title", help="the plan's title")
    n.add_argument("--lang", action="append", metavar="TAG", help="a language to publish in besides English "
                                                                  "(repeatable)")

    t = sub.add_parser("theme", help="the default theme (templates, stylesheet, reference.docx, fonts)")
    tsub = t.add_subparsers(dest="action", required=True, metavar="ACTION")
    e = tsub.add_parser("export", help="copy the default theme into DIR, to restyle everything")
    e.add_argument("path", type=Path, metavar="DIR", help="folder to copy into (absent or empty), e.g. templates")
    tsub.add_parser("list", help="list the theme's files and which of them the project overrides").add_argument(
        "--project", type=Path, default=Path("."), metavar="DIR", help="project folder (default: .)")

    i = sub.add_parser("i18n", help="translation catalogues")
    isub = i.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("extract", "write translations/messages.pot from templates and content"),
                       ("update", "extract, then merge into every language's messages.po"),
                       ("status", "per language: translated, fuzzy, untranslated, obsolete, percent")):
        a = isub.add_parser(name, help=text)
        project_arg(a)
        if name == "status":
            a.add_argument("--require", type=float, metavar="PERCENT",
                           help="exit 1 when a language is below PERCENT complete")
    x = isub.add_parser("export", help="write a language's catalogue as XLIFF 1.2 for CAT tools")
    project_arg(x)
    x.add_argument("--lang", required=True, metavar="TAG", help="the language to export")
    x.add_argument("--format", choices=("xliff",), default="xliff", help="exchange format (default: xliff)")
    x.add_argument("-o", "--output", type=Path, metavar="FILE", help="where (default: build/xliff/<tag>.xliff)")
    rel = isub.add_parser("release", help="record the source strings of a published edition")
    project_arg(rel)
    rel.add_argument("tag", metavar="TAG", help="the edition, e.g. 2024-10")
    rel.add_argument("--force", action="store_true", help="replace a release already recorded")
    ch = isub.add_parser("changes", help="per language, the source strings changed since a release")
    project_arg(ch)
    ch.add_argument("--since", required=True, metavar="TAG", help="a release recorded with 'i18n release'")
    ch.add_argument("--lang", action="append", metavar="TAG", help="language (repeatable; default: all)")
    m = isub.add_parser("import", help="read a translated XLIFF back into its catalogue (checked first)")
    project_arg(m)
    m.add_argument("file", type=Path, metavar="FILE", help="the XLIFF file")

    v = sub.add_parser("review", help="write translators' review packs (Word and PDF) for a language")
    project_arg(v)
    v.add_argument("--lang", required=True, metavar="TAG", help="the language to review")
    v.add_argument("--doc", action="append", metavar="ID", help="document id (repeatable; default: all)")
    v.add_argument("--since", metavar="TAG", help="mark strings changed since this release (default: the latest)")
    out_arg(v)

    s = sub.add_parser("serve", help="build the HTML editions, serve them and rebuild on every save (live preview)")
    project_arg(s)
    s.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--lang", action="append", metavar="TAG", help="language to preview (repeatable; default: all)")
    out_arg(s)

    q = sub.add_parser("questionnaire", help="write each partner's questionnaire for a round (Excel workbooks)")
    project_arg(q)
    q.add_argument("--round", required=True, metavar="ROUND", help="the round (content/progress/<round>/)")
    q.add_argument("--partner", action="append", metavar="ID", help="partner id (repeatable; default: all)")
    q.add_argument("--lang", metavar="TAG", help="language of the forms (default: each partner's own, else English)")
    out_arg(q, "; the forms go to <out>/questionnaires/<round>/<partner>.xlsx")
    q.add_argument("--prefill", choices=("current",), help="fill the answers in from the round's own reports")

    im = sub.add_parser("import", help="read returned questionnaires into the round's content")
    project_arg(im)
    im.add_argument("--round", required=True, metavar="ROUND")
    im.add_argument("files", nargs="+", type=Path, metavar="FILE.xlsx")
    im.add_argument("--replace", action="store_true", help="overwrite a partner's report already imported")

    rd = sub.add_parser("round", help="reporting rounds")
    rsub = rd.add_subparsers(dest="action", required=True, metavar="ACTION")
    st = rsub.add_parser("status", help="per partner: received or not, actions answered, actions still open")
    project_arg(st)
    st.add_argument("round", metavar="ROUND")
    st.add_argument("--require", choices=("complete",), help="exit 1 unless every partner answered every action")

    r = sub.add_parser("reference-docx", help="write a fresh reference.docx (Word styles) to restyle")
    r.add_argument("path", type=Path, nargs="?", default=Path("templates/reference.docx"))
    return parser


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port (0 to 65535)")
    return int(value)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: workers are stopped and nothing half-written is left."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    import signal

    parser = _parser()
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _dispatch(args)
    except ReportgenError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        print(f"reportgen: {errors} error(s); nothing was written", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"reportgen: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print("reportgen: interrupted; outputs already in place were left untouched", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _dispatch(args: argparse.Namespace) -> int:
    project = getattr(args, "project", None)
    if project is not None and not project.is_dir():
        raise UsageError(f"project folder '{project}' does not exist")
    if args.command == "build":
        return _build(args)
    if args.command == "check":
        return _check(args)
    if args.command == "new":
        from .scaffold import new_project

        written = new_project(args.path, args.title, args.lang or [])
        print(f"wrote a new project in {args.path}/ ({len(written)} files); build it with:\n"
              f"  reportgen build --project {args.path}")
        return 0
    if args.command == "review":
        from .review import write_review

        for path in write_review(args.project, args.lang, args.doc, args.out, args.since):
            print(f"wrote {path}")
        return 0
    if args.command == "theme":
        return _theme(args)
    if args.command == "i18n":
        from .i18n import catalogues

        if args.action == "export":
            print(f"wrote {catalogues.export_xliff(args.project.resolve(), args.lang, args.output)}")
            return 0
        if args.action == "release":
            print(f"wrote {catalogues.record_release(args.project.resolve(), args.tag, args.force)}")
            return 0
        if args.action == "changes":
            return _changes(args)
        if args.action == "import":
            relative, changed = catalogues.import_xliff(args.project.resolve(), args.file)
            print(f"{relative}: {changed} translation(s) changed" if changed else f"{relative}: nothing changed")
            return 0
        return catalogues.run(args.action, args.project, getattr(args, "require", None))
    if args.command in ("questionnaire", "import", "round"):
        return _collect(args)
    if args.command == "serve":
        from .pipeline import output_folder, select
        from .preview import serve

        from .project import load_project

        root = args.project.resolve()
        out = output_folder(root, args.out)
        try:
            select(load_project(root), None, args.lang)  # an unknown language is a usage error before serving
        except ReportgenError:
            pass  # content errors: the preview starts anyway and shows them until they are fixed
        try:
            serve(root, out, args.host, args.port, args.lang)
        except OSError as exc:
            raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
        except KeyboardInterrupt as exc:
            if isinstance(exc, Terminated):
                raise
            print("reportgen: preview stopped", file=sys.stderr)
        return 0
    if args.command == "reference-docx":
        from .writers.docx.reference import write_reference

        try:
            write_reference(args.path)
        except OSError as exc:
            raise UsageError(f"cannot write '{args.path}': {exc.strerror}") from None
        print(f"wrote {args.path}")
        return 0
    raise UsageError(f"unknown command {args.command}")


def _collect(args: argparse.Namespace) -> int:
    from .collect import rounds

    root = args.project.resolve()
    if args.command == "questionnaire":
        from .pipeline import output_folder

        out = output_folder(root, args.out)
        paths, warnings = rounds.write_questionnaires(root, args.round, args.partner, args.lang, out,
                                                      prefill=args.prefill == "current")
        _print_diagnostics(warnings)
        for path in paths:
            print(f"wrote {path}")
        return 0
    if args.command == "import":
        written, warnings = rounds.import_answers(root, args.round, args.files, args.replace)
        _print_diagnostics(warnings)
        for relative in written:
            print(f"wrote {relative}")
        return 0
    found, actions = rounds.round_status(root, args.round)
    print(f"round {args.round}: {sum(p.received is not None for p in found)} of {len(found)} partners answered; "
          f"{actions} actions each")
    width = max(len(p.name) for p in found) if found else 7
    print(f"{'partner':<{width + 6}}  {'received':<10}  {'answered':>8}  open actions")
    for p in found:
        received = p.received.isoformat() if p.received else "no"
        shown = ", ".join(p.open) if len(p.open) < actions else "all"
        print(f"{p.partner:<4}  {p.name:<{width}}  {received:<10}  {p.answered:>4}/{actions:<3}  {shown or '-'}")
    complete = all(p.received is not None and not p.open for p in found)
    if args.require == "complete" and not complete:
        print(f"reportgen: round {args.round} is not complete", file=sys.stderr)
        return 1
    return 0


def _changes(args: argparse.Namespace) -> int:
    from .i18n import catalogues
    from .i18n.catalogue import Translator
    from .project import load_project

    root = args.project.resolve()
    found = catalogues.changes_since(root, args.since)
    project = load_project(root)
    languages = [lang for lang in project.languages if lang.tag != "en" and (not args.lang or lang.tag in args.lang)]
    counts = {kind: sum(c.kind == kind for c in found) for kind in ("changed", "added", "removed")}
    print(f"since release {args.since}: {counts['changed']} changed, {counts['added']} added, "
          f"{counts['removed']} removed")
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
    return 0


def _check(args: argparse.Namespace) -> int:
    from .pipeline import check

    project, warnings = check(args.project, args.strict)
    _print_diagnostics(warnings)
    print(f"ok: {len(project.documents)} document(s) in {len(project.languages)} language(s) checked, "
          f"{len(warnings)} warning(s)")
    return 0


def _theme(args: argparse.Namespace) -> int:
    from . import theme

    if args.action == "export":
        try:
            names = theme.export(args.path)
        except OSError as exc:
            raise UsageError(f"cannot write '{args.path}': {exc.strerror}") from None
        print(f"copied the default theme into {args.path}/ ({len(names)} files); a project uses the files of its "
              f"templates/ instead of the defaults")
        return 0
    current = theme.Theme(args.project.resolve())
    overridden = set(current.overrides())
    for name in current.names():
        print(f"{'project ' if name in overridden else 'default '} {name}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .pipeline import build
    from .console import Progress, summary

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("-j takes a number of at least 1")
    progress = Progress(sys.stderr)
    result = build(args.project, args.out, args.doc, args.lang, args.format, args.strict, args.jobs,
                   args.force, args.release, progress=progress.update)
    progress.done()
    for tag, misses in result.misses.items():
        print(f"{tag}: {len(misses)} string(s) fall back to English; the documents are marked DRAFT:",
              file=sys.stderr)
        for miss in misses:
            print(f"  {miss}", file=sys.stderr)
    _print_diagnostics(result.warnings)
    for outcome in result.outcomes:
        for warning in outcome.warnings:
            print(f"{outcome.target.relative}: warning: {warning}", file=sys.stderr)
    print(summary(result.outcomes, (args.out or args.project / "build")))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
