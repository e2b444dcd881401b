"""docs/reliability.md is generated from the RELIABILITY_CASES literals of the test files
(scripts/reliability_table.py): it must match them, and every case must name a test of its file."""

import importlib.util
import os

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "scripts", "reliability_table.py")


@pytest.fixture(scope="module")
def table():
    spec = importlib.util.spec_from_file_location("reliability_table", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reliability_doc_matches_the_tests(table):
    expected = table.render(table.collect())
    with open(table.DOC, encoding="utf-8") as handle:
        current = handle.read()
    assert current == expected, "docs/reliability.md is out of date: run `%s`" % table.REGENERATE


def test_every_area_has_cases(table):
    cases = table.collect()
    areas = set(case["area"] for case in cases)
    assert {"Faults", "Load and concurrency"} <= areas


def write(tmp_path, source):
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "test_x.py").write_text(source)
    return str(folder)


def test_a_case_must_name_a_test_of_its_file(table, tmp_path):
    root = write(tmp_path, 'RELIABILITY_CASES = [{"area": "Faults", "case": "c", "outcome": "o", "test": "test_gone"}]\n'
                           "def test_here():\n    pass\n")
    with pytest.raises(table.CaseError, match="test_gone"):
        table.collect(root, str(tmp_path))


def test_cases_must_be_a_plain_literal(table, tmp_path):
    root = write(tmp_path, 'OUTCOME = "o"\nRELIABILITY_CASES = [{"area": "A", "case": "c", "outcome": OUTCOME, "test": "t"}]\n')
    with pytest.raises(table.CaseError, match="plain literal"):
        table.collect(root, str(tmp_path))


def test_rendering_groups_by_area_and_escapes_pipes(table, tmp_path):
    root = write(tmp_path, 'RELIABILITY_CASES = [\n'
                           '    {"area": "Zeta", "case": "a | b", "outcome": "ok", "test": "test_one"},\n'
                           '    {"area": "Faults", "case": "c", "outcome": "retried", "test": "test_one"},\n'
                           ']\n'
                           "def test_one():\n    pass\n")
    text = table.render(table.collect(root, str(tmp_path)))
    assert text.index("## Faults") < text.index("## Zeta")
    assert "| a \\| b | ok | `tests/test_x.py::test_one` |" in text
