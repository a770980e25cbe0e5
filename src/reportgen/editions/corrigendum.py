"""``reportgen build --corrigendum TAG``: the official corrigendum of each document since edition ``TAG`` — its
symbol with ``/Corr.N``, its date, and for each changed item, located by the document's own numbering ("Action 5"),
"For «…» read «…»" with the whole sentences that changed (their changed words marked), an added item as "Insert",
a removed one as "Delete" — written in every format as ``build/<lang>/<doc>.corrigendum-<TAG>.<suffix>``. Its
phrases are the template's (``corrigendum.html.j2``), translated like every other."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..tree import Node, Tree
from .compare import CHANGE, DELETED, INSERTED, Comparison, diff_inline, item_of, reading

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


@dataclass(frozen=True)
class Correction:
    """One item of a corrigendum: where (the item's name), what kind, and the old and new sentences, each as
    inline nodes with the changed words marked."""

    label: str
    kind: str  # "changed", "added", "removed", "moved"
    old: tuple
    new: tuple


def corrections(comparison: Comparison) -> list[Correction]:
    """Return the corrections of a comparison, in document order: one per changed item."""
    labels = {item.item: item for item in comparison.items}
    texts: dict[str, tuple[list[str], list[str]]] = {}
    for node in comparison.tree.body.walk():
        if not node.key or node.get(CHANGE) is None or node.role == "heading":
            continue
        old, new = texts.setdefault(item_of(node.key), ([], []))
        old.append(" ".join(reading(node, DELETED).split()))
        new.append(" ".join(reading(node, INSERTED).split()))
    found = []
    for item, entry in labels.items():
        old, new = texts.get(item, ([], []))
        before, after = _changed_sentences(" ".join(t for t in old if t), " ".join(t for t in new if t))
        marked = diff_inline((before,), (after,))
        found.append(Correction(entry.label, entry.kind, _keep(marked, INSERTED), _keep(marked, DELETED)))
    return found


def _changed_sentences(old: str, new: str) -> tuple[str, str]:
    """Return the sentences of ``old`` and of ``new`` that are not in the other (whole sentences, in order)."""
    before, after = _SENTENCE_END.split(old) if old else [], _SENTENCE_END.split(new) if new else []
    return (" ".join(s for s in before if s not in after), " ".join(s for s in after if s not in before))


def _keep(children: tuple, drop_role: str) -> tuple:
    """Return inline content without the marks of ``drop_role``, the other marks set in bold (the old sentence
    shows the words it loses, the new one the words it gains, in boldface as corrigenda mark them)."""
    kept = []
    for child in children:
        if isinstance(child, str):
            kept.append(child)
        elif child.role == drop_role:
            continue
        elif child.role in (INSERTED, DELETED):
            kept.append(Node("strong", "strong", _keep(child.children, drop_role)))
        else:
            kept.append(Node(child.tag, child.role, _keep(child.children, drop_role), child.attrs, child.key))
    return tuple(kept)


def corrigendum_tree(comparison: Comparison, project, doc, language, tag: str) -> Tree:
    """Return the corrigendum of ``doc`` in ``language`` since edition ``tag``, as a document tree."""
    from markupsafe import Markup

    from ..documents.frame import FRAME
    from ..html.render import Page, render
    from ..i18n.catalogue import Translator
    from ..pipeline.render import created_at
    from ..tree import parse
    from ..tree.roles import vocabulary
    from ..tree.serialise import inline_html

    edition = project.edition
    number = edition.number if edition.status == "corrigendum" and edition.number else 1
    cover = comparison.tree.body.find("cover-symbol")
    base = re.sub(r"/(Rev|Corr)\.\d+$", "", " ".join(cover.text().split())) if cover is not None else doc.id
    translator = Translator(language, project.catalogues.get(language.tag))
    items = [Correction(c.label, c.kind, Markup(inline_html(c.old)), Markup(inline_html(c.new)))
             for c in corrections(comparison)]
    html = render(project.theme, TEMPLATE, translator, Page(language, created_at(doc)), meta=comparison.tree.meta,
                  symbol=f"{base}/Corr.{number}", date=edition.date or created_at(doc).date(), corrections=items,
                  tag=tag)
    return parse(html, FRAME + vocabulary({"p.lead": "lead"}), project.theme.shown(TEMPLATE))


TEMPLATE = "corrigendum.html.j2"
