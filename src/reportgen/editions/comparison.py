"""``reportgen build --compare TAG``: for each document and language, the current text with every change since
edition ``TAG`` marked (:mod:`.compare`), after a first page that counts and lists the changed items
(``comparison.html.j2``, translated like every template), written in every format as
``build/<lang>/<doc>.compare-<TAG>.<suffix>`` through the same jobs and workers as the build. Each edition is
rendered in the same language, with its own content and catalogue."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..html.render import Page, render
from ..i18n.catalogue import Translator
from ..tree import Node, Tree, parse
from .compare import MOVED_FROM, MOVED_ONLY, MOVED_TO, RENUMBERED, Comparison, compare
from .store import folder, read

TEMPLATE = "comparison.html.j2"
INSERTED_LABEL, DELETED_LABEL = "inserted text:", "deleted text:"  # msgids of the template's ``marks``
MOVED_LABELS = {MOVED_FROM: "Moved from:", MOVED_TO: "Moved to:"}  # msgids of the template's notes on moved items
NOTED = frozenset({"section", "div", "article", "body", "li", "td", "th"})  # blocks a note may stand in


def name_of(doc_id: str, tag: str, kind: str = "compare") -> str:
    """Return what a comparison (or corrigendum) output is called below its language's folder."""
    return f"{doc_id}.{kind}-{tag}"


def write_comparisons(root: Path, tag: str, docs=None, langs=None, formats=None, out: Path | None = None,
                      jobs: int | None = None, kind: str = "compare", release: bool = False) -> list[str]:
    """Write the comparison (``kind="compare"``) or the corrigendum (``"corrigendum"``) of every selected
    document, language and format with edition ``tag``; return the outputs written (below the build folder).
    ``release``: the PDFs are archival and accessible (PDF/A-3a, PDF/UA-1), as a release build's are. Nothing is
    written when any of them fails."""
    from ..pipeline.load import Options, load
    from ..pipeline.manifest import locked
    from ..pipeline.workers import Runner
    from ..pipeline.write import shared_assets
    from ..writing import Change, write_files

    root = root.resolve()
    read(root, tag)
    session = load(root, Options(out, docs, langs, formats))
    made = [replace(job, release=release) for job in _jobs(session, folder(root, tag), tag, kind)]
    assets = shared_assets(session.project, session.formats)
    with Runner(jobs, len(made), session.formats) as runner:
        for job in made:
            runner.submit(job)
        failures, results = [], {}
        for done, data, _, _, error in runner.results():
            if error is not None:
                failures.extend(error.diagnostics)
            else:
                results[done.relative] = data
    if failures:
        raise ReportgenError(failures)
    changes = [Change(session.out / relative, data, relative) for relative, data in sorted(results.items())]
    changes += [Change(session.out / path, data, path) for path, data in assets.values()
                if not (session.out / path).is_file() or (session.out / path).read_bytes() != data]
    with locked(session.out):
        write_files(changes)
    return sorted(results)


def _jobs(session, snapshot: Path, tag: str, kind: str) -> list:
    """Return the jobs that write the comparisons (or corrigenda) of the session's documents and languages: each
    the current tree marked against the edition's, rendered in the same language from the snapshot."""
    from ..pipeline.render import epoch_of, render_document
    from ..pipeline.write import shared_assets
    from ..project import load_project
    from ..writers import Job
    from .corrigendum import corrigendum_tree

    earlier = load_project(snapshot)
    old_languages = {language.tag: language for language in earlier.languages}
    made, skipped = [], []
    for doc in session.documents:
        old_doc = earlier.documents.get(doc.id)
        for language in session.languages:
            if old_doc is None or language.tag not in old_languages:
                skipped.append(f"{language.tag}/{doc.id}")
                continue
            new = render_document(session.project, doc, language)
            old = render_document(earlier, old_doc, old_languages[language.tag])
            if not _shared(old.tree, new.tree):
                raise ReportgenError(Diagnostic(Location(f"editions/{tag}/"), f"{doc.id}: the edition and the "
                                                f"current text have no content in common (no item with the same "
                                                f"key and text): not editions of one document"))
            make = with_summary if kind == "compare" else corrigendum_tree
            tree = make(compare(old.tree, new.tree), session.project, doc, language, tag)
            charts = new.charts + tuple(c for c in old.charts if c.id not in {n.id for n in new.charts})
            made += [Job(name_of(doc.id, tag, kind), language.tag, fmt, tree, session.project.theme, charts,
                         epoch_of(doc), tagged=True,
                         assets=tuple((n, p) for n, (p, _) in shared_assets(session.project, [fmt]).items()))
                     for fmt in session.formats]
    if not made:
        raise ReportgenError(Diagnostic(Location(f"editions/{tag}/"), f"edition '{tag}' has none of the documents "
                                        f"and languages selected ({', '.join(skipped)})"))
    return made


def with_summary(comparison: Comparison, project, doc, language, tag: str) -> Tree:
    """Return the comparison's tree with its first page (the counts and the changed items) after the cover, and
    the screen-reader words of its marks."""
    from ..pipeline.render import created_at

    translator = Translator(language, project.catalogues.get(language.tag))
    counts = {kind: comparison.count(kind) for kind in ("changed", "added", "removed", "moved")}
    html = render(project.theme, TEMPLATE, translator, Page(language, created_at(doc)), tag=tag,
                  items=comparison.items, counts=counts)
    summary = next(parse(html, doc.vocabulary, project.theme.shown(TEMPLATE)).body.nodes())
    labels = {"ins": str(translator.gettext(INSERTED_LABEL)), "del": str(translator.gettext(DELETED_LABEL))}
    body = _noted(_labelled(comparison.tree.body, labels),
                  {attr: str(translator.gettext(msgid)) for attr, msgid in MOVED_LABELS.items()})
    blocks = list(body.children)
    cover = next((i for i, child in enumerate(blocks) if isinstance(child, Node) and child.role == "cover"), -1)
    blocks.insert(cover + 1, summary)
    return replace(comparison.tree, body=Node(body.tag, body.role, tuple(blocks), body.attrs, body.key))


def _labelled(node: Node, labels: dict[str, str]) -> Node:
    """Return ``node`` with the words a screen reader says before each insertion and deletion
    (``data-label``; the HTML edition writes them as visually hidden text)."""
    if not any(n.tag in labels for n in node.walk()):
        return node
    if node.get(MOVED_ONLY) is not None:  # an item moved unchanged: its note says so, not each of its words
        return node
    children = tuple(_labelled(c, labels) if isinstance(c, Node) else c for c in node.children)
    marked = node.tag in labels and node.get(RENUMBERED) is None
    attrs = node.attrs + ((("data-label", labels[node.tag]),) if marked else ())
    return Node(node.tag, node.role, children, attrs, node.key)


def _noted(node: Node, words: dict[str, str]) -> Node:
    """Return ``node`` with a note (role ``change-note``) before the first block of each moved item, saying the
    section it came from or went to: a paragraph in the PDF and HTML, a comment in Word."""
    if not any(n.get(attr) is not None for n in node.walk() for attr in words):
        return node
    children: list = []
    for child in node.children:
        if isinstance(child, Node):
            for attr, way in ((MOVED_FROM, "here"), (MOVED_TO, "away")):
                place = child.get(attr)
                if place is not None and node.tag in NOTED:
                    attrs = (("class", "change-note"), ("data-moved", way))
                    attrs += ((MOVED_ONLY, "true"),) if child.get(MOVED_ONLY) is not None else ()
                    children.append(Node("p", "change-note", (f"{words[attr]} {place}".strip(),), attrs))
            child = _noted(child, words)
        children.append(child)
    return Node(node.tag, node.role, tuple(children), node.attrs, node.key)


def _shared(old: Tree, new: Tree) -> bool:
    """Return whether two trees share content: an item with the same key and the same text (any two plans share
    keys such as ``document.title``; editions of one plan share most of their text)."""
    def content(tree: Tree) -> dict[str, str]:  # what the content says: not its headings ("Action 1")
        return {node.key: node.text() for node in tree.keyed() if node.role not in ("heading", "running-header")
                and not node.key.split(":", 1)[-1].startswith("document.")}

    before = content(old)
    return any(before.get(key) == text for key, text in content(new).items())
