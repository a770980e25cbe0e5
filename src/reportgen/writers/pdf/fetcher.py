"""The PDF writer's fetcher: resources may come only from the theme (the project's ``templates/`` over the packaged
default, looked up name by name, so a project's own ``print.css`` still finds the default fonts) and the ``chart:``
images we draw; any other URL — network, ``file:`` elsewhere, a link out of the project, redirects — fails the
build."""

from __future__ import annotations

import mimetypes
from urllib.parse import unquote, urlsplit

from ...diagnostics import ReportgenError
from ...theme import Theme


def _weasyprint():
    import weasyprint  # imported lazily: it costs about half a second

    from .release import unambiguous_streams
    from .tagging import spoken_marks

    unambiguous_streams()
    spoken_marks()
    return weasyprint


def base_url(theme: Theme) -> str:
    """Return the URL relative references in templates and the stylesheet are resolved against."""
    return theme.project_folder.resolve().as_uri() + "/"


def make_fetcher(theme: Theme, images: dict[str, bytes] | None = None):
    """Return a WeasyPrint URL fetcher that serves theme files and the generated ``images`` (``chart:<id>``),
    and refuses everything else."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

    base = unquote(urlsplit(base_url(theme)).path)

    class ThemeFetcher(weasyprint.URLFetcher):
        """Serve theme files by name and our images; refuse the rest."""

        def fetch(self, url, headers=None):  # noqa: D102 - WeasyPrint API
            if images and url in images:
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/svg+xml"})
            parts = urlsplit(url)
            path = unquote(parts.path)
            if parts.scheme == "file" and not parts.netloc and path.startswith(base):
                name = path[len(base):]
                try:
                    body = theme.read(name)
                except ReportgenError as exc:
                    raise FatalURLFetchingError(f"resource '{name}': {exc.diagnostics[0].message}") from None
                mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise FatalURLFetchingError(f"refused resource '{url}': only files of the theme (the project's "
                                        f"templates/ or the default theme) may be used")

    return ThemeFetcher()
