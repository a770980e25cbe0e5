"""``reportgen check`` is the build's own gather-and-validate path: what fails a build fails check, with the same
message, and check writes nothing."""

from __future__ import annotations

import pytest

from conftest import edit, make_project, override, run_cli, write_files

CSS_IMPORT = '@import url("https://example.org/evil.css");\n'


def _break_stylesheet(project):
    css = override(project, "print.css")
    css.write_text(CSS_IMPORT + css.read_text("utf-8"), "utf-8")
    return ["templates/print.css: error: refused resource 'https://example.org/evil.css': only files of the theme "
            "(the project's templates/ or the default theme) may be used"]


def _missing_font(project):
    css = override(project, "print.css")
    css.write_text(css.read_text("utf-8").replace("NotoSerif-Bold.ttf", "NotoSerif-Black.ttf"), "utf-8")
    return ["templates/print.css: error: resource 'fonts/NotoSerif-Black.ttf': not found in the project's "
            "templates/ nor in the default theme"]


def _broken_chart_font(project):
    write_files(project, {"templates/fonts/NotoSans-Regular.ttf": b"not a font"})
    return ["templates/fonts/NotoSans-Regular.ttf: error: not a font the writers can use (Not a TrueType or "
            "OpenType font (not enough data))"]


def _no_head(project):
    base = override(project, "base.html.j2")
    text = base.read_text("utf-8")
    base.write_text(text[:text.index("<head>")] + text[text.index("</head>") + len("</head>\n"):], "utf-8")
    return ["reportgen/theme/action-plan.html.j2: error: the document has no <head> with a <title> (the writers take the "
            "metadata from there)"]


def _figure_paragraph(project):
    edit(project, "templates/action-plan.html.j2", '<p class="action"{{ key(a.text) }}>{{ a.text.html }}</p>',
         '<figure><p class="action">{{ a.text.html }}</p></figure>')
    return ["templates/action-plan.html.j2: error: <p> may not stand inside <figure>"]


def _background_outside(project):
    css = override(project, "print.css")
    css.write_text(css.read_text("utf-8") + "\nh1 { background: url(/etc/passwd) }\n", "utf-8")
    return ["templates/print.css: error: refused resource 'file:///etc/passwd': only files of the theme (the "
            "project's templates/ or the default theme) may be used"]


def _marks_outside(project):
    css = override(project, "marks.css")
    css.write_text(css.read_text("utf-8") + "\ndel { background: url(/etc/passwd) }\n", "utf-8")
    return ["templates/marks.css: error: refused resource 'file:///etc/passwd': only files of the theme (the "
            "project's templates/ or the default theme) may be used"]


def _not_a_font(project):
    write_files(project, {"templates/fonts/NotoSerif-Regular.ttf": b"\x00\x01garbage" * 300})
    return ["templates/fonts/NotoSerif-Regular.ttf: error: not a font the writers can use (Not a TrueType or "
            "OpenType font (bad sfntVersion))"]


# case -> (how to break the project, the formats whose build it fails, renderer warnings it also causes)
CASES = {"stylesheet import": (_break_stylesheet, ["pdf"], []),
         "missing font": (_missing_font, ["pdf"], []),
         "chart font": (_broken_chart_font, ["pdf", "docx"], ["Font-face 'RG Sans' cannot be loaded"]),
         "template without head": (_no_head, ["pdf", "docx"], []),
         "paragraph in a figure": (_figure_paragraph, ["pdf", "docx"], []),
         "background outside": (_background_outside, ["pdf"], []),
         "marks background outside": (_marks_outside, ["pdf"], []),
         "not a font": (_not_a_font, ["pdf", "docx"], ["Font-face 'RG Serif' cannot be loaded"])}


@pytest.mark.parametrize("name", CASES)
def test_what_fails_the_build_fails_check_with_the_same_message(capsys, tmp_path, expected_logs, name):
    project = make_project(tmp_path, languages=["en"], progress=False)
    breaking, formats, logs = CASES[name]
    expected = breaking(project)
    expected_logs.extend(logs)
    status, _, check_err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert check_err.splitlines()[:len(expected)] == expected
    for fmt in formats:
        status, _, build_err = run_cli(capsys, "build", "--project", str(project), "--format", fmt, "-j", "1")
        assert status == 1
        assert build_err.splitlines()[:len(expected)] == expected, fmt
    assert not (project / "build").exists()


def test_check_renders_every_language_and_reports_misses_as_warnings(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    edit(project, "translations/hr/LC_MESSAGES/messages.po", 'msgstr "Sadržaj"', 'msgstr ""')
    status, out, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 0
    assert "warning: untranslated: \"Contents\"" in err
    assert out.strip() == "ok: 1 document(s) in 2 language(s) checked, 1 warning(s)"
    status, _, err = run_cli(capsys, "check", "--project", str(project), "--strict")
    assert status == 1 and "error: untranslated: \"Contents\"" in err
