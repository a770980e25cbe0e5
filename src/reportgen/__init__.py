"""reportgen: structured plan content and gettext catalogues to official DOCX and PDF meeting documents."""

__version__ = "0.1.0"
