"""``reportgen review import``: a translators' review pack a reviewer annotated in Word, read back into its
language's catalogue. A tracked change in the translation column becomes that entry's new ``msgstr``, marked fuzzy
for the translator to confirm (``--accept`` takes it as final; a plural entry's first form, the one the pack
shows, is corrected and the entry stays fuzzy for the other forms); a comment on a row becomes a translator comment
(``# reviewer: …``). The translation is read with its formatting written back as the catalogue's markup (bold,
italic, links). Only those entries' lines change: the rest of the PO file stays byte for byte. The catalogue's
checks (markup, placeholders, characters) apply to the result, and a changed English column is refused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError, UsageError
from ..i18n.locales import LANGUAGES
from ..source import markup
from ..source.files import read_input
from ..source.text import texts
from .returned import KINDS, NEW, OLD, W, package_parts, parse_xml, text_of

_DC = "{http://purl.org/dc/elements/1.1/}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAX_FILE = 20 * 1024 * 1024


@dataclass(frozen=True)
class Correction:
    """A reviewer's correction of one catalogue entry: its row, msgctxt and English, and what the reviewer did."""

    row: int
    context: str | None
    english: str
    translation: str | None  # the new msgstr (None: not changed)
    comments: tuple[str, ...]
    sent: str = ""  # the translation as the pack showed it (its tracked changes rejected)


def read_pack(path: Path, shown: str) -> tuple[str, str, list[Correction]]:
    """Return the document id, language tag and corrections of an annotated review pack."""
    data = read_input(path.parent, path.name, MAX_FILE, shown, base=Path("/"))
    parts = package_parts(data, shown)
    core = parse_xml(parts["docProps/core.xml"], shown) if "docProps/core.xml" in parts else None
    word_language = next((e.text for e in core.iter(f"{_DC}language")), "") if core is not None else ""
    tag = next((t for t, language in LANGUAGES.items() if language.word == word_language), "")
    doc_id = path.name.split(".review")[0] if ".review" in path.name else ""
    if not tag or not doc_id:
        raise ReportgenError(Diagnostic(Location(shown), "not a review pack written by 'reportgen review' (named "
                                                         "<document>.review.docx, in a translated language)"))
    body = parse_xml(parts["word/document.xml"], shown)
    links = {r.get("Id"): r.get("Target") for r in parse_xml(parts["word/_rels/document.xml.rels"], shown)
             if r.get("TargetMode") == "External"} if "word/_rels/document.xml.rels" in parts else {}
    notes = {c.get(f"{W}id"): " ".join(" ".join("".join(t.text or "" for t in q.iter(f"{W}t"))
                                                for q in c.iter(f"{W}p")).split())
             for c in parse_xml(parts["word/comments.xml"], shown).iter(f"{W}comment")} \
        if "word/comments.xml" in parts else {}
    tables = list(body.iter(f"{W}tbl"))
    if not tables:
        raise ReportgenError(Diagnostic(Location(shown), "the review pack has no table of strings"))
    corrections, problems = [], []
    for number, tr in enumerate(tables[-1].iter(f"{W}tr"), start=1):
        cells = [tc for tc in tr if tc.tag == f"{W}tc"]
        if number == 1 or len(cells) < 3:
            continue
        where, english = (_cell(c) for c in cells[:2])
        translation = tuple(_marked(cells[2], keep, links) for keep in ("del", "ins"))
        if english[0] != english[1]:
            problems.append(Diagnostic(Location(f"{shown}: row {number}"), f"the English column was changed "
                                                                           f"(«{english[1][:60]}»): only the "
                                                                           f"translation is reviewed"))
            continue
        comments = tuple(notes[r.get(f"{W}id")] for r in cells[2].iter(f"{W}commentReference")
                         if notes.get(r.get(f"{W}id")))
        context = None if where[0] == "template" else where[0].rsplit(" (", 1)[0]
        corrections.append(Correction(number, context, english[0],
                                      translation[1] if translation[0] != translation[1] else None, comments,
                                      translation[0]))
    if problems:
        raise ReportgenError(problems)
    return doc_id, tag, corrections


def _cell(tc) -> tuple[str, str]:
    """Return a cell's text as it was sent (tracked changes rejected) and as the reviewer left it (accepted)."""
    before = " ".join(text_of(p, keep="del") for p in tc.iter(f"{W}p"))
    after = " ".join(text_of(p, keep="ins") for p in tc.iter(f"{W}p"))
    return " ".join(before.split()), " ".join(after.split())


def import_review(root: Path, path: Path, accept: bool = False) -> tuple[str, int, list]:
    """Apply an annotated review pack to its language's catalogue; return the catalogue, how many entries
    changed, and the warnings (rows not annotated whose text is not the catalogue's). Nothing is written when any
    correction cannot be applied."""
    from ..i18n.catalogue import parse_catalogue, po_path
    from ..i18n.checks import check_catalogue
    from ..diagnostics import Diagnostics
    from ..project import load_project
    from ..writing import Change, project_lock, write_files
    from .po_edit import edit_entries

    root = root.resolve()
    shown = path.name
    doc_id, tag, corrections = read_pack(path, shown)
    project = load_project(root)
    if doc_id not in project.documents or tag not in {language.tag for language in project.languages}:
        raise UsageError(f"{shown}: the review pack of '{doc_id}' in '{tag}', which this project does not publish")
    language = next(language for language in project.languages if language.tag == tag)
    relative = po_path(language)
    loaded = project.catalogues[tag]
    prefixes = {text.context.split(":", 1)[0] for text in texts(project.documents[doc_id].model)}
    after, problems, changed = edit_entries(loaded.text, corrections, prefixes, accept, shown)
    if any(d.severity == "error" for d in problems):
        raise ReportgenError(problems)
    diagnostics = Diagnostics()
    check_catalogue(language, parse_catalogue(after.encode("utf-8"), relative, language), diagnostics)
    diagnostics.raise_if_errors()
    if changed:
        with project_lock(root):
            if read_input(root, relative, 8 * 1024 * 1024) != loaded.written.encode("utf-8"):
                raise ReportgenError(Diagnostic(Location(relative), "the catalogue changed while the review pack "
                                                                    "was read: import it again"))
            write_files([Change(root / relative, (("\ufeff" if loaded.bom else "") + after).encode("utf-8"),
                                relative)])
    return relative, changed, problems


def _marked(tc, keep: str, links: dict[str, str]) -> str:
    """Return a cell's text as the catalogue writes it: its formatting as the markup the pack showed as formatting
    (bold ``**…**``, italic ``*…*``, a link ``[…](…)``), the rest literal; ``keep`` as :func:`text_of`."""
    drop = NEW if keep == "del" else OLD
    runs: list[tuple[tuple, str]] = []
    for index, p in enumerate(tc.iter(f"{W}p")):
        if index:
            runs.append(((False, False, None), " "))
        for r in p.iter(f"{W}r"):
            if any(a.tag in drop for a in r.iterancestors(*KINDS)):
                continue
            text = "".join(t.text or "" for t in r.iter(f"{W}t", f"{W}delText"))
            rpr = r.find(f"{W}rPr")
            link = next((links.get(a.get(_RID)) for a in r.iterancestors(f"{W}hyperlink")), None)
            if text:
                runs.append(((_on(rpr, "b"), _on(rpr, "i"), link), text))
    spans: list[list] = []
    for look, text in runs:  # runs of one look joined: a word split over two runs is one span
        if spans and spans[-1][0] == look:
            spans[-1][1] += text
        else:
            spans.append([look, text])
    out = []
    for (bold, italic, link), text in spans:
        core = text.strip()
        if not core:
            out.append(text)
            continue
        marked = markup.literal(core)
        marked = f"*{marked}*" if italic else marked
        marked = f"**{marked}**" if bold else marked
        marked = f"[{marked}]({link})" if link else marked
        out.append(text[:len(text) - len(text.lstrip())] + marked + text[len(text.rstrip()):])
    return " ".join("".join(out).split())


def _on(rpr, name: str) -> bool:
    """Return whether a run's on/off property ``name`` (``b``, ``i``) is on."""
    found = rpr.find(f"{W}{name}") if rpr is not None else None
    return found is not None and found.get(f"{W}val", "true") not in ("0", "false", "off")


def plain(text: str) -> str:
    """Return a msgid or msgstr as the pack prints it (markup shown as formatting, white space folded)."""
    return " ".join(markup.plain(text).split())
