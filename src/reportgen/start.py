"""The ``reportgen`` program (and ``python -m reportgen``): Ctrl-C or SIGTERM at any moment, even while the
program starts, ends it with the exit status and a message saying what was written, never a traceback."""

from __future__ import annotations

import os
import sys

NOTHING = "reportgen: interrupted; nothing was written, the files already there were left untouched"
EVERYTHING = "reportgen: interrupted once every file was written: all of them are in place"
INTERRUPTED = (130, 143)  # Ctrl-C, SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: workers are stopped and nothing half-written is left."""


def status_of(interruption: KeyboardInterrupt) -> int:
    """Return the exit status an interruption ends the program with: 143 for SIGTERM, 130 for Ctrl-C."""
    return INTERRUPTED[1] if isinstance(interruption, Terminated) else INTERRUPTED[0]


def run() -> None:
    """Run the command line and exit with its status."""
    try:
        from .cli import main  # the command line answers interruptions from here on

        status = main(last=True)
    except KeyboardInterrupt as exc:  # while starting, or in the instant between the command's end and its exit
        from .writing import placed

        print(EVERYTHING if placed() else NOTHING, file=sys.stderr)
        status = status_of(exc)
    if status in INTERRUPTED:
        # End at once: everything to clean up is cleaned, and CPython would turn a Ctrl-C that came while it ran
        # code made by exec() (dataclasses, templates) into a second, silent death by SIGINT on the way out.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
