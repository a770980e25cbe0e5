"""``python -m reportgen``: the same as the ``reportgen`` command."""

from .start import run

run()
