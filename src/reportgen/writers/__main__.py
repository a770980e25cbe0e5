"""``python -m reportgen.writers``: print the registered formats (the Makefile makes one target of each)."""

from . import REGISTRY

print(" ".join(REGISTRY))
