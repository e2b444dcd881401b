# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An execution environment with glpi.glpi, as far as ansible-builder goes without a container runtime.

``ansible-builder create`` on docs/examples/execution-environment.yml (the definition README.md
gives) writes the build context: its Containerfile installs the collections of requirements.yml and
then runs ansible-builder's introspection over them. That introspection, run here on the installed
tarball (``ansible-builder introspect``), must find the collection's Python requirements through
meta/execution-environment.yml: requests and jsonschema, and not ansible-core (the definition's).
"""

import os
import shutil

import yaml

from conftest import REPO, ansible_command, run, user_env

EXAMPLES = os.path.join(REPO, "docs", "examples")


def test_create_writes_a_context_that_installs_the_collection(tmp_path):
    for name in ("execution-environment.yml", "requirements.yml"):
        shutil.copy(os.path.join(EXAMPLES, name), str(tmp_path / name))
    context = tmp_path / "context"
    run([ansible_command("ansible-builder"), "create", "-f", "execution-environment.yml", "-c", str(context),
         "--output-filename", "Containerfile"], cwd=tmp_path, env=user_env(tmp_path))
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml" \
        in containerfile
    assert "introspect.py introspect" in containerfile
    assert "ansible-core>=2.16.0" in containerfile
    copied = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert [entry["name"] for entry in copied["collections"]] == [
        "git+https://git.example.com/your-org/glpi.glpi.git"]


def test_introspect_finds_the_python_requirements(installed_path, tmp_path):
    meta = yaml.safe_load((installed_path / "ansible_collections" / "glpi" / "glpi" / "meta" /
                           "execution-environment.yml").read_text())
    assert meta["dependencies"] == {"python": "requirements.txt"}
    pip = tmp_path / "requirements.txt"
    run([ansible_command("ansible-builder"), "introspect", "--sanitize", "--write-pip", str(pip),
         str(installed_path)], cwd=tmp_path, env=user_env(installed_path))
    lines = [line.strip() for line in pip.read_text().splitlines() if line.strip()]
    names = sorted(line.split(">=")[0] for line in lines)
    assert names == ["jsonschema", "requests"], lines
    assert all(line.endswith("# from collection glpi.glpi") for line in lines), lines
