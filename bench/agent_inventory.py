"""glpi.glpi.glpi_agent_inventory at scale: N hosts' facts (default 500) submitted by ONE task
(``hosts:``), a first run (every computer created) then the same facts again (unchanged re-run).

The facts are the builder's recorded Linux, Windows and macOS hosts
(tests/unit/fixtures/agent_inventory/*.json) in turn, each made unique: host name, fqdn, serial,
product uuid, machine id, IPv4 addresses and MAC addresses. They reach the task the way gathered
facts do: a jsonfile fact cache written by the bench (``ANSIBLE_CACHE_PLUGIN=jsonfile``) for an
inventory of N hosts, read by the task as ``hostvars[host].ansible_facts``.

Requests are counted by the test suite's counting proxy in front of the server (the legacy API
and, added here, ``POST front/inventory.php``), by kind. Times: the playbook (ansible-playbook's
start, the fact cache and the task) and the task alone (``now()`` before and after it).

Server: the emulator (``--glpi-version 10.0|11.0``, started and stopped here), or a real GLPI
with ``--real`` and GLPI_URL, GLPI_APP_TOKEN, GLPI_USER_TOKEN (real-glpi/env.sh); there the
computers and agents made are purged at the end (``--keep`` leaves them). Every playbook has a
time limit (``--timeout``, seconds): the bench stops by itself.

Usage: python bench/agent_inventory.py [--hosts 500] [--parallel 8] [--glpi-version 10.0|11.0]
                                       [--real] [--keep] [--timeout 900]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
import counting_proxy  # noqa: E402
from common import GLPI11_ARGS, REPO, Emulator, RealGlpi, collections_dir, report, rest_session  # noqa: E402

FIXTURES = os.path.join(REPO, "tests", "unit", "fixtures", "agent_inventory")
KINDS = ("linux", "windows", "macos")
INVENTORY_PATH = "/front/inventory.php"
MAC_RE = re.compile(r"\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b")
NAMESPACE = uuid.UUID("0b7c9a56-7d1e-4c35-9b1e-5c8f3e2a9d40")
_api_key = counting_proxy.endpoint_key


def endpoint_key(method, path):
    """The proxy's request kinds, plus the native inventory endpoint (outside the APIs it counts)."""
    if path.split("?", 1)[0].endswith(INVENTORY_PATH):
        return "%s front/inventory.php" % method, "inventory"
    return _api_key(method, path)


counting_proxy.endpoint_key = endpoint_key


def load_fixtures():
    fixtures = {}
    for kind in KINDS:
        with open(os.path.join(FIXTURES, kind + ".json")) as handle:
            fixtures[kind] = handle.read()
    return fixtures


def _ipv4_addresses(facts):
    found = list(facts.get("all_ipv4_addresses") or [])
    found += [a for a in facts.get("ip_addresses") or [] if re.match(r"^\d+\.\d+\.\d+\.\d+$", a)]
    return sorted(set(a for a in found if not a.startswith("127.")))


def host_facts(text, index, tag):
    """One host's ansible_facts: a fixture's JSON made unique for host ``index`` of run ``tag``."""
    facts = json.loads(text)
    macs = {}

    def new_mac(match):
        original = match.group(0)
        number = macs.setdefault(original.lower(), len(macs))
        octets = (number, (index >> 16) & 255, (index >> 8) & 255, index & 255, int(tag[:2], 16))
        mac = "02:%02x:%02x:%02x:%02x:%02x" % octets
        return mac.upper() if original.isupper() else mac
    for position, address in enumerate(_ipv4_addresses(facts)):
        text = re.sub(r"(?<![\d.])%s(?![\d])" % re.escape(address),
                      "10.%d.%d.%d" % (100 + position, (index >> 8) & 255, index & 255), text)
    facts = json.loads(MAC_RE.sub(new_mac, text))
    name = "bench-%s-%04d" % (tag, index)
    domain = facts.get("fqdn", "").partition(".")[2] or "example.test"
    facts.update(hostname=name, fqdn="%s.%s" % (name, domain), nodename=name)
    if "netbios_name" in facts:
        facts["netbios_name"] = ("B%s%04d" % (tag[:6], index)).upper()
    host_uuid = uuid.uuid5(NAMESPACE, "%s-%d" % (tag, index))
    if "product_serial" in facts:
        facts["product_serial"] = "BENCH-%s-%04d" % (tag, index)
    if "product_uuid" in facts:
        facts["product_uuid"] = str(host_uuid)
    if "machine_id" in facts:
        facts["machine_id"] = host_uuid.hex if not facts["machine_id"].startswith("S-1-") else "S-1-5-21-%d-%s" % (
            index, tag)
    return name, facts


def write_hosts(workdir, count, tag):
    """The inventory (group ``bench``) and the jsonfile fact cache of ``count`` hosts."""
    fixtures = load_fixtures()
    cache = os.path.join(workdir, "facts")
    os.makedirs(cache)
    # Written through ansible's own cache plugin (its file format carries a schema id that changes).
    os.environ.update(cache_env(cache))
    from ansible import constants
    from ansible.plugins.loader import cache_loader
    plugin = cache_loader.get(constants.CACHE_PLUGIN)
    names = []
    for index in range(count):
        name, facts = host_facts(fixtures[KINDS[index % len(KINDS)]], index, tag)
        names.append(name)
        # As the setup module leaves them in the cache: ansible_ prefixed (hostvars' ansible_facts drops it).
        plugin.set(name, dict(("ansible_" + key, value) for key, value in facts.items()))
    inventory = os.path.join(workdir, "hosts.yml")
    with open(inventory, "w") as handle:
        yaml.safe_dump({"bench": {"hosts": dict((name, {"ansible_connection": "local"}) for name in names)}}, handle)
    return inventory, cache


def write_playbook(workdir, server_url, tokens, parallel):
    out = os.path.join(workdir, "result.json")
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "module_defaults": {"group/glpi.glpi.glpi": {"url": server_url + "/apirest.php", "app_token": tokens[0],
                                                     "user_token": tokens[1], "timeout": 120}},
        "tasks": [
            {"ansible.builtin.set_fact": {"started": "{{ now().timestamp() }}"}},
            {"glpi.glpi.glpi_agent_inventory": {"hosts": "{{ groups['bench'] }}", "parallel": parallel},
             "register": "sent", "ignore_errors": True},
            {"ansible.builtin.set_fact": {"ended": "{{ now().timestamp() }}"}},
            {"ansible.builtin.copy": {"dest": out, "mode": "0600", "content": "{{ {'seconds': ended | float - started"
                                      " | float, 'counts': sent.counts | default({}), 'msg': sent.msg | default(''),"
                                      " 'computers': sent.results | default([]) | map(attribute='computer_id') | "
                                      "select | list} | to_json }}"}},
        ],
    }]
    path = os.path.join(workdir, "agent_inventory.yml")
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path, out


def cache_env(cache):
    return dict(ANSIBLE_CACHE_PLUGIN="jsonfile", ANSIBLE_CACHE_PLUGIN_CONNECTION=cache, ANSIBLE_CACHE_PLUGIN_TIMEOUT="0")


def run_playbook(path, inventory, cache, collections, timeout):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="0",
               **cache_env(cache))
    started = time.perf_counter()
    proc = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory,
         "-e", "ansible_python_interpreter=%s" % sys.executable, path],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError("playbook failed:\n" + proc.stdout[-4000:])
    return time.perf_counter() - started


def kinds_of(stats):
    """Requests by kind: {"GET Agent": n, "GET Computer/:id": n, ...}, sessions apart."""
    return dict(sorted(stats["by_endpoint"].items()))


def measure(args, server, tag):
    workdir = tempfile.mkdtemp(prefix="glpi-bench-agent-")
    collections = collections_dir()
    proxy = counting_proxy.CountingProxy(server.server_url).start()
    rows, computers = [], set()
    try:
        inventory, cache = write_hosts(workdir, args.hosts, tag)
        path, out = write_playbook(workdir, proxy.url, server.tokens, args.parallel)
        for run in ("first", "unchanged re-run"):
            proxy.reset()
            seconds = run_playbook(path, inventory, cache, collections, args.timeout)
            stats = proxy.read()
            with open(out) as handle:
                result = json.load(handle)
            computers.update(result["computers"])
            counts = result["counts"]
            if counts.get("failed"):
                print("failures: %s" % result["msg"][:2000], file=sys.stderr)
            rows.append({"run": run, "hosts": args.hosts, "parallel": args.parallel,
                         "outcome": ", ".join("%s %d" % (key, value) for key, value in sorted(counts.items()) if value),
                         "requests": stats["total"], "per host": round(stats["total"] / float(args.hosts), 2),
                         "by kind": "; ".join("%s %d" % item for item in kinds_of(stats).items()),
                         "task s": round(result["seconds"], 1),
                         "task s/host": round(result["seconds"] / args.hosts, 3),
                         "playbook s": round(seconds, 1)})
    finally:
        proxy.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(collections, ignore_errors=True)
    return rows, computers


def purge(server, computers, tag):
    """The computers (and their agents) a run on a real GLPI made."""
    http = rest_session(server.base_url, *server.tokens)
    agents = [row["id"] for row in http.get(server.base_url + "/Agent", params={"range": "0-9999"}, timeout=600).json()
              if isinstance(row, dict) and "bench-%s-" % tag in (row.get("deviceid") or "") + (row.get("name") or "")]
    for itemtype, ids in (("Agent", agents), ("Computer", sorted(computers))):
        for start in range(0, len(ids), 50):
            http.delete(server.base_url + "/" + itemtype, params={"force_purge": "true"}, timeout=600,
                        json={"input": [{"id": ident} for ident in ids[start:start + 50]]})
    http.get(server.base_url + "/killSession", timeout=60)


def enable_inventory(server):
    http = rest_session(server.base_url, *server.tokens)
    http.put(server.base_url + "/Config/1", json={"input": {"config_context": "inventory", "enabled_inventory": 1}},
             timeout=60)
    http.get(server.base_url + "/killSession", timeout=60)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--glpi-version", choices=["10.0", "11.0"], default="10.0", help="the emulator's mode")
    parser.add_argument("--real", action="store_true", help="GLPI_URL, GLPI_APP_TOKEN, GLPI_USER_TOKEN's GLPI")
    parser.add_argument("--keep", action="store_true", help="a real GLPI: leave the computers in place")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per playbook")
    return parser.parse_args()


def main():
    args = arguments()
    tag = uuid.uuid4().hex[:8]
    if args.real:
        server = RealGlpi.from_env()
        if server is None:
            sys.exit("--real needs GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN")
        where = "real GLPI at %s" % server.server_url
    else:
        server = Emulator(extra_args=GLPI11_ARGS if args.glpi_version == "11.0" else ())
        server.tokens = ("glpi-emulator-demo-app-token", "glpi-emulator-demo-user-token")
        where = "emulator in %s mode" % args.glpi_version
    computers = set()
    try:
        enable_inventory(server)
        rows, computers = measure(args, server, tag)
    finally:
        if args.real and not args.keep and computers:
            purge(server, computers, tag)
        if not args.real:
            server.stop()
    report("glpi_agent_inventory: %d hosts in one task (parallel %d), %s" % (args.hosts, args.parallel, where), rows)


if __name__ == "__main__":
    main()
