# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""README.md's install paths ("Using the collection in your playbooks"), as a user takes them.

The built tarball is installed into a fresh collections path, and a playbook run with only that
path (ANSIBLE_COLLECTIONS_PATH, no PYTHONPATH, from a folder outside the checkout) reads GLPI's root
entity with glpi.glpi.glpi_item_info from the emulator, its connection given once through the
collection's action group (meta/runtime.yml). ansible-playbook -vvv names the module file it sends:
it must be the installed copy's. The git path (requirements.yml with ``type: git``) installs this
checkout's committed HEAD from a ``git+file://`` URL.
"""

import json
import os
import subprocess

import pytest

from conftest import REPO, ansible_command, run, user_env

PLAYBOOK = """\
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/glpi.glpi.glpi:
      url: "{{ lookup('ansible.builtin.env', 'GLPI_URL') }}"
      app_token: "{{ lookup('ansible.builtin.env', 'GLPI_APP_TOKEN') }}"
      user_token: "{{ lookup('ansible.builtin.env', 'GLPI_USER_TOKEN') }}"
  tasks:
    - name: Read the root entity
      glpi.glpi.glpi_item_info:
        itemtype: Entity
        id: 0
      register: root

    - name: Keep the result
      ansible.builtin.copy:
        content: "{{ root | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
"""

REQUIREMENTS = """\
collections:
  - name: git+file://%s
    type: git
"""


def galaxy_list(path):
    """{collection name: [the collections paths that hold it]} as ansible-galaxy sees them."""
    out = run([ansible_command("ansible-galaxy"), "collection", "list", "--format", "json"],
              cwd=path, env=user_env(path), stdout_only=True)
    found = {}
    for collections_dir, collections in json.loads(out).items():
        for name in collections:
            found.setdefault(name, []).append(collections_dir)
    return found


def test_ansible_sees_only_the_installed_copy(installed_path):
    found = galaxy_list(installed_path)
    assert found.get("glpi.glpi") == [str(installed_path / "ansible_collections")], found


def test_module_runs_from_the_installed_copy(installed_path, emulator_factory, tmp_path):
    server = emulator_factory()
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(PLAYBOOK)
    result_file = tmp_path / "root.json"
    env = user_env(installed_path)
    env.update({"GLPI_URL": server.base_url, "GLPI_APP_TOKEN": server.app_token,
                "GLPI_USER_TOKEN": server.user_token})
    out = run([ansible_command("ansible-playbook"), "-vvv", "-i", "localhost,", "-c", "local",
               "-e", "ansible_python_interpreter=%s" % ansible_command("python"),
               "-e", "result_file=%s" % result_file, str(playbook)], cwd=tmp_path, env=env)
    module_file = os.path.join(str(installed_path), "ansible_collections", "glpi", "glpi", "plugins", "modules",
                               "glpi_item_info.py")
    used = sorted(set(line.split("Using module file ", 1)[1].strip() for line in out.splitlines()
                      if "Using module file " in line and "glpi_item_info" in line))
    assert used == [module_file], out[-4000:]
    result = json.loads(result_file.read_text())
    assert not result.get("failed"), result
    assert result["id"] == 0
    assert result["record"]["name"] == "Root entity"


def test_git_install_of_the_checkout(tmp_path):
    if subprocess.run(["git", "-C", REPO, "rev-parse", "--verify", "HEAD"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL, check=False).returncode != 0:
        pytest.skip("not a git checkout with a commit: the git install path cannot be tried")
    requirements = tmp_path / "requirements.yml"
    requirements.write_text(REQUIREMENTS % REPO)
    path = tmp_path / "collections"
    run([ansible_command("ansible-galaxy"), "collection", "install", "-r", str(requirements), "-p", str(path)],
        cwd=tmp_path, env=user_env(path))
    root = path / "ansible_collections" / "glpi" / "glpi"
    for needed in ("meta/runtime.yml", "meta/execution-environment.yml", "plugins/modules/glpi_item_info.py",
                   "requirements.txt"):
        assert (root / needed).is_file(), needed
    # build_ignore holds for a git install too: ansible-galaxy builds the collection from the clone
    for dev_only in ("tests", "scripts", "bench", ".ci"):
        assert not (root / dev_only).exists(), dev_only
    assert galaxy_list(path).get("glpi.glpi") == [str(path / "ansible_collections")]
