"""``reportgen edition record|list``: recorded versions of the documents (see :mod:`reportgen.editions`)."""

from __future__ import annotations

import argparse

from .options import command, project_arg


def _edition_args(parser: argparse.ArgumentParser) -> None:
    from ..editions.store import STATUSES

    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    record = actions.add_parser("record", help="record an edition: the inputs' snapshot and the outputs' hashes")
    project_arg(record)
    record.add_argument("tag", metavar="TAG", help="the edition's name, e.g. 2025-06 or rev1")
    record.add_argument("--status", choices=STATUSES, help="the edition's status (default: the one content/"
                        "project.yaml gives the documents, else final)")
    record.add_argument("--date", metavar="YYYY-MM-DD", help="the edition's date (default: content/project.yaml's, "
                        "else today)")
    record.add_argument("--force", action="store_true", help="replace an edition already recorded")
    listing = actions.add_parser("list", help="the recorded editions: tag, status, date, outputs recorded")
    project_arg(listing)


def print_recorded(done) -> None:
    """Say what ``edition record`` (or ``i18n release``) recorded, and which outputs it left out."""
    from ..editions.store import EDITIONS

    made = done.edition
    print(f"recorded edition {made.tag} ({made.status}, {made.date.isoformat()}) in {EDITIONS}/{made.tag}/: "
          f"{len(made.files)} input file(s), {len(made.outputs)} output hash(es)")
    if done.unbuilt:
        print(f"{len(done.unbuilt)} output(s) not recorded: not built, or built from other inputs "
              f"(build them and record again with --force to include them): {', '.join(done.unbuilt[:6])}"
              f"{', …' if len(done.unbuilt) > 6 else ''}")


@command("edition", "recorded editions of the documents", _edition_args)
def edition(args: argparse.Namespace) -> int:
    from ..editions.record import record
    from ..editions.store import read, recorded

    root = args.project.resolve()
    if args.action == "record":
        print_recorded(record(root, args.tag, args.status, args.date, args.force))
        return 0
    for tag in recorded(root):
        made = read(root, tag, verify=False)
        print(f"{tag}\t{made.status}\t{made.date.isoformat()}\t{len(made.outputs)} output(s)")
    return 0
