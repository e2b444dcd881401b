# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render docs/reliability.md from the ``RELIABILITY_CASES`` literals of the test files.

Every test module that proves a reliability case declares, at module level, a plain literal::

    RELIABILITY_CASES = [
        {"area": "Faults", "case": "...", "outcome": "...", "test": "test_function_name"},
    ]

This script reads those literals with ``ast`` (it never imports a test), checks that each
case names a test function defined in the same file, and writes one table per area.

    python scripts/reliability_table.py           # rewrite docs/reliability.md
    python scripts/reliability_table.py --check   # exit 1 when docs/reliability.md is stale

Standard library only.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(REPO, "tests")
DOC = os.path.join(REPO, "docs", "reliability.md")
REGENERATE = "python scripts/reliability_table.py"
KEYS = ("area", "case", "outcome", "test")
SKIP_DIRS = {"output", "__pycache__", "data", "fixtures"}
# Areas in this order; any other area follows, alphabetically.
AREA_ORDER = ("Faults", "Load and concurrency", "Bad input", "Over-long values", "Search escaping",
              "Dates in criteria", "Diff", "Entity scope", "Inventory failures", "Secrets", "TLS")

INTRO = """\
# Reliability

Every case below is an automated test of this repository: the table is generated from the
`RELIABILITY_CASES` list that each test module declares next to the tests that prove it, so the
document cannot drift from the suite (`tests/unit/test_reliability_doc.py` fails when it does).

- The integration tests (`tests/integration/`) run the collection's modules, roles and inventory
  plugin against the GLPI emulator (`tests/emulator/`) and, with `GLPI_URL`, `GLPI_APP_TOKEN` and
  `GLPI_USER_TOKEN` set, unchanged against a real GLPI. The cases that need a fault a real server
  cannot produce on demand (an HTTP 503, an answer cut off after GLPI committed a write, an expired
  session, a stripped `Authorization` header, ...) use the emulator's fault injection
  (`/_emulator/faults`, pytest marker `fault_injection`) and are skipped against a real GLPI.
  After each fault the test reads the database back through the API: nothing created twice, no
  change reported that did not happen, nothing lost without an error.
- The unit tests (`tests/unit/`) check the client and the resource layer against recorded or
  faked GLPI answers.

Run them with `python -m pytest tests/unit tests/integration` (see docs/development.md).
Regenerate this file after adding or changing a case with `%s`.
""" % REGENERATE


class CaseError(ValueError):
    """A RELIABILITY_CASES literal that cannot be rendered (the message names the file)."""


def test_files(root=TESTS):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def _defined_functions(tree):
    """Names of the module's functions and of the methods of its classes."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.update(n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return names


def _literal(tree, rel):
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
            (node.target if isinstance(node, ast.AnnAssign) else None)
        if isinstance(target, ast.Name) and target.id == "RELIABILITY_CASES":
            try:
                return ast.literal_eval(node.value)
            except ValueError:
                raise CaseError("%s: RELIABILITY_CASES must be a plain literal (no computed values)" % rel)
    return None


def _check(cases, functions, rel):
    if not isinstance(cases, list):
        raise CaseError("%s: RELIABILITY_CASES must be a list of dicts" % rel)
    for index, case in enumerate(cases):
        where = "%s: RELIABILITY_CASES[%d]" % (rel, index)
        if not isinstance(case, dict) or sorted(case) != sorted(KEYS):
            raise CaseError("%s must be a dict with exactly the keys %s" % (where, ", ".join(KEYS)))
        empty = [key for key in KEYS if not isinstance(case[key], str) or not case[key].strip()]
        if empty:
            raise CaseError("%s: %s must be non-empty strings" % (where, ", ".join(empty)))
        if case["test"] not in functions:
            raise CaseError("%s: test %r is not a function defined in %s" % (where, case["test"], rel))


def collect(root=TESTS, repo=REPO):
    """Every case of every test file under ``root``, with ``file`` (relative to ``repo``) added."""
    found = []
    for path in test_files(root):
        rel = os.path.relpath(path, repo).replace(os.sep, "/")
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        if "RELIABILITY_CASES" not in source:
            continue
        tree = ast.parse(source, filename=rel)
        cases = _literal(tree, rel)
        if cases is None:
            continue
        _check(cases, _defined_functions(tree), rel)
        found.extend(dict(case, file=rel) for case in cases)
    return found


def _cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def _area_key(area):
    return (AREA_ORDER.index(area), "") if area in AREA_ORDER else (len(AREA_ORDER), area.lower())


def render(cases):
    areas = {}
    for case in cases:
        areas.setdefault(case["area"], []).append(case)
    out = [INTRO]
    for area in sorted(areas, key=_area_key):
        rows = areas[area]
        out.append("\n## %s\n\n%d case%s.\n\n" % (area, len(rows), "" if len(rows) == 1 else "s"))
        out.append("| Case | Outcome | Test (file::function) |\n|---|---|---|\n")
        for case in rows:
            out.append("| %s | %s | `%s::%s` |\n" % (_cell(case["case"]), _cell(case["outcome"]), case["file"], case["test"]))
    return "".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when %s is not up to date" % os.path.relpath(DOC, REPO))
    parser.add_argument("--output", default=DOC, help="where to write (default: docs/reliability.md)")
    args = parser.parse_args(argv)
    try:
        text = render(collect())
    except CaseError as exc:
        sys.stderr.write("reliability_table: %s\n" % exc)
        return 2
    if args.check:
        current = open(args.output, encoding="utf-8").read() if os.path.exists(args.output) else ""
        if current != text:
            sys.stderr.write("%s is out of date: run %s\n" % (os.path.relpath(args.output, REPO), REGENERATE))
            return 1
        return 0
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
