"""The command line: ``reportgen build|check|serve|new|theme|reference-docx|i18n|review|questionnaire|import|round``.

Each command is registered once (:data:`COMMANDS`) with the arguments it takes and the function that runs it; the
parser and the dispatch are made from that list. Exit 0 ok, 1 content or translation errors, 2 usage errors;
anything else is a bug and may show a traceback.
"""

from __future__ import annotations

import argparse
import sys

from ..diagnostics import ReportgenError, UsageError
from ..start import EVERYTHING, NOTHING, Terminated, status_of
from ..writing import placed, signals_dropped
from .options import COMMANDS, print_diagnostics
from . import building, projects, translating, collecting, editions, consulting  # noqa: F401,I001 - each registers its commands, in this order

EPILOG = "Exit status: 0 ok, 1 content or translation errors (nothing written), 2 usage errors."


def parser() -> argparse.ArgumentParser:
    """Return the parser of every registered command."""
    top = argparse.ArgumentParser(prog="reportgen", description="Build official meeting documents (PDF, Word and "
                                  "HTML) from YAML content and gettext catalogues.", epilog=EPILOG)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS.values():
        command.add(sub.add_parser(command.name, help=command.help))
    return top


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None, last: bool = False) -> int:
    """Run the command line; return the exit status. ``last``: the process ends after it, so a Ctrl-C or SIGTERM
    that comes once the command is over is held back and dropped (what was written is in place and was said)."""
    import signal

    args = parser().parse_args(argv)
    placed(reset=True)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        project = getattr(args, "project", None)
        if project is not None and not project.is_dir():
            raise UsageError(f"project folder '{project}' does not exist")
        return COMMANDS[args.command].run(args)
    except ReportgenError as exc:
        print_diagnostics(exc.diagnostics)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        print(f"reportgen: {errors} error(s); nothing was written", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"reportgen: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (Terminated)
        print(EVERYTHING if placed() else NOTHING, file=sys.stderr)
        return status_of(exc)
    except BrokenPipeError:  # the reader of the output went away (| head): stop quietly, as other tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        if last:  # the command is over: a late Ctrl-C or SIGTERM changes nothing
            signals_dropped()
        else:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
