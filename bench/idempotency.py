"""Idempotency cost: 200 computers created, then the same run again.

Compares glpi.glpi.glpi_item (one task per item in a loop, and one bulk task with
``items``) with hand-written ``ansible.builtin.uri`` tasks doing the same
(search by name, create when missing). Reports requests per item and wall time
of the second, no-change run. Usage: python bench/idempotency.py [N]
"""

import os
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import APP_TOKEN, USER_TOKEN, Emulator, collections_dir, report, run_playbook  # noqa: E402


def playbook(base_url, tasks, workdir, name):
    names = ["%s-%03d" % (name, n) for n in range(COUNT)]
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "module_defaults": {"group/glpi.glpi.glpi": {"url": base_url, "app_token": APP_TOKEN,
                                                     "user_token": USER_TOKEN}},
        "vars": {"base": base_url, "names": names, "wanted": [{"name": n} for n in names]},
        "tasks": tasks,
    }]
    path = os.path.join(workdir, name + ".yml")
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path


COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 200

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


def measure(emulator, path, collections):
    rows = []
    for run in ("first", "second"):
        emulator.reset_stats()
        seconds = run_playbook(path, collections)
        stats = emulator.stats()
        rows.append({"run": run, "seconds": round(seconds, 2), "requests": stats["total"],
                     "requests/item": round(stats["total"] / float(COUNT), 2), "writes": stats["writes"]})
    return rows


def main():
    collections = collections_dir()
    workdir = tempfile.mkdtemp(prefix="glpi-bench-")
    rows = []
    for label, tasks in (("ansible.builtin.uri loop", URI), ("glpi_item loop", LOOP), ("glpi_item items (bulk)", BULK)):
        with Emulator() as emulator:
            path = playbook(emulator.base_url, tasks, workdir, label.split()[0].replace(".", "-") + str(len(rows)))
            for row in measure(emulator, path, collections):
                rows.append(dict({"approach": label}, **row))
    report("Idempotency: %d computers, created then re-run" % COUNT, rows)


if __name__ == "__main__":
    main()
