"""The document tree: a template's semantic HTML parsed once, checked once, each element with its role and content
key; every writer reads it (:mod:`.nodes`, :mod:`.roles`, :mod:`.parse`, :mod:`.serialise`)."""

from .nodes import Metadata, Node, Tree
from .parse import parse
from .roles import Vocabulary, vocabulary
from .serialise import to_element, to_html

__all__ = ["Metadata", "Node", "Tree", "Vocabulary", "parse", "to_element", "to_html", "vocabulary"]
