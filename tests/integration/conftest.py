"""Run glpi.glpi tasks through ansible-playbook against ``glpi_server``.

The same tests run against the emulator and, with GLPI_URL, GLPI_APP_TOKEN and
GLPI_USER_TOKEN set, against a real GLPI. Request counters exist only on the
emulator: tests read them through ``counters`` which skips on a real server.
"""

import json
import os
import subprocess
import sys
import uuid

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("collections")
    namespace = root / "ansible_collections" / "glpi"
    namespace.mkdir(parents=True)
    (namespace / "glpi").symlink_to(REPO)
    return str(root)


@pytest.fixture
def unique():
    """A short suffix that keeps names apart between tests and between runs."""
    return uuid.uuid4().hex[:8]


class PlaybookRun:
    def __init__(self, returncode, results, output):
        self.returncode = returncode
        self.results = results
        self.output = output

    def __getitem__(self, index):
        return self.results[index]


class Playbook:
    """Builds a one-play playbook from a list of tasks and runs it.

    Every task gets ``register`` and ``ignore_errors`` so that each result can
    be asserted on, failures included."""

    def __init__(self, server, collections, workdir):
        self.server = server
        self.collections = collections
        self.workdir = workdir
        self.count = 0

    def connection(self):
        return {
            "url": self.server.base_url,
            "app_token": self.server.app_token,
            "user_token": self.server.user_token,
        }

    def run(self, tasks, check=False, diff=False, connection=None, extra_env=None):
        self.count += 1
        out = os.path.join(str(self.workdir), "results-%d.json" % self.count)
        body = []
        names = []
        for index, task in enumerate(tasks):
            task = dict(task)
            task["register"] = "r%d" % index
            task["ignore_errors"] = True
            names.append("r%d" % index)
            body.append(task)
        collect = "{{ {%s} | to_json }}" % ", ".join("'%s': %s" % (name, name) for name in names)
        body.append({"name": "collect results", "ansible.builtin.copy": {"content": collect, "dest": out},
                     "check_mode": False, "diff": False})
        play = [{
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"group/glpi.glpi.glpi": connection or self.connection()},
            "tasks": body,
        }]
        path = os.path.join(str(self.workdir), "play-%d.yml" % self.count)
        with open(path, "w") as handle:
            yaml.safe_dump(play, handle, sort_keys=False)
        env = dict(os.environ)
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": self.collections,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
        })
        for name in ("GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN", "GLPI_USERNAME", "GLPI_PASSWORD"):
            env.pop(name, None)
        env.update(extra_env or {})
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
                   "-c", "local", "-e", "ansible_python_interpreter=%s" % sys.executable, path]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=300, check=False)
        results = []
        if os.path.exists(out):
            with open(out) as handle:
                collected = json.load(handle)
            results = [collected[name] for name in names]
        run = PlaybookRun(proc.returncode, results, proc.stdout)
        if not results:
            pytest.fail("ansible-playbook produced no results (rc=%s):\n%s" % (proc.returncode, proc.stdout[-6000:]))
        return run


@pytest.fixture
def playbook(glpi_server, collections_path, tmp_path):
    return Playbook(glpi_server, collections_path, tmp_path)


class Counters:
    """Request counters of the emulator between two points of a test."""

    def __init__(self, server):
        self.server = server

    def reset(self):
        self.server.reset_stats()

    def read(self):
        return self.server.stats()


@pytest.fixture
def counters(glpi_server):
    if not glpi_server.is_emulator:
        pytest.skip("request counters exist only on the emulator")
    return Counters(glpi_server)
