"""``reportgen new``, ``theme export|list`` and ``reference-docx``: starting a project, and its theme."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ..diagnostics import UsageError
from .options import command, project_arg


def _new_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="DIR", help="folder for the new project (absent or empty)")
    parser.add_argument("--title", help="the plan's title")
    parser.add_argument("--lang", action="append", metavar="TAG",
                        help="a language to publish in besides English (repeatable)")


@command("new", "write a small working project to start a plan of your own", _new_args)
def new(args: argparse.Namespace) -> int:
    from ..scaffold import new_project

    written = new_project(args.path, args.title, args.lang or [])
    print(f"wrote a new project in {args.path}/ ({len(written)} files); build it with:\n"
          f"  reportgen build --project {shlex.quote(str(args.path))}")
    return 0


def _theme_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="copy the default theme into DIR, to restyle everything")
    export.add_argument("path", type=Path, metavar="DIR", help="folder to copy into (absent or empty), e.g. templates")
    project_arg(actions.add_parser("list", help="list the theme's files and which of them the project overrides"))


@command("theme", "the default theme (templates, stylesheets, style values, reference.docx, fonts)", _theme_args)
def theme(args: argparse.Namespace) -> int:
    from .. import theme as themes

    if args.action == "export":
        try:
            names = themes.export(args.path)
        except OSError as exc:
            raise UsageError(f"cannot write '{args.path}': {exc.strerror}") from None
        print(f"copied the default theme into {args.path}/ ({len(names)} files); a project uses the files of its "
              f"templates/ instead of the defaults")
        return 0
    current = themes.Theme(args.project.resolve())
    overridden = set(current.overrides())
    for name in current.names():
        print(f"{'project ' if name in overridden else 'default '} {name}")
    return 0


def _reference_args(parser: argparse.ArgumentParser) -> None:
    project_arg(parser)
    parser.add_argument("path", type=Path, nargs="?", default=Path("templates/reference.docx"))


@command("reference-docx", "write a fresh reference.docx (Word styles, from the project's style values) to restyle",
         _reference_args)
def reference_docx(args: argparse.Namespace) -> int:
    from ..theme import Theme
    from ..writers.docx.reference import write_reference

    try:
        write_reference(args.path, Theme(args.project.resolve()))
    except OSError as exc:
        raise UsageError(f"cannot write '{args.path}': {exc.strerror}") from None
    print(f"wrote {args.path}")
    return 0
