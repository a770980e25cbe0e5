"""What every command shares: the registry of commands, the common arguments, and how diagnostics are printed."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic
from ..start import Terminated  # noqa: F401 - the commands take it from here


@dataclass(frozen=True)
class Command:
    """A command: its name and help, ``add(parser)`` giving it its arguments, ``run(args)`` its exit status."""

    name: str
    help: str
    add: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, add: Callable[[argparse.ArgumentParser], None]):
    """Register the decorated function as the command ``name`` (its arguments from ``add``)."""
    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = Command(name, help, add, run)
        return run

    return register


def project_arg(parser: argparse.ArgumentParser) -> None:
    """Add ``--project DIR`` (default: the current folder)."""
    parser.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                        help="project folder with content/ (and optionally templates/, translations/; default: .)")


def out_arg(parser: argparse.ArgumentParser, more: str = "") -> None:
    """Add ``--out DIR`` (default: the project's build folder)."""
    parser.add_argument("--out", type=Path, metavar="DIR", help=f"output folder (default: <project>/build){more}")


def lang_args(parser: argparse.ArgumentParser, what: str = "language") -> None:
    """Add a repeatable ``--lang TAG``."""
    parser.add_argument("--lang", action="append", metavar="TAG", help=f"{what} (repeatable; default: all)")


def port(value: str) -> int:
    """Return a port number (0 to 65535) given on the command line."""
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port (0 to 65535)")
    return int(value)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Print each diagnostic on standard error, GNU-style."""
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
