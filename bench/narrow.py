"""Narrowed reads: 20 computers ensured with one ``items:`` task in a table of N computers.

For each table size (default 1,000 and 10,000): the table is filled up to N computers with bulk
creates, then one glpi_item task with ``items`` of 20 new names runs twice (first run creates
them, second run changes nothing) and the 20 are purged. Requests are counted by the test
suite's counting proxy (tests/counting_proxy.py) in front of the server, session calls included.
The filler computers are purged at the end.

Server: a fresh emulator, or a real GLPI when GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN are
set. BENCH_BEFORE=<checkout> measures another checkout of the collection too (e.g. the code
before the change, ``git archive <commit> | tar -x -C <dir>``), on the same tables.
Usage: python bench/narrow.py [N ...]
"""

import os
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
from common import APP_TOKEN, USER_TOKEN, Emulator, Rest, report, run_playbook  # noqa: E402
from counting_proxy import CountingProxy  # noqa: E402

SIZES = [int(arg) for arg in sys.argv[1:]] or [1000, 10000]
ITEMS = 20


def collections_dirs():
    """[(label, collections path)]: this checkout, and BENCH_BEFORE's when set."""
    found = []
    for label, source in (("after", os.path.dirname(HERE)), ("before", os.environ.get("BENCH_BEFORE"))):
        if source:
            root = tempfile.mkdtemp(prefix="glpi-bench-collections-")
            os.makedirs(os.path.join(root, "ansible_collections", "glpi"))
            os.symlink(os.path.abspath(source), os.path.join(root, "ansible_collections", "glpi", "glpi"))
            found.append((label, root))
    return found


def playbook(workdir, base_url, tokens, names):
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "module_defaults": {"group/glpi.glpi.glpi": {"url": base_url, "app_token": tokens[0], "user_token": tokens[1]}},
        "tasks": [{"glpi.glpi.glpi_item": {"itemtype": "Computer", "items": [{"name": name} for name in names]}}],
    }]
    path = os.path.join(workdir, "narrow-%s.yml" % names[0])
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path


def measure(server_url, tokens, rest, collections):
    """Rows of the report; ``collections``: [(label, collections path)]."""
    proxy = CountingProxy(server_url).start()
    workdir = tempfile.mkdtemp(prefix="glpi-bench-")
    fillers, rows = [], []
    try:
        for size in SIZES:
            started = time.perf_counter()
            fillers += rest.add(["narrow-fill-%06d" % n for n in range(len(fillers), size)])
            filled = time.perf_counter() - started
            for label, collection in collections:
                names = ["narrow-%d%s-%02d" % (size, label, n) for n in range(ITEMS)]
                path = playbook(workdir, proxy.url + "/apirest.php", tokens, names)
                for run in ("first (creates 20)", "second (no change)"):
                    proxy.reset()
                    seconds = run_playbook(path, collections=collection)
                    stats = proxy.read()
                    rows.append({"code": label, "table": size, "run": run, "seconds": round(seconds, 2),
                                 "requests": stats["total"], "reads": stats["reads"], "writes": stats["writes"],
                                 "fill seconds": round(filled, 1)})
                rest.purge(_ids_named(rest, names))
    finally:
        rest.purge(fillers)
        proxy.stop()
    return rows


def _ids_named(rest, names):
    answer = rest.http.get(rest.base_url + "/Computer", params={"searchText[name]": "^%s" % names[0][:-2], "range": "0-999"},
                           timeout=60)
    return [row["id"] for row in answer.json()] if answer.status_code in (200, 206) else []


def main():
    collections = collections_dirs()
    url = os.environ.get("GLPI_URL")
    if url:
        server_url = url.rstrip("/")
        server_url = server_url[:-len("/apirest.php")] if server_url.endswith("/apirest.php") else server_url
        tokens = (os.environ["GLPI_APP_TOKEN"], os.environ["GLPI_USER_TOKEN"])
        # GLPI 10.0 answers a bulk create with a Link header per object: 40 fit nginx's 4 KB buffer.
        rest = Rest(server_url + "/apirest.php", tokens[0], tokens[1], chunk=40)
        rows = measure(server_url, tokens, rest, collections)
        where = "GLPI at %s" % server_url
    else:
        with Emulator() as emulator:
            rest = Rest(emulator.base_url, APP_TOKEN, USER_TOKEN, chunk=1000)
            rows = measure(emulator.server_url, (APP_TOKEN, USER_TOKEN), rest, collections)
        where = "emulator"
    report("%d computers with one items: task, %s" % (ITEMS, where), rows)


if __name__ == "__main__":
    main()
