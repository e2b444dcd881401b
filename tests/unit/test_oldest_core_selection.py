"""tests/integration/oldest-core.txt, the integration tests that `scripts/test oldest` runs on the lowest
ansible-core that meta/runtime.yml claims: each line names a test that exists, and together they run every
module, action, inventory, lookup and filter plugin and both roles of the collection."""

import ast
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SELECTION = os.path.join(REPO, "tests", "integration", "oldest-core.txt")
KINDS = ("modules", "action", "inventory", "lookup", "filter")


def selected():
    with open(SELECTION) as handle:
        return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]


def read(path):
    with open(os.path.join(REPO, path)) as handle:
        return handle.read()


def test_each_line_is_a_test_that_exists():
    for node in selected():
        path, name = re.match(r"^([^:]+)::([A-Za-z0-9_]+)(\[.*\])?$", node).group(1, 2)
        tree = ast.parse(read(path))
        assert name in [item.name for item in tree.body if isinstance(item, ast.FunctionDef)], node


def plugin_names():
    names = {}
    for kind in KINDS:
        folder = os.path.join(REPO, "plugins", kind)
        for entry in sorted(os.listdir(folder)):
            if entry.endswith(".py") and entry != "__init__.py":
                names["%s/%s" % (kind, entry[:-3])] = entry[:-3]
    for role in sorted(os.listdir(os.path.join(REPO, "roles"))):
        if os.path.isdir(os.path.join(REPO, "roles", role)):
            names["roles/%s" % role] = role
    return names


def test_every_plugin_and_role_runs():
    """A plugin counts as run when a selected test file names it as glpi.glpi.NAME or the module's short
    name in a task (glpi_item's tests build their tasks with the name), the filters of the roles with them."""
    texts = "\n".join(read(path) for path in sorted(set(node.split("::")[0] for node in selected())))
    role_texts = "\n".join(read(os.path.join(dirpath, name))[:100000]
                           for dirpath, _dirs, files in os.walk(os.path.join(REPO, "roles")) for name in files)
    missing = []
    for key, name in plugin_names().items():
        if key.startswith("filter/") and "glpi.glpi.%s" % name in role_texts and "glpi.glpi.hr_" in texts:
            continue
        if not re.search(r"(glpi\.glpi\.|[\"'])%s\b" % re.escape(name), texts):
            missing.append(key)
    assert not missing, "not run by tests/integration/oldest-core.txt: %s" % missing
