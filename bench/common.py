"""Shared by the benchmarks: start the emulator, talk to its control endpoints,
run ansible-playbook against it. Everything stays on 127.0.0.1 and stops by itself."""

import json
import os
import subprocess
import sys
import tempfile
import time

import requests

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP_TOKEN = "glpi-emulator-demo-app-token"
USER_TOKEN = "glpi-emulator-demo-user-token"
OAUTH = ("glpi-emulator-demo-oauth-client", "glpi-emulator-demo-oauth-secret", "glpi", "glpi")
# An emulator in GLPI 11.0 mode: both APIs on one database (--api v2 of the benchmarks).
GLPI11_ARGS = ["--glpi-version", "11.0", "--oauth-client-id", OAUTH[0], "--oauth-client-secret", OAUTH[1]]


def connection(api, server_url, tokens=(APP_TOKEN, USER_TOKEN), oauth=OAUTH):
    """The module_defaults of group/glpi.glpi.glpi for ``api`` (v1: tokens; v2: OAuth2 password grant)."""
    if api == "v1":
        return {"url": server_url + "/apirest.php", "api_version": "v1", "app_token": tokens[0], "user_token": tokens[1]}
    return {"url": server_url, "api_version": "v2", "client_id": oauth[0], "client_secret": oauth[1],
            "username": oauth[2], "password": oauth[3]}


def oauth_from_env():
    """(client id, secret, username, password) of a real GLPI 11 from GLPI_CLIENT_ID, ... (env.sh)."""
    return (os.environ["GLPI_CLIENT_ID"], os.environ["GLPI_CLIENT_SECRET"], os.environ.get("GLPI_USERNAME", "glpi"),
            os.environ.get("GLPI_PASSWORD", "glpi"))


class Emulator:
    """An emulator process on a free port with a throw-away database."""

    def __init__(self, db=":memory:", extra_args=()):
        env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "tests", "emulator"))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "glpi_emulator", "--host", "127.0.0.1", "--port", "0", "--db", db] + list(extra_args),
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True)
        line = self.proc.stdout.readline()
        if "ready:" not in line:
            self.stop()
            raise RuntimeError("emulator did not start: %r" % line)
        self.base_url = line.split("ready:", 1)[1].strip()
        self.server_url = self.base_url.rsplit("/apirest.php", 1)[0]
        self.http = requests.Session()
        self.http.trust_env = False

    def control(self, method, path, payload=None):
        answer = self.http.request(method, self.server_url + "/_emulator/" + path, json=payload, timeout=30)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def stats(self):
        return self.control("GET", "stats")

    def reset_stats(self):
        self.control("POST", "stats/reset")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Api:
    """A minimal raw client (requests, one session) used to seed data and as a baseline."""

    def __init__(self, base_url, app_token=APP_TOKEN, user_token=USER_TOKEN):
        self.base_url = base_url
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.headers["App-Token"] = app_token
        answer = self.http.get(base_url + "/initSession", headers={"Authorization": "user_token " + user_token})
        answer.raise_for_status()
        self.http.headers["Session-Token"] = answer.json()["session_token"]

    def get(self, path, **params):
        answer = self.http.get(self.base_url + "/" + path, params=params, timeout=60)
        answer.raise_for_status()
        return answer

    def post(self, path, payload):
        answer = self.http.post(self.base_url + "/" + path, json={"input": payload}, timeout=120)
        if answer.status_code not in (200, 201):
            raise RuntimeError("%s -> %s %s" % (path, answer.status_code, answer.text[:300]))
        return answer.json()


def rest_session(base_url, app_token, user_token):
    """A requests session with a legacy API session open: set-up and clean-up straight to the server."""
    http = requests.Session()
    http.trust_env = False
    http.headers["App-Token"] = app_token
    answer = http.get(base_url + "/initSession", headers={"Authorization": "user_token " + user_token}, timeout=60)
    answer.raise_for_status()
    http.headers["Session-Token"] = answer.json()["session_token"]
    return http


class Rest:
    """Bulk creates and purges, straight to the server (not counted)."""

    def __init__(self, base_url, app_token, user_token, chunk):
        self.base_url, self.chunk = base_url, chunk
        self.http = rest_session(base_url, app_token, user_token)

    def add(self, names):
        ids = []
        for start in range(0, len(names), self.chunk):
            answer = self.http.post(self.base_url + "/Computer", timeout=600,
                                    json={"input": [{"name": name} for name in names[start:start + self.chunk]]})
            answer.raise_for_status()
            ids += [row["id"] for row in answer.json()]
        return ids

    def purge(self, ids):
        for start in range(0, len(ids), 50):   # a loaded GLPI 10.0 answers 504 to 250 purges at once
            answer = self.http.delete(self.base_url + "/Computer", timeout=600, params={"force_purge": "true"},
                                      json={"input": [{"id": ident} for ident in ids[start:start + 50]]})
            answer.raise_for_status()


def seed_computers(api, count, with_network=True, chunk=1000):
    """The benchmarks' data set, created with bulk adds: ``count`` computers named
    bench-00000.. with a serial, a manufacturer, a model, a location and a state each,
    plus (``with_network``) a network port holding an IPv4 address.
    Returns (computer ids, {itemtype: [dropdown ids]})."""
    refs = {}
    for itemtype, names in (("Manufacturer", ["Dell", "HP", "Lenovo"]), ("ComputerModel", ["M1", "M2", "M3"]),
                            ("Location", ["Paris", "Lyon", "Nantes"]), ("State", ["Production", "Stock"])):
        refs[itemtype] = [row["id"] for row in api.post(itemtype, [{"name": n} for n in names])]
    ids = []
    for start in range(0, count, chunk):
        batch = [{"name": "bench-%05d" % n, "serial": "SN%05d" % n,
                  "manufacturers_id": refs["Manufacturer"][n % 3], "computermodels_id": refs["ComputerModel"][n % 3],
                  "locations_id": refs["Location"][n % 3], "states_id": refs["State"][n % 2]}
                 for n in range(start, min(count, start + chunk))]
        ids += [row["id"] for row in api.post("Computer", batch)]
    if not with_network:
        return ids, refs
    for start in range(0, len(ids), chunk):
        ports = api.post("NetworkPort", [{"itemtype": "Computer", "items_id": ident, "name": "eth0",
                                          "instantiation_type": "NetworkPortEthernet", "logical_number": 1}
                                         for ident in ids[start:start + chunk]])
        names = api.post("NetworkName", [{"itemtype": "NetworkPort", "items_id": port["id"], "name": "nic"}
                                         for port in ports])
        api.post("IPAddress", [{"itemtype": "NetworkName", "items_id": name["id"],
                                "name": "10.%d.%d.%d" % (n // 65536 % 256, n // 256 % 256, n % 256)}
                               for n, name in enumerate(names, start)])
    return ids, refs


class RealGlpi:
    """A real GLPI named by GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN, used like Emulator (nothing
    to start or stop). None when GLPI_URL is not set."""

    @classmethod
    def from_env(cls):
        url = os.environ.get("GLPI_URL")
        return cls(url, os.environ["GLPI_APP_TOKEN"], os.environ["GLPI_USER_TOKEN"]) if url else None

    def __init__(self, url, app_token, user_token):
        url = url.rstrip("/")
        self.server_url = url[:-len("/apirest.php")] if url.endswith("/apirest.php") else url
        self.base_url = self.server_url + "/apirest.php"
        self.tokens = (app_token, user_token)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def collections_dir():
    root = tempfile.mkdtemp(prefix="glpi-bench-collections-")
    os.makedirs(os.path.join(root, "ansible_collections", "glpi"))
    os.symlink(REPO, os.path.join(root, "ansible_collections", "glpi", "glpi"))
    return root


def run_playbook(path, collections, extra_env=None):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    env.update(extra_env or {})
    started = time.perf_counter()
    proc = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
         "-e", "ansible_python_interpreter=%s" % sys.executable, path],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=1800, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError("playbook failed:\n" + proc.stdout[-4000:])
    return elapsed


def report(title, rows):
    print("\n## %s\n" % title)
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[key]) for key in keys) + " |")
    print()
    print(json.dumps(rows))
