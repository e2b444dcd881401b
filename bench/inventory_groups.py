"""Inventory grouping cost: `ansible-inventory --list` over N computers (default 12,000) in the emulator
(seeded like bench/inventory.py: location, state, manufacturer, model, an IP address each) with

- defaults: the plugin's default fields and built-in groups;
- grouped: the same plus keyed_groups by location and by state and a `groups` entry by a plain
  variable (`glpi_state == 'Production'`);
- ansible-core's floor for each: `ansible-inventory --list` of the same hosts, vars and groups from a
  static JSON file written by the bench (the yaml inventory plugin), no GLPI involved.

Each measure is the median of --runs runs (default 3). Targets (issue 13): grouped <= 1.3x defaults;
each plugin run <= 2x its floor.

Server: a fresh emulator, or a real GLPI when GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN are set
(seeded the same way, in chunks of 40 for GLPI 10.0's Link headers; use a throw-away instance and
reset it afterwards: the bench adds N computers with ports, names and addresses and leaves them).

Usage: python bench/inventory_groups.py [--runs 3] [--collection DIR] [--seeded] [N]
  --collection: the collection checkout to measure (default: this one), for a before/after on one
  emulator and one machine state. Everything runs on 127.0.0.1 and stops by itself.
"""

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import APP_TOKEN, USER_TOKEN, Api, Emulator, RealGlpi, collections_dir, report, seed_computers  # noqa: E402
from inventory import run_inventory, static_copy, time_static  # noqa: E402

GROUPED = """keyed_groups:
  - key: glpi_location
    prefix: location
  - key: glpi_state
    prefix: state
groups:
  production: glpi_state == 'Production'
"""


def collection_root(checkout):
    if not checkout:
        return collections_dir()
    root = tempfile.mkdtemp(prefix="glpi-bench-collections-")
    os.makedirs(os.path.join(root, "ansible_collections", "glpi"))
    os.symlink(os.path.abspath(checkout), os.path.join(root, "ansible_collections", "glpi", "glpi"))
    return root


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=12000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--collection", default=None)
    parser.add_argument("--seeded", action="store_true", help="the server already holds the N computers: no seeding")
    args = parser.parse_args()
    collections = collection_root(args.collection)
    workdir = tempfile.mkdtemp(prefix="glpi-bench-inventory-groups-")
    times = {"defaults": [], "grouped": [], "floor defaults": [], "floor grouped": []}
    builds = {"defaults": [], "grouped": []}
    real = RealGlpi.from_env()
    tokens = real.tokens if real else (APP_TOKEN, USER_TOKEN)
    with real or Emulator() as server:
        if not args.seeded:
            seed_computers(Api(server.base_url, *tokens), args.count, chunk=40 if real else 1000)
        head = ("plugin: glpi.glpi.glpi_inventory\nurl: %s\napp_token: %s\nuser_token: %s\nsession_cache: false\n"
                "page_size: 1000\nmax_concurrency: 4\n" % (server.base_url, tokens[0], tokens[1]))
        configs = {}
        for name, extra in (("defaults", ""), ("grouped", GROUPED)):
            configs[name] = os.path.join(workdir, "%s.glpi.yml" % name)
            with open(configs[name], "w") as handle:
                handle.write(head + extra)
        run_inventory(configs["defaults"], collections)  # warm-up: listSearchOptions cache, emulator caches
        for _run in range(args.runs):
            for name in ("defaults", "grouped"):
                elapsed, _rss, hosts, _read, build = run_inventory(configs[name], collections)
                assert hosts == args.count, (hosts, args.count)
                times[name].append(elapsed)
                builds[name].append(build)
    statics = dict((name, static_copy(configs[name] + ".json")) for name in ("defaults", "grouped"))
    for _run in range(args.runs):
        for name in ("defaults", "grouped"):
            times["floor " + name].append(time_static(statics[name]))
    med = dict((name, statistics.median(values)) for name, values in times.items())
    rows = []
    for name in ("defaults", "grouped"):
        rows.append({"measure": "ansible-inventory --list, %s" % name,
                     "median": "%.2f s" % med[name], "runs": ", ".join("%.2f" % t for t in times[name]),
                     "ratio": "%.2fx its floor" % (med[name] / med["floor " + name]), "target": "<= 2x floor"})
        rows.append({"measure": "  plugin: hosts, vars and groups built (%s)" % name,
                     "median": "%.2f s" % statistics.median(builds[name]), "runs": ", ".join("%.2f" % t for t in builds[name]),
                     "ratio": "-", "target": "-"})
        rows.append({"measure": "  same hosts, vars and groups from a static file (floor, %s)" % name,
                     "median": "%.2f s" % med["floor " + name], "runs": ", ".join("%.2f" % t for t in times["floor " + name]),
                     "ratio": "-", "target": "-"})
    rows.append({"measure": "grouped / defaults", "median": "%.2fx" % (med["grouped"] / med["defaults"]), "runs": "-",
                 "ratio": "-", "target": "<= 1.3x"})
    report("Inventory grouping: %d computers, medians of %d, %s" % (args.count, args.runs, real.server_url if real else "emulator"),
           rows)


if __name__ == "__main__":
    main()
