"""Bulk create of N computers (default 1,000): raw chunked POSTs against one glpi_item ``items:`` task.

For each repeat: N names created with raw ``requests`` POSTs of ``chunk`` computers (session already
open: the best a hand-written script does), then purged; N other names created with one
``glpi.glpi.glpi_item`` task with ``items`` (ansible-playbook, first run), the same task again (no
change), then purged. ansible-playbook's own floor (the same play with one ``ansible.builtin.meta:
noop`` task) is timed too. Requests are counted by the test suite's counting proxy
(tests/counting_proxy.py) in front of the server, session calls included.

``--inprocess``: the module's work in this process instead (GlpiClient + Ensurer, what
``glpi_item`` runs, without ansible-playbook), create then re-run, timed; ``--profile``: the same
under cProfile, printing the functions that cost most.

``--api v2``: the glpi_item task speaks GLPI 11's high-level API (OAuth2; v2 has no bulk request,
so the module sends one request per item, in parallel); the raw baseline stays the legacy API's
chunked POSTs on the same server, and the emulator runs in 11.0 mode (both APIs on one database).

Server: a fresh emulator, or a real GLPI when GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN are set
(and, with ``--api v2``, GLPI_CLIENT_ID, GLPI_CLIENT_SECRET, GLPI_USERNAME, GLPI_PASSWORD).
Usage: python bench/bulk_create.py [--api v1|v2] [--glpi-version 10.0|11.0] [--inprocess | --profile] [--repeat R] [--chunk C] [N]
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
from common import (APP_TOKEN, GLPI11_ARGS, OAUTH, USER_TOKEN, Emulator, Rest, collections_dir, connection,  # noqa: E402
                    oauth_from_env, report, run_playbook)
from counting_proxy import CountingProxy  # noqa: E402


def playbook(workdir, server_url, args, names, label):
    items = [{"name": name} for name in names]
    task = {"glpi.glpi.glpi_item": {"itemtype": "Computer", "items": items, "chunk_size": args.chunk}}
    if not names:
        task = {"ansible.builtin.meta": "noop"}
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "module_defaults": {"group/glpi.glpi.glpi": connection(args.api, server_url, args.tokens, args.oauth)},
        "tasks": [task],
    }]
    path = os.path.join(workdir, "bulk-%s.yml" % label)
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path


def timed(proxy, action):
    proxy.reset()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    return seconds, proxy.read()


def measure(args, server_url):
    tokens = args.tokens
    proxy = CountingProxy(server_url).start()
    rest = Rest(proxy.url + "/apirest.php", tokens[0], tokens[1], chunk=args.chunk)
    collections, workdir = collections_dir(), tempfile.mkdtemp(prefix="glpi-bench-")
    samples = {"raw chunked POSTs (v1)": [], "glpi_item items, first run": [], "glpi_item items, re-run": [],
               "ansible-playbook floor (one noop task)": []}
    counts = {}
    try:
        for repeat in range(args.repeat):
            raw_names = ["bulk-raw-%d-%05d" % (repeat, n) for n in range(args.count)]
            holder = []
            seconds, stats = timed(proxy, lambda: holder.extend(rest.add(raw_names)))
            samples["raw chunked POSTs (v1)"].append(seconds)
            counts["raw chunked POSTs (v1)"] = stats
            rest.purge(holder)
            names = ["bulk-mod-%d-%05d" % (repeat, n) for n in range(args.count)]
            path = playbook(workdir, proxy.url, args, names, repeat)
            for label in ("glpi_item items, first run", "glpi_item items, re-run"):
                seconds, stats = timed(proxy, lambda: run_playbook(path, collections))
                samples[label].append(seconds)
                counts[label] = stats
            rest.purge(_ids_named(rest, "bulk-mod-%d-" % repeat, args.count))
            floor = playbook(workdir, proxy.url, args, [], "floor")
            seconds, stats = timed(proxy, lambda: run_playbook(floor, collections))
            samples["ansible-playbook floor (one noop task)"].append(seconds)
            counts["ansible-playbook floor (one noop task)"] = stats
    finally:
        proxy.stop()
    raw = statistics.median(samples["raw chunked POSTs (v1)"])
    return [{"way": label, "api": "v1" if label.startswith("raw") else args.api, "seconds (median)": round(statistics.median(values), 2),
             "runs": ", ".join("%.2f" % value for value in values),
             "x raw": round(statistics.median(values) / raw, 2),
             "requests": counts[label]["total"], "reads": counts[label]["reads"], "writes": counts[label]["writes"]}
            for label, values in samples.items()]


def _ids_named(rest, prefix, count):
    ids = []
    for start in range(0, count, 1000):
        answer = rest.http.get(rest.base_url + "/Computer", timeout=120,
                               params={"searchText[name]": "^" + prefix, "range": "%d-%d" % (start, start + 999)})
        if answer.status_code not in (200, 206):
            break
        ids += [row["id"] for row in answer.json()]
    return ids


def profile(args, server_url):
    """The module's work in process (GlpiClient + Ensurer), create then re-run, under cProfile."""
    tokens = args.tokens
    sys.path.insert(0, collections_dir())
    from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient  # pylint: disable=import-error
    from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Ensurer, Task  # pylint: disable=import-error

    names = ["bulk-prof-%05d" % n for n in range(args.count)]
    options = {"url": server_url + "/apirest.php", "app_token": tokens[0], "user_token": tokens[1], "session_cache": False}
    client = GlpiClient(options)
    rest = Rest(server_url + "/apirest.php", tokens[0], tokens[1], chunk=args.chunk)
    try:
        started = time.perf_counter()
        raw = rest.add(["bulk-rawp-%05d" % n for n in range(args.count)])
        print("\n## in process, raw chunked POSTs of %d: %.2f s\n" % (args.count, time.perf_counter() - started))
        rest.purge(raw)
        for label in ("create", "re-run"):
            tasks = [Task(index, {"name": name}, ["name"]) for index, name in enumerate(names)]
            ensurer = Ensurer(client, "Computer", chunk_size=args.chunk, option="items")
            prof = cProfile.Profile()
            started = time.perf_counter()
            if args.profile:
                prof.enable()
            ensurer.results(ensurer.run(tasks), with_items=False)   # as glpi_item does for items
            prof.disable()
            print("\n## in process, %s of %d: %.2f s\n" % (label, args.count, time.perf_counter() - started))
            if args.profile:
                pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    finally:
        client.close()
        rest.purge(_ids_named(rest, "bulk-prof-", args.count))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--inprocess", action="store_true")
    parser.add_argument("--api", choices=["v1", "v2"], default="v1")
    parser.add_argument("--glpi-version", choices=["10.0", "11.0"], help="the emulator's mode (v2: 11.0, the default)")
    args = parser.parse_args()
    args.glpi_version = args.glpi_version or ("11.0" if args.api == "v2" else "10.0")
    if args.api == "v2" and (args.profile or args.inprocess):
        parser.error("--inprocess and --profile time the legacy API's Ensurer: use --api v1")
    action = profile if args.profile or args.inprocess else measure
    url = os.environ.get("GLPI_URL")
    if url:
        server_url = url.rstrip("/")
        server_url = server_url[:-len("/apirest.php")] if server_url.endswith("/apirest.php") else server_url
        args.tokens = (os.environ["GLPI_APP_TOKEN"], os.environ["GLPI_USER_TOKEN"])
        args.oauth = oauth_from_env() if args.api == "v2" else OAUTH
        rows = action(args, server_url)
        where = "GLPI at %s" % server_url
    else:
        args.tokens, args.oauth = (APP_TOKEN, USER_TOKEN), OAUTH
        with Emulator(extra_args=GLPI11_ARGS if args.glpi_version == "11.0" else ()) as emulator:
            rows = action(args, emulator.server_url)
        where = "emulator in %s mode" % args.glpi_version
    if rows:
        report("Bulk create of %d computers (chunks of %d), glpi_item over %s, %s" % (args.count, args.chunk, args.api, where),
               rows)


if __name__ == "__main__":
    main()
