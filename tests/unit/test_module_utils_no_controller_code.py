"""module_utils and modules are what ships to the managed nodes: no controller-only imports
there (plugin_utils, ansible's controller packages, thread pools). See docs/development.md,
"Architecture: the client's layers"."""

import ast
import os

import pytest

PLUGINS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "plugins")
CONTROLLER_ONLY = ("ansible_collections.glpi.glpi.plugins.plugin_utils", "ansible.plugins", "ansible.utils.display",
                   "ansible.errors", "ansible.inventory", "ansible.template", "concurrent.futures")


def _imports(path):
    with open(path) as handle:
        tree = ast.parse(handle.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def _files():
    for folder in ("module_utils", "modules"):
        for root, _dirs, files in os.walk(os.path.join(PLUGINS, folder)):
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.relpath(os.path.join(root, name), PLUGINS)


@pytest.mark.parametrize("relpath", list(_files()))
def test_no_controller_only_import(relpath):
    bad = [name for name in _imports(os.path.join(PLUGINS, relpath))
           if any(name == prefix or name.startswith(prefix + ".") for prefix in CONTROLLER_ONLY)]
    assert not bad, "%s imports controller-only code %s: move it to plugins/plugin_utils/" % (relpath, bad)
