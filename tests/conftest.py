# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures for every suite under tests/.

Fixtures
--------
``emulator_factory`` (session scope)
    A callable that starts a *new* GLPI emulator process
    (``python -m glpi_emulator`` with ``PYTHONPATH=tests/emulator``) on a free port of
    127.0.0.1 and returns an :class:`EmulatorServer` handle once the emulator printed its
    ready line.  Every process it started is terminated at the end of the session (or
    earlier with ``handle.stop()``); it never touches any other process.

``glpi_server`` (session scope)
    The server the integration tests talk to: a real GLPI when ``GLPI_URL``,
    ``GLPI_APP_TOKEN`` and ``GLPI_USER_TOKEN`` are set (``GLPI_TECH_TOKEN`` optional),
    otherwise one emulator shared by the whole session.  Both handles expose
    ``base_url``, ``server_url``, ``app_token``, ``user_token``, ``tech_token`` and
    ``is_emulator``.  The control helpers (``stats()``, ``reset_stats()``, ``reset()``,
    ``faults(**kw)``, ``clear_faults()``, ``expire_sessions()``) only exist on the
    emulator: on a real GLPI they *skip* the calling test with a clear reason.  Prefer
    tests that work on both: tests/integration sees this server through a counting proxy
    (tests/counting_proxy.py) and counts requests with its ``counters`` fixture, on any
    server, rather than with ``stats()``.

Only the standard library and ``requests`` are used here, so that collecting any suite
works without ansible installed.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
EMULATOR_DIR = TESTS_DIR / "emulator"

# Directories that hold no tests for this pytest run (relative to this file).
# tests/output: ansible-test scratch space; tests/emulator: the emulator package
# (it may ship its own test helpers that are not part of this suite).
collect_ignore = ["output", "emulator"]


def _make_collection_importable():
    """Lets plain ``python -m pytest`` import ``ansible_collections.glpi.glpi`` from this checkout.

    scripts/lib.sh does the same through PYTHONPATH; when that was not done (the import
    fails), a symlink ``<tmp>/ansible_collections/glpi/glpi -> repo root`` is put on
    sys.path for this run (outside the repo, removed at exit).  Nothing happens when the
    collection is already importable (installed, or PYTHONPATH set by scripts/test).
    """
    import importlib.util

    if not (REPO_ROOT / "galaxy.yml").is_file():
        return
    try:
        if importlib.util.find_spec("ansible_collections.glpi.glpi") is not None:
            return
    except ImportError:
        pass
    import atexit
    import shutil

    base = tempfile.mkdtemp(prefix="glpi-pytest-collections-")
    atexit.register(shutil.rmtree, base, True)
    os.makedirs(os.path.join(base, "ansible_collections", "glpi"))
    os.symlink(str(REPO_ROOT), os.path.join(base, "ansible_collections", "glpi", "glpi"))
    sys.path.insert(0, base)
    importlib.invalidate_caches()


_make_collection_importable()

# Fixed demo credentials of the emulator (documented in docs/LAYOUT*.md; not secrets).
EMULATOR_APP_TOKEN = "glpi-emulator-demo-app-token"
EMULATOR_USER_TOKEN = "glpi-emulator-demo-user-token"
EMULATOR_TECH_TOKEN = "glpi-emulator-demo-tech-token"
# The emulator's OAuth2 client of GLPI 11's v2 API: fixed demo credentials, like the demo tokens
# (tests/emulator/README.md). Its users keep their fresh-install passwords (glpi/glpi).
EMULATOR_OAUTH_CLIENT_ID = "glpi-emulator-demo-oauth-client"
EMULATOR_OAUTH_CLIENT_SECRET = "glpi-emulator-demo-oauth-secret"
V2_SKIP_REASON = (
    "no v2 credentials: set GLPI_CLIENT_ID and GLPI_CLIENT_SECRET (an OAuth client of GLPI 11, with "
    "GLPI_USERNAME/GLPI_PASSWORD for its password grant) to run the v2 tests against the GLPI that GLPI_URL names"
)

READY_RE = re.compile(r"GLPI emulator ready: (?P<url>https?://\S+?/apirest\.php)\s*$")
START_TIMEOUT = float(os.environ.get("GLPI_EMULATOR_START_TIMEOUT", "20"))

REAL_GLPI_SKIP_REASON = (
    "needs the emulator control endpoints (/_emulator/...): not available on a real GLPI "
    "server (GLPI_URL is set)"
)


def emulator_available():
    """True when the emulator package exists in tests/emulator/."""
    return (EMULATOR_DIR / "glpi_emulator" / "__main__.py").is_file() or (
        EMULATOR_DIR / "glpi_emulator" / "__init__.py"
    ).is_file()


class _ServerBase(object):
    """What every server handle has in common."""

    is_emulator = False
    base_url = ""
    server_url = ""
    app_token = None
    user_token = None
    tech_token = None

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.base_url)

    def api_client(self):
        """The collection's own client on this server (no session cache), for tests that
        seed or check data directly. Imported here: the fidelity suite runs without ansible."""
        from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
        return GlpiClient({"url": self.base_url, "app_token": self.app_token, "user_token": self.user_token,
                           "session_cache": False})


class RealGlpiServer(_ServerBase):
    """A real GLPI described by environment variables; no control helpers."""

    is_emulator = False

    def __init__(self, url, app_token, user_token, tech_token=None):
        url = url.rstrip("/")
        if not url.endswith("/apirest.php"):
            url += "/apirest.php"
        self.base_url = url
        self.server_url = url[: -len("/apirest.php")]
        self.app_token = app_token
        self.user_token = user_token
        self.tech_token = tech_token

    def _unavailable(self, *args, **kwargs):
        pytest.skip(REAL_GLPI_SKIP_REASON)

    stats = reset_stats = reset = faults = clear_faults = expire_sessions = _unavailable


class EmulatorServer(_ServerBase):
    """Handle on one emulator process started by :func:`start_emulator`."""

    is_emulator = True

    def __init__(self, proc, base_url, stderr_path, stdout_lines, db,
                 app_token=EMULATOR_APP_TOKEN, user_token=EMULATOR_USER_TOKEN,
                 tech_token=EMULATOR_TECH_TOKEN):
        self.proc = proc
        self.pid = proc.pid
        self.base_url = base_url
        self.server_url = base_url[: -len("/apirest.php")]
        self.stderr_path = stderr_path
        self._stdout_lines = stdout_lines
        self.db = db
        self.app_token = app_token
        self.user_token = user_token
        self.tech_token = tech_token
        self._http = requests.Session()
        self._http.trust_env = False

    # -- control endpoints -------------------------------------------------------------
    def _control(self, method, path, payload=None):
        url = self.server_url + "/_emulator/" + path
        resp = self._http.request(method, url, json=payload, timeout=30)
        if resp.status_code >= 400:
            raise AssertionError(
                "emulator control %s %s answered %s: %s"
                % (method, url, resp.status_code, resp.text[:500])
            )
        if not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            return resp.text

    def stats(self):
        """``GET /_emulator/stats``: request counters (see the layout contract)."""
        return self._control("GET", "stats")

    def reset_stats(self):
        return self._control("POST", "stats/reset")

    def reset(self):
        """Database back to a fresh install, sessions dropped, counters zero."""
        return self._control("POST", "reset")

    def faults(self, **kwargs):
        """``POST /_emulator/faults`` with the keyword arguments as JSON body, e.g.
        ``faults(latency_ms=50)`` or
        ``faults(fail_next={"count": 1, "status": 503, "methods": ["POST"]})``."""
        return self._control("POST", "faults", kwargs)

    def clear_faults(self):
        return self._control("DELETE", "faults")

    def expire_sessions(self):
        return self._control("POST", "expire_sessions")

    # -- process -----------------------------------------------------------------------
    def stderr_text(self, limit=20000):
        try:
            with open(self.stderr_path, "r", encoding="utf-8", errors="replace") as handle:
                data = handle.read()
        except OSError:
            return ""
        return data[-limit:]

    def is_running(self):
        return self.proc.poll() is None

    def stop(self, timeout=10):
        """Terminate exactly the process this handle started (idempotent)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout)
        self._http.close()
        if self.proc.stdout is not None:
            try:
                self.proc.stdout.close()
            except OSError:
                pass


def _pump_stdout(stream, ready_queue, lines):
    """Reads the emulator's stdout for its whole life (so the pipe never fills up)."""
    announced = False
    try:
        for line in iter(stream.readline, ""):
            if len(lines) < 2000:
                lines.append(line.rstrip("\n"))
            if not announced:
                match = READY_RE.search(line.strip())
                if match:
                    announced = True
                    ready_queue.put(match.group("url"))
    except (OSError, ValueError):
        pass
    finally:
        if not announced:
            ready_queue.put(None)


def start_emulator(db=":memory:", app_token=None, user_token=None, extra_args=(),
                   timeout=START_TIMEOUT, workdir=None):
    """Starts one emulator and waits for its ready line; returns an EmulatorServer.

    ``db`` is a sqlite path (created fresh by the emulator if missing) or ``:memory:``.
    On failure the emulator's stderr is part of the error message.
    """
    if not emulator_available():
        pytest.skip("GLPI emulator package not found in %s" % EMULATOR_DIR)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(EMULATOR_DIR)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    env["PYTHONUNBUFFERED"] = "1"
    cmd = [sys.executable, "-u", "-m", "glpi_emulator", "--host", "127.0.0.1",
           "--port", "0", "--db", str(db)]
    if app_token:
        cmd += ["--app-token", app_token]
    if user_token:
        cmd += ["--user-token", user_token]
    cmd += ["--oauth-client-id", EMULATOR_OAUTH_CLIENT_ID, "--oauth-client-secret", EMULATOR_OAUTH_CLIENT_SECRET]
    cmd += [str(arg) for arg in extra_args]

    stderr_fd, stderr_path = tempfile.mkstemp(prefix="glpi-emulator-", suffix=".stderr",
                                              dir=workdir)
    with os.fdopen(stderr_fd, "w") as stderr_file:
        proc = subprocess.Popen(
            cmd, cwd=str(REPO_ROOT), env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=stderr_file, text=True, bufsize=1,
        )
    ready_queue = queue.Queue()
    lines = []
    threading.Thread(target=_pump_stdout, args=(proc.stdout, ready_queue, lines),
                     name="glpi-emulator-stdout-%d" % proc.pid, daemon=True).start()

    url = None
    deadline = time.monotonic() + timeout
    while True:
        try:
            url = ready_queue.get(timeout=0.1)
            break
        except queue.Empty:
            pass
        if time.monotonic() > deadline:
            break
    handle = EmulatorServer(proc, url or "http://127.0.0.1:0/apirest.php", stderr_path,
                            lines, db,
                            app_token=app_token or EMULATOR_APP_TOKEN,
                            user_token=user_token or EMULATOR_USER_TOKEN)
    if url is None:
        exited = proc.poll()
        handle.stop()
        reason = ("exited with code %s" % exited) if exited is not None else (
            "printed no ready line within %.0f s" % timeout)
        pytest.fail(
            "GLPI emulator %s.\ncommand: %s\nstdout:\n%s\nstderr:\n%s"
            % (reason, " ".join(cmd), "\n".join(lines[-50:]), handle.stderr_text(8000)),
            pytrace=False,
        )
    return handle


@pytest.fixture(scope="session")
def emulator_factory(tmp_path_factory):
    """Callable ``factory(db=None, app_token=None, user_token=None, extra_args=())``.

    ``db=None`` gives a fresh sqlite file in a temporary directory; ``db=":memory:"``
    an in-memory database.  Returns an :class:`EmulatorServer`.  All emulators started
    through the factory are stopped at the end of the test session.
    """
    started = []
    workdir = tmp_path_factory.mktemp("emulators")

    def factory(db=None, app_token=None, user_token=None, extra_args=()):
        if db is None:
            db = str(workdir / ("glpi-%d.sqlite" % len(started)))
        handle = start_emulator(db=db, app_token=app_token, user_token=user_token,
                                extra_args=extra_args, workdir=str(workdir))
        started.append(handle)
        return handle

    yield factory
    for handle in started:
        handle.stop()


def real_glpi_from_env():
    """A RealGlpiServer when GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN are set, else None."""
    url = os.environ.get("GLPI_URL")
    app_token = os.environ.get("GLPI_APP_TOKEN")
    user_token = os.environ.get("GLPI_USER_TOKEN")
    if url and app_token and user_token:
        return RealGlpiServer(url, app_token, user_token, os.environ.get("GLPI_TECH_TOKEN"))
    return None


@pytest.fixture(scope="session")
def glpi_server(emulator_factory):
    """The shared server for the suites: a real GLPI (from GLPI_* env) or one emulator."""
    real = real_glpi_from_env()
    if real is not None:
        return real
    return emulator_factory()


@pytest.fixture(scope="session")
def real_glpi():
    """The real GLPI described by GLPI_URL/GLPI_APP_TOKEN/GLPI_USER_TOKEN, or None."""
    return real_glpi_from_env()


@pytest.fixture
def emulator_only(glpi_server):
    """Use in tests that need the emulator control endpoints: skips on a real GLPI."""
    if not glpi_server.is_emulator:
        pytest.skip(REAL_GLPI_SKIP_REASON)
    return glpi_server


class HlapiTarget(object):
    """A GLPI 11 that speaks both APIs on one database: ``v1`` (legacy tokens, None when the real
    GLPI has none) and ``v2`` (OAuth2 client + password grant) connection options for the modules."""

    def __init__(self, legacy, url, client_id, client_secret, username, password):
        self.legacy = legacy
        self.url = url
        self.client_id = client_id
        self.client_secret = client_secret
        self.username = username
        self.password = password

    def connection(self, api):
        if api == "v2":
            return {"url": self.url, "api_version": "v2", "client_id": self.client_id,
                    "client_secret": self.client_secret, "username": self.username, "password": self.password}
        if self.legacy is None:
            pytest.skip("no legacy tokens (GLPI_APP_TOKEN/GLPI_USER_TOKEN) for the v1 side of this test")
        return {"url": self.legacy.base_url, "app_token": self.legacy.app_token, "user_token": self.legacy.user_token}


@pytest.fixture(scope="session")
def hlapi_server(emulator_factory):
    """GLPI 11 for the v2 tests: the real one GLPI_URL names when GLPI_CLIENT_ID/GLPI_CLIENT_SECRET are
    set (skipped, with V2_SKIP_REASON, when they are not), else an emulator in 11.0 mode."""
    if os.environ.get("GLPI_URL"):
        client_id, secret = os.environ.get("GLPI_CLIENT_ID"), os.environ.get("GLPI_CLIENT_SECRET")
        if not (client_id and secret):
            pytest.skip(V2_SKIP_REASON)
        url = RealGlpiServer(os.environ["GLPI_URL"], None, None).server_url
        return HlapiTarget(real_glpi_from_env(), url, client_id, secret, os.environ.get("GLPI_USERNAME", "glpi"),
                           os.environ.get("GLPI_PASSWORD", "glpi"))
    emulator = emulator_factory(extra_args=["--glpi-version", "11.0"])
    return HlapiTarget(emulator, emulator.server_url, EMULATOR_OAUTH_CLIENT_ID, EMULATOR_OAUTH_CLIENT_SECRET,
                       "glpi", "glpi")
