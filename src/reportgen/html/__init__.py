"""The HTML stage: Jinja2 renders each document's semantic HTML; :mod:`.subset` defines and checks what the
writers may be given."""
