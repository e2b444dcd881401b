"""Every plugin's DOCUMENTATION, EXAMPLES and RETURN is valid YAML: a stray ': ' in a description
breaks ansible-doc, the sanity tests and the plugin itself (an inventory plugin cannot even load)."""

import ast
import glob
import os

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = sorted(glob.glob(os.path.join(REPO, "plugins", "*", "*.py")))


def doc_strings(path):
    with open(path) as handle:
        tree = ast.parse(handle.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("DOCUMENTATION", "EXAMPLES", "RETURN") and isinstance(node.value, ast.Constant):
                yield name, node.value.value


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: os.path.relpath(p, REPO))
def test_docs_are_yaml(path):
    for name, text in doc_strings(path):
        try:
            list(yaml.safe_load_all(text))
        except yaml.YAMLError as exc:
            pytest.fail("%s of %s is not valid YAML: %s" % (name, os.path.relpath(path, REPO), exc))
