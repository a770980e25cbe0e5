"""The Jinja2 stage: strict templates, errors with template file and line, escaping of content."""

from __future__ import annotations

from conftest import check_fails, edit, make_project, run_cli


def test_undefined_variable_names_template_line_and_suggestion(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, "templates/action-plan.html.j2", "{% for c in plan.commitments %}\n<section",
                "{% for c in plann.commitments %}\n<section")
    assert check_fails(capsys, project) == [
        f"templates/action-plan.html.j2:{line}: error: undefined variable 'plann' (did you mean 'plan'?)",
        "reportgen: 1 error(s); nothing was written"]


def test_template_syntax_error_names_template_and_line(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, "templates/action-plan.html.j2", "{% endfor %}\n</ol>\n</nav>", "{% endfor %}\n</ol>\n</nav>\n{% if %}")
    assert check_fails(capsys, project) == [
        f"templates/action-plan.html.j2:{line + 3}: error: template syntax error: Expected an expression, got "
        "'end of statement block'",
        "reportgen: 1 error(s); nothing was written"]


def test_missing_attribute_is_an_error_not_an_empty_string(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, "templates/action-plan.html.j2", "{{ a.text.html }}", "{{ a.txt.html }}")
    assert check_fails(capsys, project) == [
        f"templates/action-plan.html.j2:{line}: error: 'reportgen.documents.plan.Action object' has no attribute 'txt'",
        "reportgen: 1 error(s); nothing was written"]


def test_a_filter_given_the_wrong_kind_of_value_is_a_diagnostic(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, "templates/action-plan.html.j2", "format_date(info.accepted)", "format_date(info.symbol)")
    lines = check_fails(capsys, project)
    assert lines[0].startswith(f"templates/action-plan.html.j2:{line}: error: error while rendering: ")


def test_html_outside_the_subset_fails_a_pdf_only_build_too(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    edit(project, "templates/action-plan.html.j2", '<p class="closing"', '<p class="fancy"')
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "pdf")
    assert status == 1
    assert err.splitlines()[0] == (
        'templates/action-plan.html.j2: error: <p class="fancy"> has no role: the document type\'s vocabulary does '
        "not know the class (classes of <p>: accepted, action, closing, context, draft, edition, illustrative, lead, "
        "organisation, symbol, title, toc-title, watermark)")
    assert not (project / "build").exists()


def test_a_template_cannot_reach_python_and_its_errors_are_located(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, "templates/action-plan.html.j2", "{% block contents %}",
                '{% block contents %}{{ cycler.__init__.__globals__.os.popen("id").read() }}')
    errors = check_fails(capsys, project)
    assert errors[0] == (f"templates/action-plan.html.j2:{line}: error: error while rendering: SecurityError: "
                         "access to attribute '__init__' of 'type' object is unsafe.")
    edit(project, "templates/action-plan.html.j2", '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
         "{{ 1/0 }}")
    assert check_fails(capsys, project)[0] == (f"templates/action-plan.html.j2:{line}: error: error while "
                                               "rendering: ZeroDivisionError: division by zero")


def test_a_template_may_include_only_theme_files(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    edit(project, "templates/base.html.j2", "<body>", '<body>{% include "/etc/passwd" %}')
    assert check_fails(capsys, project)[0] == ("reportgen/theme/action-plan.html.j2: error: template not found: "
                                               "/etc/passwd")
