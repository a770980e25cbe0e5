"""``reportgen new``: write a small, working project — a plan, partners, a status scale, one illustrative round
and a catalogue per extra language — that builds at once on the default theme."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .diagnostics import UsageError, did_you_mean
from .i18n.locales import LANGUAGES, SOURCE
from .theme import DEFAULT

DEFAULT_TITLE = "Regional Plan 2026-2028"


def _q(value: str) -> str:
    """Return ``value`` as a YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _files(title: str, tags: list[str], today: dt.date) -> dict[str, str]:
    year = today.year
    languages = ", ".join([SOURCE.tag] + [t for t in tags if t != SOURCE.tag])
    plan = f"""# The plan. Edit the text freely; keep the ids (C1, A1, …) stable: progress rounds refer to them.
# Inline markup: **bold**, *italic*, [link text](https://example.org). Translations live in
# translations/<language>/LC_MESSAGES/messages.po (run 'reportgen i18n update' after editing).

document:
  id: action-plan
  title: {_q(title)}
  short_title: {_q(title)}
  subject: What the plan is about, in one line
  period: "{year}-{year + 2}"
  accepted: {today:%Y-%m}
  organisation: The secretariat of the plan
  symbol: PLAN/{year}

wording:                                # how the documents name the plan and its parts
  name: the Plan                        # in running text: "the 3 actions of the Plan"
  commitment: Commitment %(number)s     # a commitment's label; leave it out for none
  action: Action %(number)s             # an action's label

introduction:
  - >-
    This plan sets out what the partners commit to. Replace this paragraph with the plan's introduction.

commitments:
  - id: C1
    number: 1
    heading: Working together
    priority_areas:
      - id: C1.1
        name: Sharing information
        context: >-
          Why this area matters. One or two sentences of context, with the **key phrase** in bold.
        actions:
          - id: A1
            number: 1
            text: Set up a regular exchange of information between the partners.
          - id: A2
            number: 2
            text: Publish a yearly summary of what was exchanged.
  - id: C2
    number: 2
    heading: Building capacity
    priority_areas:
      - id: C2.1
        name: Training
        context: >-
          Why capacity matters for the plan.
        actions:
          - id: A3
            number: 3
            text: Train the staff who carry out the plan.

closing:
  - The partners will review this plan at the end of its period.
"""
    partners = """# The partners whose progress the reports cover, in the order the documents list them.
# id: a stable code that progress files use. name: translated like any other text.
# note: a footnote that accompanies the name where the document first mentions it (optional).
partners:
  - id: AA
    name: First Partner
  - id: BB
    name: Second Partner
  - id: CC
    name: Third Partner
"""
    round_ = f"""# ILLUSTRATIVE DATA: invented to show how a progress report looks. Replace it with the partners' answers:
# `reportgen questionnaire --round {year}` writes their forms, `reportgen import --round {year} FILE.xlsx…` reads
# them back into this folder, one file per partner (AA.yaml, …).

round:
  id: "{year}"
  title: {_q("Progress Report on the " + title)}
  short_title: Progress Report {year}
  subject: Implementation of the plan in {year}
  organisation: The secretariat of the plan
  symbol: PLAN/PR/{year}
  period_start: {year}-01
  period_end: {year}-06
  meeting: Annual Meeting of the Partners
  date: {year}-09-30
  illustrative: true
"""
    illustrative = "# ILLUSTRATIVE DATA: the round is marked illustrative; these answers are samples, not reported data.\n"
    reports = {
        "AA": f"""# The report of AA (First Partner) for round {year}: an example.
{illustrative}partner: AA
reported: {year}-07-15
actions:
  - action: A1
    status: completed
    account: An exchange of information now takes place every quarter.
  - action: A2
    status: in-progress
  - action: A3
    status: planned
""",
        "BB": f"""# The report of BB (Second Partner) for round {year}: an example.
{illustrative}partner: BB
reported: {year}-07-20
actions:
  - action: A1
    status: in-progress
    account: A first exchange took place in May.
""",
    }
    readme = f"""# {title}

A reportgen project. Build the documents with

    reportgen build --project .

and find them in `build/<language>/`. What to edit:

- `content/action-plan.yaml`: the plan — its title, how it names itself and its parts (`wording`), its
  commitments, priority areas and actions.
- `content/partners.yaml`: the partners; `content/statuses.yaml`: the progress scale.
- `content/progress/<round>/`: one folder per reporting round, `round.yaml` and one file per partner's report
  (`reportgen questionnaire` and `reportgen import` make and read the partners' forms). The shipped round is
  illustrative: replace it.
- `content/project.yaml`: the languages the documents are published in.
- `translations/`: one catalogue per language. After editing content, run `reportgen i18n update --project .`
  and translate the new strings (Poedit, Weblate); until then the documents are marked DRAFT.
- `templates/` (optional): a file here replaces the default theme's file of the same name;
  `reportgen theme export templates` copies the whole default theme to start from.
"""
    files = {
        "README.md": readme,
        "content/project.yaml": f"# The languages the documents are published in (BCP 47 tags); English is the source.\n"
                                f"languages: [{languages}]\n",
        "content/action-plan.yaml": plan,
        "content/partners.yaml": partners,
        "content/statuses.yaml": (DEFAULT / "statuses.yaml").read_text("utf-8"),
        f"content/progress/{year}/round.yaml": round_,
        **{f"content/progress/{year}/{partner}.yaml": text for partner, text in reports.items()},
        ".gitignore": "/build/\n",
    }
    return files


def new_project(path: Path, title: str | None, tags: list[str], today: dt.date | None = None) -> list[str]:
    """Write a new project into ``path`` (absent or empty) and return the files written."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(f"'{path}' is not an empty folder; a new project is written only into an empty one")
    for tag in tags:
        if tag not in LANGUAGES:
            raise UsageError(f"unknown language '{tag}'{did_you_mean(tag, LANGUAGES)}; "
                             f"available: {', '.join(LANGUAGES)}")
    title = " ".join((title or DEFAULT_TITLE).split())
    if not title:
        raise UsageError("the title is empty")
    files = _files(title, list(dict.fromkeys(tags)), today or dt.date.today())
    written = []
    try:
        for relative, text in files.items():
            target = path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
            written.append(relative)
        from .i18n.catalogues import update
        from .project import load_project

        project = load_project(path, catalogues=False)
        written += update(path.resolve(), project.languages)
    except OSError as exc:
        raise UsageError(f"cannot write into '{path}': {exc.strerror}") from None
    return written
