"""Idempotency cost: 200 computers created, then the same run again.

Compares glpi.glpi.glpi_item (one task per item in a loop, and one bulk task with
``items``) with hand-written ``ansible.builtin.uri`` tasks doing the same
(search by name, create when missing). Reports requests per item and wall time
of the second, no-change run.

``--api v1|v2``: the API the glpi_item tasks speak (v2: GLPI 11's high-level API with OAuth2;
the raw ``uri`` tasks are v1 only). ``--glpi-version``: the emulator's mode (v2 needs 11.0, the
default with ``--api v2``). Requests are counted by the test suite's counting proxy in front of
the emulator (both APIs; the OAuth token and initSession/killSession included).
Usage: python bench/idempotency.py [--api v1|v2] [--glpi-version 10.0|11.0] [--bulk-only] [N]
"""

import argparse
import os
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
from common import APP_TOKEN, GLPI11_ARGS, USER_TOKEN, Emulator, collections_dir, connection, report, run_playbook  # noqa: E402
from counting_proxy import CountingProxy  # noqa: E402


def playbook(server_url, tasks, workdir, name):
    names = ["%s-%03d" % (name, n) for n in range(ARGS.count)]
    base_url = server_url + "/apirest.php"
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "module_defaults": {"group/glpi.glpi.glpi": connection(ARGS.api, server_url)},
        "vars": {"base": base_url, "names": names, "wanted": [{"name": n} for n in names]},
        "tasks": tasks,
    }]
    path = os.path.join(workdir, name + ".yml")
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--api", choices=["v1", "v2"], default="v1")
    parser.add_argument("--glpi-version", choices=["10.0", "11.0"])
    parser.add_argument("--bulk-only", action="store_true", help="only the glpi_item items task (the loops take minutes)")
    args = parser.parse_args()
    args.glpi_version = args.glpi_version or ("11.0" if args.api == "v2" else "10.0")
    if args.api == "v2" and args.glpi_version != "11.0":
        parser.error("--api v2 needs --glpi-version 11.0")
    return args


ARGS = arguments() if __name__ == "__main__" else None

LOOP = [{"glpi.glpi.glpi_item": {"itemtype": "Computer", "fields": {"name": "{{ item }}"}},
         "loop": "{{ names }}"}]
BULK = [{"glpi.glpi.glpi_item": {"itemtype": "Computer", "items": "{{ wanted }}"}}]
HEADERS = {"App-Token": APP_TOKEN, "Session-Token": "{{ session.json.session_token }}"}
URI = [
    {"ansible.builtin.uri": {"url": "{{ base }}/initSession",
                             "headers": {"App-Token": APP_TOKEN, "Authorization": "user_token " + USER_TOKEN}},
     "register": "session"},
    {"ansible.builtin.uri": {"url": "{{ base }}/Computer?searchText[name]=^{{ item }}$", "headers": HEADERS},
     "loop": "{{ names }}", "register": "found"},
    {"ansible.builtin.uri": {"url": "{{ base }}/Computer", "method": "POST", "headers": HEADERS,
                             "body_format": "json", "body": {"input": {"name": "{{ item.item }}"}},
                             "status_code": 201},
     "loop": "{{ found.results }}", "when": "item.json | length == 0"},
    {"ansible.builtin.uri": {"url": "{{ base }}/killSession", "headers": HEADERS}},
]


def measure(proxy, path, collections):
    rows = []
    for run in ("first", "second"):
        proxy.reset()
        seconds = run_playbook(path, collections)
        stats = proxy.read()
        rows.append({"run": run, "seconds": round(seconds, 2), "requests": stats["total"],
                     "requests/item": round(stats["total"] / float(ARGS.count), 2), "writes": stats["writes"]})
    return rows


def main():
    collections = collections_dir()
    workdir = tempfile.mkdtemp(prefix="glpi-bench-")
    rows = []
    ways = (("glpi_item loop", LOOP), ("glpi_item items (bulk)", BULK))
    if ARGS.api == "v1":
        ways = (("ansible.builtin.uri loop", URI),) + ways
    if ARGS.bulk_only:
        ways = ways[-1:]
    for label, tasks in ways:
        with Emulator(extra_args=GLPI11_ARGS if ARGS.glpi_version == "11.0" else ()) as emulator:
            proxy = CountingProxy(emulator.server_url).start()
            try:
                path = playbook(proxy.url, tasks, workdir, label.split()[0].replace(".", "-") + str(len(rows)))
                for row in measure(proxy, path, collections):
                    rows.append(dict({"approach": label, "api": ARGS.api}, **row))
            finally:
                proxy.stop()
    report("Idempotency: %d computers, created then re-run (%s, emulator in %s mode)"
           % (ARGS.count, ARGS.api, ARGS.glpi_version), rows)


if __name__ == "__main__":
    main()
