"""``reportgen build``, ``check`` and ``serve``: the documents, the project validated, the live preview."""

from __future__ import annotations

import argparse
import sys

from ..diagnostics import ReportgenError, UsageError
from ..writers import REGISTRY as WRITERS
from .options import Terminated, command, lang_args, out_arg, port, print_diagnostics, project_arg


def _build_args(parser: argparse.ArgumentParser) -> None:
    project_arg(parser)
    parser.add_argument("--doc", action="append", metavar="ID", help="document id (repeatable; default: all)")
    lang_args(parser, "BCP 47 language tag")
    parser.add_argument("--format", action="append", choices=tuple(WRITERS),
                        help=f"output format (repeatable; default: all of {', '.join(WRITERS)})")
    out_arg(parser)
    parser.add_argument("--strict", action="store_true", help="fail on missing/fuzzy translations and warnings")
    parser.add_argument("--release", action="store_true", help="strict, and PDF/A-3a with embedded sources")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: number of cores)")
    parser.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    editions = parser.add_mutually_exclusive_group()
    editions.add_argument("--edition", metavar="TAG", help="rebuild a recorded edition from its snapshot into "
                          "build/editions/TAG/ and check its outputs against the recorded hashes")
    editions.add_argument("--compare", metavar="TAG", help="write comparison documents: the current text with "
                          "every change since edition TAG marked (<lang>/<doc>.compare-TAG.<format>)")
    editions.add_argument("--corrigendum", metavar="TAG", help="write the corrigendum of every document since "
                          "edition TAG (<lang>/<doc>.corrigendum-TAG.<format>)")


@command("build", "build documents into build/<lang>/<doc>.<format>", _build_args)
def build(args: argparse.Namespace) -> int:
    from ..console import Progress, summary
    from ..pipeline import build as run_build

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("-j takes a number of at least 1")
    if args.edition is not None:
        return _edition(args)
    if args.compare is not None or args.corrigendum is not None:
        from ..editions.comparison import write_comparisons

        kind, tag = ("compare", args.compare) if args.compare is not None else ("corrigendum", args.corrigendum)
        written = write_comparisons(args.project, tag, args.doc, args.lang, args.format, args.out, args.jobs, kind,
                                    args.release)
        what = "comparison(s) with" if kind == "compare" else "corrigend(a) since"
        print(f"wrote {len(written)} {what} edition {tag}: {', '.join(written[:4])}"
              f"{', …' if len(written) > 4 else ''}")
        return 0
    progress = Progress(sys.stderr)
    result = run_build(args.project, args.out, args.doc, args.lang, args.format, args.strict, args.jobs,
                       args.force, args.release, progress=progress.update)
    progress.done()
    for tag, misses in result.misses.items():
        print(f"{tag}: {len(misses)} string(s) fall back to English; the documents are marked DRAFT:",
              file=sys.stderr)
        for miss in misses:
            print(f"  {miss}", file=sys.stderr)
    print_diagnostics(result.warnings)
    for outcome in result.outcomes:
        for warning in outcome.warnings:
            print(f"{outcome.target.relative}: warning: {warning}", file=sys.stderr)
    print(summary(result.outcomes, (args.out or args.project / "build")))
    return 0


def _edition(args: argparse.Namespace) -> int:
    """Rebuild a recorded edition and say whether every output is the one recorded."""
    from ..console import Progress
    from ..editions.rebuild import rebuild

    progress = Progress(sys.stderr)
    done = rebuild(args.project, args.edition, args.doc, args.lang, args.format, args.jobs, progress.update)
    progress.done()
    print_diagnostics(list(done.differing))
    if done.differing:
        print(f"reportgen: edition {args.edition} rebuilt in {done.out}, but {len(done.differing)} output(s) are not "
              f"the recorded ones", file=sys.stderr)
        return 1
    print(f"edition {args.edition} rebuilt in {done.out}: {len(done.matching)} output(s) identical to the recorded "
          f"ones" + (f"; {len(done.unrecorded)} had no recorded hash ({', '.join(done.unrecorded[:4])}"
                     f"{', …' if len(done.unrecorded) > 4 else ''})" if done.unrecorded else ""))
    return 0


def _check_args(parser: argparse.ArgumentParser) -> None:
    project_arg(parser)
    parser.add_argument("--strict", action="store_true", help="treat warnings (missing translations) as errors")


@command("check", "validate everything a build would, without writing anything", _check_args)
def check(args: argparse.Namespace) -> int:
    from ..pipeline import check as run_check

    project, warnings = run_check(args.project, args.strict)
    print_diagnostics(warnings)
    print(f"ok: {len(project.documents)} document(s) in {len(project.languages)} language(s) checked, "
          f"{len(warnings)} warning(s)")
    return 0


def _serve_args(parser: argparse.ArgumentParser) -> None:
    project_arg(parser)
    parser.add_argument("--port", type=port, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    lang_args(parser, "language to preview")
    out_arg(parser)


@command("serve", "build the HTML editions, serve them and rebuild on every save (live preview)", _serve_args)
def serve(args: argparse.Namespace) -> int:
    from ..pipeline import output_folder, select
    from ..preview import serve as run_serve
    from ..project import load_project

    root = args.project.resolve()
    out = output_folder(root, args.out)
    try:
        select(load_project(root), None, args.lang)  # an unknown language is a usage error before serving
    except ReportgenError:
        pass  # content errors: the preview starts anyway and shows them until they are fixed
    try:
        run_serve(root, out, args.host, args.port, args.lang)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    except KeyboardInterrupt as exc:
        if isinstance(exc, Terminated):
            raise
        print("reportgen: preview stopped", file=sys.stderr)
    return 0
