"""Inventory plugin at scale: N computers (default 10,000 and 50,000) in the emulator, each with
a network port + IP address, a location and a state (seeded like bench/emulator.py).

For each N it measures `ansible-inventory -i bench.glpi.yml --list`:
- requests to GLPI (emulator counters) against ceil(N / page_size) + a constant;
- wall time against a plain script that fetches the same search pages with requests
  (same forcedisplay, same page size, one after another) and does nothing else;
- peak RSS of the ansible-inventory process (os.wait4 rusage);
- ansible-core's own floor: `ansible-inventory --list` of the same hosts, vars and groups
  read from a static file, to tell the plugin's cost from ansible-core's.
Targets: requests = ceil(N/page) + small constant, wall time within 1.5x of the plain
fetch, peak RSS < 300 MB at 10,000, time linear in N.

Usage: python bench/inventory.py [--api v1] [--api v2] [--real] [N ...]        (default: v1; 10000 50000)
With --api v2 (GLPI 11's high-level API, OAuth2 password grant) the emulator runs in 11.0 mode
(both APIs on one database), and the plain fetch is the same v2 listing pages (start/limit,
sort=id:asc) with requests. Over v2 the plugin reads no network addresses nor operating system
(GLPI 11.0's v2 schemas lack them): its hosts carry fewer vars, and it reads the complete names of
the locations and states in use (one request each). With both, each N is seeded once and measured
over v1, then v2, on the same emulator.
Everything runs on 127.0.0.1 and stops by itself (emulator killed at the end of each N).
"""

import argparse

import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (APP_TOKEN, GLPI11_ARGS, OAUTH, USER_TOKEN, Api, Emulator, RealGlpi, collections_dir, connection,  # noqa: E402
                    oauth_from_env, report, seed_computers)

PAGE_SIZE = 1000
CONCURRENCY = 4
# search options the plugin requests by default for Computer (see the plugin's fields option):
# id, name, entity, location, state, type, manufacturer, model, serial, otherserial, uuid, os, os version, IPs
FORCEDISPLAY = [2, 1, 80, 3, 31, 4, 23, 40, 5, 6, 47, 45, 46, 126]


def plain_fetch(conn):
    """The baseline: the same pages with requests, nothing else."""
    base_url = conn["url"]
    api = Api(base_url, conn["app_token"], conn["user_token"])
    rows = 0
    start = 0
    total = None
    while total is None or start < total:
        params = {"range": "%d-%d" % (start, start + PAGE_SIZE - 1), "sort": 2, "order": "ASC"}
        for index, option in enumerate(FORCEDISPLAY):
            params["forcedisplay[%d]" % index] = option
        body = api.get("search/Computer", **params).json()
        total = body["totalcount"]
        rows += len(body.get("data") or [])
        start += PAGE_SIZE
    api.http.get(base_url + "/killSession")
    return rows


def plain_fetch_v2(conn):
    """The v2 baseline: a password-grant token, then the same listing pages one after another."""
    server_url = conn["url"]
    http = requests.Session()
    http.trust_env = False
    token = http.post(server_url + "/api.php/token", json={
        "grant_type": "password", "client_id": conn["client_id"], "client_secret": conn["client_secret"],
        "username": conn["username"], "password": conn["password"], "scope": "api"}, timeout=30).json()["access_token"]
    http.headers["Authorization"] = "Bearer " + token
    rows = 0
    while True:
        answer = http.get(server_url + "/api.php/v2/Assets/Computer", timeout=120, params={
            "start": rows, "limit": PAGE_SIZE, "sort": "id:asc", "filter": "is_deleted==0"})
        page = answer.json()
        rows += len(page)
        total = int(answer.headers.get("Content-Range", "0-0/0").rsplit("/", 1)[1])
        if not page or rows >= total:
            return rows


def run_inventory(config, collections):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR="1",
               ANSIBLE_INVENTORY_UNPARSED_FAILED="1", ANSIBLE_HOME=tempfile.mkdtemp(prefix="glpi-bench-home-"))
    for name in [n for n in env if n.startswith("GLPI_")]:
        env.pop(name, None)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", config, "--list", "--output",
               config + ".json", "-vvv"]
    started = time.perf_counter()
    log = open(config + ".log", "w+")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, universal_newlines=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    log.seek(0)
    stderr = log.read()
    log.close()
    if proc.returncode != 0:
        raise RuntimeError("ansible-inventory failed:\n" + stderr[-4000:])
    with open(config + ".json") as handle:
        hosts = len(json.load(handle)["_meta"]["hostvars"])
    match = re.search(r"read in ([0-9.]+) s, hosts and groups built in ([0-9.]+) s", stderr)
    listings = int(re.search(r"read \d+ items with (\d+) (search|v2) requests", stderr).group(1))
    return elapsed, usage.ru_maxrss / 1024.0, hosts, float(match.group(1)), float(match.group(2)), listings


def static_copy(listed_path):
    """The same hosts, vars and groups as a static inventory file (yaml plugin, JSON syntax):
    timing ansible-inventory on it gives the floor that ansible-core itself costs."""
    with open(listed_path) as handle:
        listed = json.load(handle)
    hostvars = listed.pop("_meta")["hostvars"]
    groups = {}
    for name, group in listed.items():
        if name == "all":
            continue
        groups[name] = {"hosts": dict((host, None) for host in group.get("hosts", [])),
                        "children": dict((child, {}) for child in group.get("children", []))}
    static = {"all": {"hosts": hostvars, "children": groups}}
    path = listed_path.replace(".json", "") + ".static.json"
    with open(path, "w") as handle:
        json.dump(static, handle)
    return path


def time_static(path):
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_HOME=tempfile.mkdtemp(prefix="glpi-bench-home-"))
    started = time.perf_counter()
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path, "--list",
                    "--output", path + ".out"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def write_config(path, conn):
    with open(path, "w") as handle:
        handle.write("plugin: glpi.glpi.glpi_inventory\n%ssession_cache: false\npage_size: %d\nmax_concurrency: %d\n"
                     % ("".join("%s: %s\n" % item for item in sorted(conn.items())), PAGE_SIZE, CONCURRENCY))


def measure_api(api, server, count, collections, workdir, oauth):
    """One API against ``server`` (an Emulator, or common.RealGlpi: no request counters there, so the
    requests are the plugin's own count of its listings, from its -vvv log)."""
    config = os.path.join(workdir, "bench-%d-%s.glpi.yml" % (count, api))
    conn = connection(api, server.server_url, tokens=getattr(server, "tokens", (APP_TOKEN, USER_TOKEN)), oauth=oauth)
    write_config(config, conn)
    fetch = plain_fetch if api == "v1" else plain_fetch_v2
    fetch(conn)  # warm the server's caches the same way for both
    began = time.perf_counter()
    rows = fetch(conn)
    plain_seconds = time.perf_counter() - began
    assert rows == count, (rows, count)
    counted = hasattr(server, "stats")
    if counted:
        server.reset_stats()
    inv_seconds, rss_mb, hosts, read_seconds, build_seconds, listings = run_inventory(config, collections)
    stats = server.stats() if counted else {"total": listings, "reads": listings, "by_endpoint": {"listings (plugin's count)": listings},
                                            "sessions": {"initSession": int(api == "v1"), "killSession": int(api == "v1")}}
    assert hosts == count, (hosts, count)
    floor_seconds = time_static(static_copy(config + ".json"))
    pages = int(math.ceil(count / float(PAGE_SIZE)))
    return {"count": count, "api": api, "plain": plain_seconds, "inventory": inv_seconds, "rss": rss_mb,
            "read": read_seconds, "build": build_seconds, "floor": floor_seconds, "requests": stats["total"],
            "reads": stats["reads"], "pages": pages, "sessions": stats["sessions"], "by_endpoint": stats["by_endpoint"]}


def measure(count, apis, collections, workdir, real=None):
    """Seed ``count`` computers (on ``real`` when given: the caller resets that server afterwards), then
    measure each API on the same data."""
    with real or Emulator(extra_args=GLPI11_ARGS if "v2" in apis else ()) as server:
        api = Api(server.base_url, *getattr(server, "tokens", (APP_TOKEN, USER_TOKEN)))
        began = time.perf_counter()
        # a real GLPI (nginx) answers 502 "upstream sent too big header" to 100 adds in one request
        seed_computers(api, count, chunk=25 if real else 1000)
        seed_seconds = time.perf_counter() - began
        oauth = oauth_from_env() if real else OAUTH
        results = [measure_api(name, server, count, collections, workdir, oauth) for name in apis]
    for res in results:
        res["seed"] = seed_seconds
    return results


def rows_of(res):
    n = "%d (%s)" % (res["count"], res["api"])
    return [
        {"N": n, "measure": "requests to GLPI (all)", "value": "%d (pages %d + %d)" % (
            res["requests"], res["pages"], res["requests"] - res["pages"]), "target": "ceil(N/%d) + small constant" % PAGE_SIZE},
        {"N": n, "measure": "sessions opened / killed (v1)", "value": "%d / %d" % (
            res["sessions"]["initSession"], res["sessions"]["killSession"]), "target": "1 / 1 (v1), 0 / 0 (v2)"},
        {"N": n, "measure": "plain requests fetch of the same pages", "value": "%.2f s" % res["plain"], "target": "-"},
        {"N": n, "measure": "plugin: read (session or token + pages)", "value": "%.2f s (%.2fx plain)" % (
            res["read"], res["read"] / res["plain"]), "target": "<= 1.5x plain"},
        {"N": n, "measure": "plugin: hosts, vars and groups built", "value": "%.2f s" % res["build"], "target": "-"},
        {"N": n, "measure": "ansible-inventory --list, end to end", "value": "%.2f s (%.2fx plain)" % (
            res["inventory"], res["inventory"] / res["plain"]), "target": "<= 1.5x plain"},
        {"N": n, "measure": "ansible-inventory --list of the same hosts from a static file (ansible-core's floor)",
         "value": "%.2f s (%.2fx plain)" % (res["floor"], res["floor"] / res["plain"]), "target": "-"},
        {"N": n, "measure": "plugin end to end minus that floor", "value": "%.2f s (%.2fx plain)" % (
            res["inventory"] - res["floor"], (res["inventory"] - res["floor"]) / res["plain"]), "target": "-"},
        {"N": n, "measure": "ansible-inventory peak RSS", "value": "%.0f MB" % res["rss"],
         "target": "< 300 MB" if res["count"] <= 10000 else "-"},
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--api", action="append", choices=["v1", "v2"],
                        help="the API the plugin speaks (repeat for both on the same emulator; default v1)")
    parser.add_argument("--real", action="store_true",
                        help="seed and measure the real GLPI that GLPI_URL, GLPI_APP_TOKEN, GLPI_USER_TOKEN (v1) and "
                             "GLPI_CLIENT_ID, GLPI_CLIENT_SECRET, GLPI_USERNAME, GLPI_PASSWORD (v2) name; reset it afterwards")
    parser.add_argument("counts", nargs="*", type=int)
    args = parser.parse_args()
    apis = args.api or ["v1"]
    counts = args.counts or [10000, 50000]
    collections = collections_dir()
    workdir = tempfile.mkdtemp(prefix="glpi-bench-inventory-")
    results = []
    for count in counts:
        results += measure(count, apis, collections, workdir, real=RealGlpi.from_env() if args.real else None)
    rows = []
    for res in results:
        rows += rows_of(res)
    growth = [res for res in results if res["api"] == apis[0]]
    if len(growth) > 1:
        first, last = growth[0], growth[-1]
        rows.append({"N": "%d -> %d" % (first["count"], last["count"]), "measure": "time growth (inventory / plain)",
                     "value": "%.1fx end to end, %.1fx plugin read, %.1fx plain, for %.1fx the items" % (
                         last["inventory"] / first["inventory"], last["read"] / first["read"], last["plain"] / first["plain"],
                         last["count"] / float(first["count"])),
                     "target": "linear"})
    report("Inventory: ansible-inventory --list over N computers", rows)
    for res in results:
        print("N=%d %s by endpoint: %s" % (res["count"], res["api"], json.dumps(res["by_endpoint"], sort_keys=True)))


if __name__ == "__main__":
    main()
