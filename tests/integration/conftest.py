"""Run glpi.glpi tasks through ansible-playbook against ``glpi_server``.

The same tests run against the emulator and, with GLPI_URL, GLPI_APP_TOKEN and
GLPI_USER_TOKEN set, against a real GLPI. Here ``glpi_server`` is that server seen
through a counting proxy (tests/counting_proxy.py): every request of the suite goes
through it, and tests read the request counts with the ``counters`` fixture on any
server.
"""

import json
import os
import subprocess
import sys
import uuid

import pytest
import yaml

import fillers
from counting_proxy import CountingProxy

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# With GLPI_TEST_DISPOSABLE=1 the big seeds of the other tests are left in the table (fillers.py):
# the request counts on a table of 1,000 then of 10,000 rows run first, on a table that holds
# only their own fillers.
RUN_FIRST = "test_narrow_reads.py"


def pytest_collection_modifyitems(items):
    """On a disposable server, RUN_FIRST's tests first (a stable sort: the rest keep their order)."""
    if fillers.disposable():
        items.sort(key=lambda item: item.path.name != RUN_FIRST)


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
        # v2 credentials of a real GLPI 11 (scripts/real_glpi.sh exports them): tasks pick their API from
        # their own connection (tests/integration/test_api_v2.py gives v2 explicitly).
        for name in ("GLPI_CLIENT_ID", "GLPI_CLIENT_SECRET", "GLPI_API_VERSION", "GLPI_SCOPE"):
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


@pytest.fixture
def run_on(hlapi_server, playbook):
    """``run_on(api, tasks, **kwargs)``: the tasks over GLPI 11's legacy API ("v1") or its v2 API ("v2")
    of the v2 test server (tests/conftest.py hlapi_server)."""
    def run(api, tasks, **kwargs):
        return playbook.run(tasks, connection=hlapi_server.connection(api), **kwargs)
    return run


@pytest.fixture(scope="module")
def module_playbook(glpi_server, collections_path, tmp_path_factory):
    """A Playbook for module-scoped fixtures: one run whose results several tests check."""
    return Playbook(glpi_server, collections_path, tmp_path_factory.mktemp("playbook"))


class ProxiedServer:
    """A server handle whose URLs lead through ``proxy``; the emulator's control helpers
    (``faults()``, ``reset()``, ...) still go to the emulator directly."""

    def __init__(self, server, proxy):
        self.upstream = server
        self.proxy = proxy
        self.is_emulator = server.is_emulator
        self.server_url = proxy.url
        self.base_url = proxy.url + "/apirest.php"
        self.app_token = server.app_token
        self.user_token = server.user_token
        self.tech_token = server.tech_token

    def __getattr__(self, name):
        return getattr(self.upstream, name)

    def __repr__(self):
        return "<ProxiedServer %s -> %r>" % (self.base_url, self.upstream)

    def api_client(self):
        """The collection's client, through the proxy (the upstream handle's method on these URLs)."""
        return type(self.upstream).api_client(self)


@pytest.fixture(scope="session")
def glpi_server(glpi_server):  # pylint: disable=redefined-outer-name
    """The suite's server (emulator or real GLPI, see tests/conftest.py) behind a counting proxy."""
    proxy = CountingProxy(glpi_server.server_url).start()
    yield ProxiedServer(glpi_server, proxy)
    proxy.stop()


@pytest.fixture
def counters(glpi_server):
    """The proxy's request counts: ``counters.reset()``, then ``counters.read()`` (see
    tests/counting_proxy.py for their shape)."""
    return glpi_server.proxy


@pytest.fixture
def api(glpi_server):
    """The collection's client on the suite's server (through the proxy), closed after the test."""
    client = glpi_server.api_client()
    yield client
    client.close()
