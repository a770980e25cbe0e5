"""``reportgen questionnaire``, ``import`` and ``round status``: collecting a round from the partners."""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import command, out_arg, print_diagnostics, project_arg


def _questionnaire_args(parser: argparse.ArgumentParser) -> None:
    project_arg(parser)
    parser.add_argument("--round", required=True, metavar="ROUND", help="the round (content/progress/<round>/)")
    parser.add_argument("--partner", action="append", metavar="ID", help="partner id (repeatable; default: all)")
    parser.add_argument("--lang", metavar="TAG", help="language of the forms (default: each partner's own, else "
                                                      "English)")
    out_arg(parser, "; the forms go to <out>/questionnaires/<round>/<partner>.xlsx")
    parser.add_argument("--prefill", choices=("current",), help="fill the answers in from the round's own reports")


@command("questionnaire", "write each partner's questionnaire for a round (Excel workbooks)", _questionnaire_args)
def questionnaire(args: argparse.Namespace) -> int:
    from ..collect import rounds
    from ..pipeline import output_folder

    root = args.project.resolve()
    paths, warnings = rounds.write_questionnaires(root, args.round, args.partner, args.lang,
                                                  output_folder(root, args.out), prefill=args.prefill == "current")
    print_diagnostics(warnings)
    for path in paths:
        print(f"wrote {path}")
    return 0


def _import_args(parser: argparse.ArgumentParser) -> None:
    project_arg(parser)
    parser.add_argument("--round", required=True, metavar="ROUND")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.xlsx")
    parser.add_argument("--replace", action="store_true", help="overwrite a partner's report already imported")


@command("import", "read returned questionnaires into the round's content", _import_args)
def import_(args: argparse.Namespace) -> int:
    from ..collect import rounds

    written, warnings = rounds.import_answers(args.project.resolve(), args.round, args.files, args.replace)
    print_diagnostics(warnings)
    for relative in written:
        print(f"wrote {relative}")
    return 0


def _round_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="per partner: received or not, actions answered, actions still open")
    project_arg(status)
    status.add_argument("round", metavar="ROUND")
    status.add_argument("--require", choices=("complete",), help="exit 1 unless every partner answered every action")


@command("round", "reporting rounds", _round_args)
def round_(args: argparse.Namespace) -> int:
    import sys

    from ..collect import rounds

    found, actions = rounds.round_status(args.project.resolve(), args.round)
    print(f"round {args.round}: {sum(p.received is not None for p in found)} of {len(found)} partners answered; "
          f"{actions} actions each")
    width = max(len(p.name) for p in found) if found else 7
    print(f"{'partner':<{width + 6}}  {'received':<10}  {'answered':>8}  open actions")
    for p in found:
        received = p.received.isoformat() if p.received else "no"
        shown = ", ".join(p.open) if len(p.open) < actions else "all"
        print(f"{p.partner:<4}  {p.name:<{width}}  {received:<10}  {p.answered:>4}/{actions:<3}  {shown or '-'}")
    if args.require == "complete" and not all(p.received is not None and not p.open for p in found):
        print(f"reportgen: round {args.round} is not complete", file=sys.stderr)
        return 1
    return 0
