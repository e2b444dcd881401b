"""Every module has the same shape: ``argument_spec()`` (the options, read by the unit-test
harness for their defaults), ``run(module, client)`` (the hand-off to module_utils) and a
``main()`` that is one call to ``run_module``, the one entry point that builds the module and
reports failures the one way. Read with ``ast``: nothing is imported."""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# glpi_user is moving its logic into module_utils/users.py (bulk users); it joins once there.
NOT_YET = set()
MODULES = sorted(path for path in (ROOT / "plugins" / "modules").glob("*.py")
                 if not path.name.startswith("_") and path.stem not in NOT_YET)


def _functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return dict((node.name, node) for node in tree.body if isinstance(node, ast.FunctionDef))


@pytest.mark.parametrize("path", MODULES, ids=[path.stem for path in MODULES])
def test_module_has_the_one_shape(path):
    functions = _functions(path)
    assert {"argument_spec", "run", "main"} <= set(functions), sorted(functions)
    assert [arg.arg for arg in functions["run"].args.args] == ["module", "client"]
    body = functions["main"].body
    assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call)
    call = body[0].value
    assert isinstance(call.func, ast.Name) and call.func.id == "run_module"
    assert isinstance(call.args[1], ast.Name) and call.args[1].id == "run"


@pytest.mark.parametrize("path", MODULES, ids=[path.stem for path in MODULES])
def test_module_never_fails_by_itself(path):
    """Failures leave through run_module: a GlpiError (with ``written`` after a write), never fail_json."""
    assert "fail_json" not in path.read_text(encoding="utf-8")
