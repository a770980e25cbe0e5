"""``reportgen comments import``: what the partners send back (see :mod:`reportgen.consultation`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import command, project_arg


def _comments_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    imported = actions.add_parser("import", help="read returned Word files into the compilation of comments")
    project_arg(imported)
    imported.add_argument("--edition", required=True, metavar="TAG", help="the edition the files were sent as")
    imported.add_argument("--partner", metavar="ID", help="the partner that sent them (default: the file's name)")
    imported.add_argument("files", nargs="+", type=Path, metavar="FILE.docx")
    applied = actions.add_parser("apply", help="write the proposals the compilation accepts into the content")
    project_arg(applied)
    applied.add_argument("compilation", type=Path, metavar="COMPILATION.xlsx")


@command("comments", "the partners' comments and proposals on an edition", _comments_args)
def comments(args: argparse.Namespace) -> int:
    if args.action == "apply":
        from ..consultation.apply import apply_compilation

        done = apply_compilation(args.project, args.compilation)
        print(f"applied {len(done)} accepted proposal(s): {', '.join(p.item for p in done) or 'none'}; run "
              f"'reportgen i18n update' so that their translations are marked for review")
        return 0
    from ..consultation.compilation import import_comments

    target, count = import_comments(args.project, args.edition, args.files, args.partner)
    print(f"wrote {target}: {count} comment(s) and proposal(s)")
    return 0
