"""A partner's report as the YAML file ``content/progress/<round>/<partner>.yaml``: stable key order, no aliases,
long texts folded at 100 columns, a header comment naming where it came from; one import is one reviewable diff."""

from __future__ import annotations

import yaml

from ..documents.progress.content import Report

WIDTH = 100


class _Dumper(yaml.SafeDumper):
    """Block style, list items indented under their key, never an alias."""

    def ignore_aliases(self, data):
        return True

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _string(dumper: yaml.SafeDumper, value: str):
    style = ">" if len(value) > 60 and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def report_yaml(report: Report, round_id: str, partner_name: str, source: str, illustrative: bool) -> str:
    """Return the YAML text of ``report`` (imported from the workbook named ``source``)."""
    entries = []
    for entry in report.actions:
        item = {"action": entry.action, "status": entry.status}
        if entry.account is not None:
            item["account"] = entry.account.value
        if entry.evidence is not None:
            item["evidence"] = {"title": entry.evidence.title.value, "url": entry.evidence.url}
        entries.append(item)
    data = {"partner": report.partner, "reported": report.reported, "actions": entries}
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=WIDTH, indent=2)
    body = body.replace("actions: []\n", "actions: []  # every row was left empty\n")
    shown = "".join(c if c.isprintable() else "?" for c in source)  # a comment is one line, whatever the name
    header = [f"# The report of {report.partner} ({partner_name}) for round {round_id}, imported by reportgen from "
              f"{shown}."]
    if illustrative:
        header.append("# ILLUSTRATIVE DATA: the round is marked illustrative; these answers are samples, not "
                      "reported data.")
    return "\n".join(header) + "\n" + body
