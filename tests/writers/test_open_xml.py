"""Every Word file and workbook reportgen writes passes an independent Open XML validator (openxml-audit, a port of
the Open XML SDK's): the documents, the translators' review packs, and the partners' questionnaires."""

from __future__ import annotations

import pytest

from conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def validator():
    try:
        from openxml_audit import FileFormat, OpenXmlValidator
    except ImportError:
        from conftest import missing_tool

        missing_tool("openxml-audit is not installed (a test dependency: make test installs it)")

    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0)  # 0: every phase, every finding


def _findings(validator, paths) -> list[str]:
    found = []
    for path in paths:
        result = validator.validate(str(path))
        found += [f"{path.name}: {e.part_uri} {e.path}: {e.description}" for e in result.errors]
    return found


def test_every_word_file_of_the_build_passes_the_validator(built, validator):
    paths = sorted(built.glob("*/*.docx"))
    assert len(paths) == 24
    assert _findings(validator, paths) == []


def test_review_packs_and_questionnaires_pass_the_validator(capsys, tmp_path, validator):
    assert run_cli(capsys, "review", "--project", str(ROOT), "--lang", "mk", "--out", str(tmp_path))[0] == 0
    assert run_cli(capsys, "questionnaire", "--project", str(ROOT), "--round", "2024", "--out", str(tmp_path))[0] == 0
    paths = sorted(tmp_path.glob("mk/review/*.docx")) + sorted(tmp_path.glob("questionnaires/2024/*.xlsx"))
    assert len(paths) == 3 + 6
    assert _findings(validator, paths) == []
