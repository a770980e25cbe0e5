"""The Jinja2 stage: a localised model becomes the semantic HTML that both writers read.

The environment is strict (``StrictUndefined``), autoescaped, and loads templates only from the theme (the
project's ``templates/`` over the packaged default), read through the project-boundary guard; content is passed
in as data and never compiled as a template.
"""

from __future__ import annotations

from ..editions.stamp import FINAL, Stamp

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from markupsafe import Markup

from ..diagnostics import Diagnostic, Location, ReportgenError, did_you_mean
from ..i18n.catalogue import Translator
from ..i18n.locales import Language
from ..source.text import Text
from ..theme import Theme

MAX_TEMPLATE_BYTES = 1024 * 1024


# Placeholders the writers fill in: CSS page counters in the PDF, PAGE and NUMPAGES fields in the DOCX.
PAGE_NUMBER = Markup('<span class="page"></span>')
PAGE_COUNT = Markup('<span class="pages"></span>')


# The date of a page that has none of its own (an HTML edition's parts, the index, a questionnaire's words).
UNDATED = dt.datetime(1980, 1, 1)


@dataclass(frozen=True)
class Page:
    """What a template needs besides the model: language, draft state and the document's fixed date."""

    language: Language
    created: dt.datetime
    draft: int = 0
    illustrative: bool = False
    edition: Stamp = FINAL  # what the document says of its edition: symbol suffix, cover lines, DRAFT watermark


class ThemeLoader(jinja2.BaseLoader):
    """Load templates by name from the theme: the project's file when it has one, else the default theme's."""

    def __init__(self, theme: Theme):
        self.theme = theme

    def get_source(self, environment, template):  # noqa: D102 - Jinja2 API
        path = self.theme.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        try:
            source = self.theme.read(template, MAX_TEMPLATE_BYTES).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReportgenError(Diagnostic(Location(self.theme.shown(template)),
                                            f"template is not UTF-8 ({exc.reason})")) from None
        mtime = path.stat().st_mtime_ns

        def uptodate() -> bool:  # an override added or removed, or the file edited, loads the template again
            return self.theme.find(template) == path and path.is_file() and path.stat().st_mtime_ns == mtime

        return source, str(path), uptodate


def environment(theme: Theme) -> jinja2.Environment:
    """Return the Jinja2 environment for a project's theme: sandboxed as soon as the project has a template of its
    own — a project's templates are an input like its content, so they may not reach Python's internals
    (``cycler.__init__.__globals__.os``) to run code or read files — and plain while every template is the
    packaged theme's (the sandbox's checks on every attribute cost a third of a render)."""
    own = any(name.endswith(".j2") for name in theme.overrides())
    return _environment(theme, own)


@lru_cache(maxsize=8)
def _environment(theme: Theme, sandboxed: bool) -> jinja2.Environment:
    from jinja2.sandbox import SandboxedEnvironment

    env = (SandboxedEnvironment if sandboxed else jinja2.Environment)(
        loader=ThemeLoader(theme),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["w3cdate"] = lambda value: value.strftime("%Y-%m-%dT%H:%M:%SZ")
    env.filters["nobreak"] = nobreak
    env.globals["key"] = content_key
    return env


def content_key(value: Any, field: str | None = None) -> Markup:
    """Return the ``data-key`` attribute naming the content a block prints: a text's own key (its translation
    context, ``action-plan:A5.text``), a record's key (with ``field``: ``action-plan:document.symbol``), or a key
    given as a string. The document tree takes it from there; no writer guesses where text came from."""
    key = value.context if isinstance(value, Text) else getattr(value, "key", value)
    if key and field:
        key = f"{key}.{field}"
    return Markup(' data-key="{}"').format(key) if key else Markup("")


def nobreak(value: Any, number: int) -> Any:
    """Return ``value`` ("Action 3") with a no-break space between ``number`` and the word beside it, so that a
    label and its number never part at a line end."""
    text = re.sub(rf"[ \t]+(?={number}\b)|(?<=\b{number})[ \t]+", "\u00a0", str(value), count=1)
    return Markup(text) if isinstance(value, Markup) else text


def render(theme: Theme, name: str, translator: Translator, page: Page, **data: Any) -> str:
    """Return the HTML of template ``name`` rendered with ``data`` in ``translator``'s language."""
    env = environment(theme)
    env.install_gettext_callables(translator.gettext, translator.ngettext, newstyle=True,
                                  pgettext=translator.pgettext)
    lang = page.language
    try:
        template = env.get_template(name)
        return template.render(
            page=page, lang=lang,
            format_date=lang.format_date, format_number=lang.format_number,
            format_percent=lang.format_percent, format_list=lang.format_list, format_choice=lang.format_choice,
            format_size=lang.format_size,
            page_number=PAGE_NUMBER, page_count=PAGE_COUNT, **data)
    except jinja2.TemplateSyntaxError as exc:
        shown = theme.name_of(exc.filename) if exc.filename else None
        raise ReportgenError(Diagnostic(Location(theme.shown(shown or exc.name or name), exc.lineno or 0),
                                        f"template syntax error: {exc.message}")) from None
    except jinja2.TemplateNotFound as exc:
        raise ReportgenError(Diagnostic(Location(theme.shown(name)), f"template not found: {exc.name}")) from None
    except jinja2.UndefinedError as exc:
        raise ReportgenError(Diagnostic(_template_location(exc, theme, name),
                                        _undefined_message(exc, data))) from None
    except ReportgenError:
        raise
    except (jinja2.TemplateError, Exception) as exc:  # noqa: BLE001 - a template is user input: any failure in it
        # (a filter given the wrong kind of value, a division by zero) is reported where it happened.
        raise ReportgenError(Diagnostic(_template_location(exc, theme, name),
                                        f"error while rendering: {type(exc).__name__}: {exc}")) from None


def _template_location(exc: BaseException, theme: Theme, name: str) -> Location:
    """Return the innermost template frame of ``exc``'s traceback (Jinja2 rewrites frames to template lines)."""
    found = Location(theme.shown(name))
    tb = exc.__traceback__
    while tb is not None:
        template = theme.name_of(tb.tb_frame.f_code.co_filename)
        if template is not None:
            found = Location(theme.shown(template), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _undefined_message(exc: jinja2.UndefinedError, data: dict[str, Any]) -> str:
    message = str(exc.message or exc)
    if message.startswith("'") and message.endswith("' is undefined"):
        word = message[1:-len("' is undefined")]
        return f"undefined variable '{word}'{did_you_mean(word, list(data) + ['page', 'lang'])}"
    return message
