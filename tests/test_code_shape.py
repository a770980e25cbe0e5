"""The code stays one that a newcomer can read: no function in src/ runs over 60 lines, and no source folder is
called like the build's output folder (which tools skip as generated)."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "src/reportgen"
LONGEST = 60


def test_no_function_is_longer_than_sixty_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > LONGEST:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} ({length} lines)")
    assert long == []


def test_no_source_folder_is_called_build():
    assert not [p for p in PACKAGE.rglob("build") if p.is_dir()]
