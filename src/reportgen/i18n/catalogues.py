"""``reportgen i18n extract|update|status``: keep the catalogues in step with templates and content.

Extraction uses Babel with two methods: Jinja2's extractor for the theme's templates (the project's own and the
packaged defaults) and ours (:mod:`reportgen.i18n.extractor`) for ``content/``. Updating keeps Babel's semantics:
translations are kept, changed source strings become fuzzy (with the previous msgid shown), removed ones become
obsolete (``#~``).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import write_po
from .. import __version__
from ..diagnostics import Diagnostic, Diagnostics, Location, ReportgenError, UsageError
from ..project import load_project
from .catalogue import MAX_BYTES, message_key, parse_catalogue, po_path, read_catalogue
from .locales import SOURCE, Language
from .preserve import preserve, previous_strings, style_of, with_previous
from ..source.files import decode, inside, read_input, read_named
from ..tags import check_tag
from ..writing import Change, project_lock, refusal, write_files

POT = "translations/messages.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "pgettext": ((1, "c"), 2)}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}
REVIEW_NOTE = ("DRAFT TRANSLATION: awaits review by the secretariat's translators before publication.\n"
               "Translate msgstr only; keep **bold**, *italic*, [links](...) and %(placeholders)s as in msgid.")
_DATE_HEADERS = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)


def extract(root: Path) -> Catalog:
    """Return the template catalogue of every translatable string of the project: the theme's templates (the
    project's own over the defaults) and the content, through each document type's schema."""
    from ..theme import DEFAULT, Theme
    from .extractor import extract_yaml

    catalog = Catalog(project="reportgen", version=__version__, charset="utf-8",
                      msgid_bugs_address="secretariat translators", copyright_holder="",
                      creation_date=_now())  # SOURCE_DATE_EPOCH's time when set: the same inputs, the same bytes
    sources: list[tuple[str, Path, object, dict]] = []
    content = root / "content"
    for path in sorted(content.rglob("*.yaml")) if content.is_dir() else ():
        sources.append((path.relative_to(root).as_posix(), path, extract_yaml, {"root": str(root)}))
    if (content / "progress").is_dir() and not (content / "statuses.yaml").exists():
        from ..documents.progress import DEFAULT_STATUSES_SOURCE

        sources.append((DEFAULT_STATUSES_SOURCE, DEFAULT / "statuses.yaml", extract_yaml,
                        {"root": str(root), "filename": DEFAULT_STATUSES_SOURCE}))
    theme = Theme(root)
    for name in theme.names():
        if name.endswith(".j2"):
            sources.append((theme.shown(name), theme.find(name), "jinja2", JINJA_OPTIONS))
    import jinja2

    problems = []
    for shown, path, method, options in sources:
        try:
            found = extract_from_file(method, str(path), KEYWORDS, ("Translators:",), options,
                                      strip_comment_tags=True)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Diagnostic(Location(shown, exc.lineno or 0), f"template syntax error: {exc.message}"))
            continue
        for lineno, message, comments, context in found:
            catalog.add(message, None, [(shown, lineno)], auto_comments=comments, context=context,
                        flags=("python-format",) if _has_placeholder(message) else ())
    if problems:
        raise ReportgenError(problems)
    return catalog


def _has_placeholder(message) -> bool:
    text = message if isinstance(message, str) else message[0]
    return "%(" in text or "%d" in text or "%s" in text


def _serialise(catalog: Catalog, width: int = 0, **options) -> str:
    out = io.BytesIO()
    write_po(out, catalog, width=width, sort_by_file=False, **options)
    return out.getvalue().decode("utf-8")


def _differs(path: Path, text: str) -> bool:
    """Return whether ``text`` differs from the file at ``path`` in more than its date headers (line endings and
    byte-order mark count: a file is written as it is meant to stay); a link is never read (it is replaced)."""
    if path.is_symlink() or not path.is_file():
        return True
    old = path.read_bytes().decode("utf-8", "replace")
    return _DATE_HEADERS.sub("", old.replace("\r\n", "\n")) != _DATE_HEADERS.sub("", text.replace("\r\n", "\n")) \
        or ("\r\n" in old) != ("\r\n" in text) or old.startswith("\ufeff") != text.startswith("\ufeff")


def _change(root: Path, relative: str, text: str) -> Change:
    """Return the write of a catalogue or template, byte for byte as ``text`` has it, checked: only into the
    project's translations/, to a regular file, through no folder that leads out of the project."""
    path = root / relative
    refused = refusal(root, path, relative, inputs=("translations",))
    if refused is not None:
        raise ReportgenError(refused)
    return Change(path, text.encode("utf-8"), relative)


def _commit(root: Path, changes: list[Change]) -> list[str]:
    """Write ``changes`` all or none under the project's lock; return what was written."""
    if changes:
        with project_lock(root):
            write_files(changes)
    return [change.shown for change in changes]


def template_change(root: Path) -> tuple[Catalog, list[Change]]:
    """Return the template catalogue extracted from the project, and the write of ``messages.pot`` if it changed."""
    template = extract(root)
    text = _serialise(template)
    return template, ([_change(root, POT, text)] if _differs(root / POT, text) else [])


def write_template(root: Path) -> Catalog:
    """Extract and write ``translations/messages.pot``; return the template catalogue."""
    template, changes = template_change(root)
    _commit(root, changes)
    return template


def update(root: Path, languages: tuple[Language, ...]) -> list[str]:
    """Merge the template into every language's catalogue (creating missing ones), every catalogue read and
    checked before any file is written; write the template and the catalogues that changed, all or none; return
    what was written."""
    template, changes = template_change(root)
    problems = []
    for language in (lang for lang in languages if lang != SOURCE):
        try:
            change = _merged(root, language, template)
        except ReportgenError as exc:
            problems.extend(exc.diagnostics)
            continue
        if change is not None:
            changes.append(change)
    if problems:
        raise ReportgenError(problems)
    return [shown for shown in _commit(root, changes) if shown != POT]


def _merged(root: Path, language: Language, template: Catalog) -> Change | None:
    """Return the write of ``language``'s catalogue merged with ``template`` (None when nothing changed)."""
    relative = po_path(language)
    path = root / relative
    old_text = None
    if path.is_file() or path.is_symlink():
        loaded = read_catalogue(root, relative)
        catalog, old_text = loaded.catalog, loaded.written
        _restore_previous(catalog)
        catalog.locale = language.catalogue
    else:
        catalog = Catalog(locale=language.catalogue, charset="utf-8")
    catalog.project, catalog.version = "reportgen", __version__
    catalog.language_team = f"{language.english_name} <secretariat translators>"
    catalog.header_comment = _header_comment(language)
    previous = {message_key(m): m.previous_id for m in catalog if m.fuzzy and m.previous_id}
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
    for message in catalog:  # Babel forgets previous msgids of entries that stay fuzzy
        if message.fuzzy and not message.previous_id and message_key(message) in previous:
            message.previous_id = previous[message_key(message)]
    _fix_plural_forms(catalog, language)
    width = style_of(old_text).width if old_text is not None else 0

    def written() -> str:
        previous = {message_key(m): m.previous_id[0] for m in catalog if m.fuzzy and m.previous_id}
        text = with_previous(_serialise(catalog, width), previous, width)
        return preserve(old_text, text) if old_text is not None else text

    if not _differs(path, written()):
        return None
    catalog.revision_date = _now()  # the catalogue changed: say when (msgfmt --check wants it set)
    return _change(root, relative, written())


def _now():
    """Return the time of a catalogue change, to the minute (``SOURCE_DATE_EPOCH`` when set)."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() else \
        dt.datetime.now(dt.timezone.utc)
    return moment.replace(second=0, microsecond=0)


def _restore_previous(catalog: Catalog) -> None:
    """Read "#|" lines back into ``previous_id``: Babel writes them but reads them as plain comments (a previous
    string may run over several lines, and may have its msgctxt)."""
    for message in catalog:
        context, previous, others = previous_strings(message.user_comments)
        if previous is not None:
            message.previous_id = [previous]
        message.user_comments = others


def _header_comment(language: Language) -> str:
    lines = [f"{language.english_name} ({language.name}) translation of the reportgen documents."] + \
        REVIEW_NOTE.splitlines()
    return "\n".join(f"# {line}" for line in lines)


def _fix_plural_forms(catalog: Catalog, language: Language) -> None:
    """Give the catalogue the plural rule of the language's CLDR locale (Montenegrin borrows sr_Latn_ME's)."""
    from babel.messages.plurals import get_plural

    rule = get_plural(language.cldr)
    catalog._num_plurals = rule.num_plurals
    catalog._plural_expr = rule.plural_expr


@dataclass(frozen=True)
class Status:
    """Translation progress of one language."""

    tag: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        """Return the number of current (non-obsolete) strings."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Return the share of strings translated and not fuzzy, in percent."""
        return 100.0 * self.translated / self.total if self.total else 100.0


def status(root: Path, languages: tuple[Language, ...]) -> list[Status]:
    """Return the translation status of every declared language but the source (each must have a catalogue)."""
    template = extract(root)
    keys = {message_key(m) for m in template if m.id}
    result = []
    for language in languages:
        if language == SOURCE:
            continue
        catalog = read_catalogue(root, po_path(language)).catalog
        translated = fuzzy = 0
        for message in catalog:
            if not message.id or message_key(message) not in keys:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy and any(strings):
                fuzzy += 1
            elif all(strings):
                translated += 1
        result.append(Status(language.tag, translated, fuzzy, len(keys) - translated - fuzzy,
                             len(catalog.obsolete)))
    return result


RELEASES = "translations/releases"  # where older versions recorded a release's source strings: still read


def recorded_releases(root: Path) -> list[str]:
    """Return the tags of the editions recorded in the project, and of the releases older versions recorded in
    ``translations/releases/`` (regular files only)."""
    from ..editions.store import recorded

    folder = root / RELEASES
    old = [p.stem for p in folder.glob("*.pot") if p.is_file() and not p.is_symlink()] \
        if folder.is_dir() and inside(folder, root) else []
    return sorted({*recorded(root), *old})


def read_release(root: Path, tag: str) -> dict[str, str]:
    """Return the source strings of release ``tag`` (``{key: English}``), read through the project's guard and
    checked as a catalogue is: a release that is not a file, not UTF-8 or malformed is an error naming it."""
    from ..editions.store import EDITIONS, RELEASE_TEMPLATE, read, recorded

    check_tag(tag)
    if tag in recorded(root):  # an edition: its own record of the source strings, checked against its hash
        read(root, tag)
        relative = f"{EDITIONS}/{tag}/{RELEASE_TEMPLATE}"
    else:
        relative = f"{RELEASES}/{tag}.pot"
    path = root / relative
    if not path.exists() and not path.is_symlink():
        known = recorded_releases(root)
        raise UsageError(f"no release '{tag}' recorded ({relative}); recorded: {', '.join(known) or 'none'}")
    if path.is_dir():
        raise ReportgenError(Diagnostic(Location(relative), "a folder, not a recorded release"))
    data = read_input(root, relative, MAX_BYTES)
    decode(data, relative)  # another encoding is named as such
    loaded = parse_catalogue(data, relative)
    return {_key(m): _source(m) for m in loaded.catalog if m.id}


@dataclass(frozen=True)
class SourceChange:
    """A source string changed, added or removed since a release: its key, the old and the new English."""

    kind: str  # "changed", "added", "removed"
    key: str
    old: str
    new: str

    def word_diff(self) -> str:
        """Return the change as a word diff: ``[-removed words-]{+added words+}``."""
        import difflib

        old, new = self.old.split(), self.new.split()
        out = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op == "equal":
                out.append(" ".join(old[a1:a2]))
            if op in ("delete", "replace"):
                out.append("[-" + " ".join(old[a1:a2]) + "-]")
            if op in ("insert", "replace"):
                out.append("{+" + " ".join(new[b1:b2]) + "+}")
        return " ".join(out)


def changes_since(root: Path, tag: str) -> list[SourceChange]:
    """Return the source strings that changed, were added or were removed since release ``tag``: content
    strings are matched by their msgctxt, template strings (which have none) by their text."""
    before = read_release(root, tag)
    after = {_key(m): _source(m) for m in extract(root) if m.id}
    found = [SourceChange("changed", k, before[k], after[k]) for k in after if k in before and before[k] != after[k]]
    found += [SourceChange("added", k, "", after[k]) for k in after if k not in before]
    found += [SourceChange("removed", k, before[k], "") for k in before if k not in after]
    return found


def _key(message) -> str:
    return message.context or f"template:{_source(message)}"


def _source(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def export_xliff(root: Path, tag: str, output: Path | None) -> Path:
    """Write the catalogue of language ``tag`` as XLIFF 1.2 (default ``build/xliff/<tag>.xliff``); return where."""
    from .xliff import po_to_xliff

    project = load_project(root)
    language = _declared(project, tag)
    relative = po_path(language)
    target = Path(os.path.abspath(output)) if output else root / "build" / "xliff" / f"{tag}.xliff"
    refused = refusal(root, target, str(output or target.relative_to(root)))
    if refused is not None:
        raise UsageError(f"'{output or target}': {refused.message}")
    data = po_to_xliff(project.catalogues[tag].text, SOURCE.tag, tag, relative)
    with project_lock(root):
        write_files([Change(target, data, str(output or target.relative_to(root)))])
    return target


def import_xliff(root: Path, source: Path) -> tuple[str, int]:
    """Apply a translated XLIFF to its language's catalogue; return the catalogue and the number of entries
    changed. A unit whose source no longer matches, or a translation that breaks markup, links or placeholders,
    refuses the whole file: nothing is written on error."""
    from lxml import etree

    from .checks import check_catalogue
    from .xliff import xliff_to_po

    project = load_project(root)
    shown = source.name
    data = read_named(source, MAX_XLIFF, shown)
    tree = _xliff12(data, shown)
    file_element = next((e for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "file"),
                        None)
    tag = file_element.get("target-language", "") if file_element is not None else ""
    language = _declared(project, tag)
    relative = po_path(language)
    loaded = project.catalogues[tag]
    after, problems, changed = xliff_to_po(data, loaded.text)
    if problems:
        raise ReportgenError([Diagnostic(Location(shown), problem) for problem in problems])
    diagnostics = Diagnostics()
    check_catalogue(language, parse_catalogue(after.encode("utf-8"), relative, language), diagnostics)
    diagnostics.raise_if_errors()
    if after != loaded.text:
        change = _change(root, relative, ("\ufeff" if loaded.bom else "") + after)
        with project_lock(root):
            if read_input(root, relative, MAX_BYTES) != loaded.written.encode("utf-8"):
                raise ReportgenError(Diagnostic(Location(relative), "the catalogue changed while the XLIFF was "
                                                                    "read: import it again"))
            write_files([change])
    return relative, changed


MAX_XLIFF = 32 * 1024 * 1024
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"


def _xliff12(data: bytes, shown: str):
    """Return the XML of an XLIFF 1.2 document; anything else (XLIFF 2.0, an HTML page, not XML) is an error."""
    from lxml import etree

    try:
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise ReportgenError(Diagnostic(Location(shown, exc.lineno or 0), f"not an XLIFF 1.2 file: {exc.msg}")) \
            from None
    name = etree.QName(tree)
    if name.localname != "xliff" or name.namespace != XLIFF12 or tree.get("version") != "1.2":
        found = f"XLIFF {tree.get('version')}" if name.localname == "xliff" else f"a <{name.localname}> document"
        raise ReportgenError(Diagnostic(Location(shown), f"not an XLIFF 1.2 file (this is {found}): export the "
                                                         f"translation from your tool as XLIFF 1.2"))
    return tree


def _declared(project, tag: str) -> Language:
    """Return the declared translated language ``tag``; another is a usage error."""
    tags = {lang.tag: lang for lang in project.languages if lang != SOURCE}
    if tag not in tags:
        from ..diagnostics import did_you_mean

        raise UsageError(f"language '{tag}' is not a translated language of the project{did_you_mean(tag, tags)}; "
                         f"declared: {', '.join(tags)}")
    return tags[tag]


def run(action: str, root: Path, require: float | None = None) -> int:
    """Run ``reportgen i18n <action>``; return the exit status."""
    # Extract only from a valid project: a file that fails to load would otherwise drop out of the template, and
    # `update` would turn all its translations obsolete.
    languages = load_project(root, catalogues=False).languages
    if action == "extract":
        template = write_template(root)
        print(f"{POT}: {len([m for m in template if m.id])} strings")
        return 0
    if action == "update":
        changed = update(root, languages)
        for relative in changed:
            print(f"updated {relative}")
        if not changed:
            print("catalogues already up to date")
        return 0
    rows = status(root, languages)
    print(f"{'language':<10}{'translated':>11}{'fuzzy':>7}{'untranslated':>14}{'obsolete':>10}{'complete':>10}")
    for row in rows:
        print(f"{row.tag:<10}{row.translated:>11}{row.fuzzy:>7}{row.untranslated:>14}{row.obsolete:>10}"
              f"{row.percent:>9.1f}%")
    if require is not None:
        below = [row.tag for row in rows if row.percent < require]
        if below:
            print(f"below {require:g}% complete: {', '.join(below)}")
            return 1
    return 0
