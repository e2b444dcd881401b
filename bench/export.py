"""glpi_export at scale: N computers (default 10,000 then 100,000 on the same emulator), each with a
serial, a manufacturer, a model, a location and a state (common.seed_computers, bulk adds of 1,000).

For each N it measures one run of the glpi_export module process (started directly with its
arguments file, as ansible runs it on the managed node, so that os.wait4 gives the peak RSS of that
process alone, not of ansible-playbook):
- requests to GLPI (emulator counters; listSearchOptions and the session included);
- wall time against a raw paged fetch of the same columns (requests.Session, search/Computer with the
  same forcedisplay and criteria, range pages of 1,000 sorted by id, rows decoded and dropped);
- peak RSS of the module process, at 10,000 and 100,000 rows (flat memory: one page at a time);
- the rows and bytes written (JSON Lines), and a CSV run and a run without dropdown ids (names only,
  no listing of the dropdowns) at the largest N.

Usage: python bench/export.py [N ...]         (default: 10000 100000; N ascending, seeded incrementally)
Bounded: the emulator is killed at the end; every request has a timeout; the module has 30 minutes.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import APP_TOKEN, USER_TOKEN, Api, Emulator, collections_dir, report  # noqa: E402

PAGE = 1000
FIELDS = ["serial", "manufacturers_id", "computermodels_id", "locations_id", "states_id"]
# The same columns by search option id for the raw fetch: id, name, date_mod and FIELDS.
FORCEDISPLAY = [2, 1, 19, 5, 23, 40, 3, 31]


def seed(api, start, count, refs):
    """Computers bench-<start>.. bench-<count - 1> (dropdowns made once, in refs)."""
    if not refs:
        for itemtype, names in (("Manufacturer", ["Dell", "HP", "Lenovo"]), ("ComputerModel", ["M1", "M2", "M3"]),
                                ("Location", ["Paris", "Lyon", "Nantes"]), ("State", ["Production", "Stock"])):
            refs[itemtype] = [row["id"] for row in api.post(itemtype, [{"name": n} for n in names])]
    for first in range(start, count, PAGE):
        api.post("Computer", [{"name": "bench-%06d" % n, "serial": "SN%06d" % n,
                               "manufacturers_id": refs["Manufacturer"][n % 3],
                               "computermodels_id": refs["ComputerModel"][n % 3],
                               "locations_id": refs["Location"][n % 3], "states_id": refs["State"][n % 2]}
                              for n in range(first, min(count, first + PAGE))])


def raw_fetch(api):
    """Every page of the same columns with plain requests; returns the rows seen."""
    params = {"criteria[0][field]": 1, "criteria[0][searchtype]": "contains", "criteria[0][value]": "^bench-",
              "sort": 2, "order": "ASC", "uid_cols": "true"}
    for index, oid in enumerate(FORCEDISPLAY):
        params["forcedisplay[%d]" % index] = oid
    seen, start = 0, 0
    while True:
        body = api.get("search/Computer", range="%d-%d" % (start, start + PAGE - 1), **params).json()
        seen += len(body.get("data") or [])
        total = int(body.get("totalcount") or 0)
        if seen >= total or not body.get("data"):
            return seen
        start += PAGE


def run_module(server, collections, workdir, path, fmt, dropdown_ids=True):
    """The module process on its own; (seconds, peak RSS MB, result)."""
    args = {"ANSIBLE_MODULE_ARGS": {
        "url": server.base_url, "app_token": APP_TOKEN, "user_token": USER_TOKEN, "session_cache": False,
        "itemtype": "Computer", "fields": FIELDS, "criteria": [{"field": "name", "value": "^bench-"}],
        "path": path, "format": fmt, "page_size": PAGE, "dropdown_ids": dropdown_ids, "_ansible_tmpdir": workdir, "_ansible_remote_tmp": workdir}}
    args_path = os.path.join(workdir, "args.json")
    with open(args_path, "w") as handle:
        json.dump(args, handle)
    env = dict(os.environ, PYTHONPATH=collections, HOME=workdir)
    for name in [n for n in env if n.startswith("GLPI_")]:
        env.pop(name, None)
    out = open(os.path.join(workdir, "module.out"), "w+")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "ansible_collections.glpi.glpi.plugins.modules.glpi_export", args_path],
                            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=workdir)
    deadline = time.time() + 1800
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.time() > deadline:
            proc.kill()
            raise RuntimeError("the module ran for more than 30 minutes")
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    out.seek(0)
    text = out.read()
    out.close()
    result = json.loads(text[text.index("{"):])
    if os.waitstatus_to_exitcode(status) != 0 or result.get("failed"):
        raise RuntimeError("glpi_export failed: %s" % text[-3000:])
    return elapsed, usage.ru_maxrss / 1024.0, result


def measure(server, api, count, collections, workdir, fmt="jsonl", dropdown_ids=True):
    raw_fetch(api)   # warm the server the same way for both
    began = time.perf_counter()
    raw_rows = raw_fetch(api)
    raw_seconds = time.perf_counter() - began
    assert raw_rows == count, (raw_rows, count)
    path = os.path.join(workdir, "computers.%s" % fmt)
    server.reset_stats()
    seconds, rss, result = run_module(server, collections, workdir, path, fmt, dropdown_ids)
    stats = server.stats()
    assert result["rows"] == count, result
    return {"N": count, "format": fmt, "dropdown ids": "yes" if dropdown_ids else "no", "rows": result["rows"],
            "pages": result["pages"], "requests": stats["total"],
            "raw fetch s": "%.1f" % raw_seconds, "glpi_export s": "%.1f" % seconds,
            "ratio": "%.2f" % (seconds / raw_seconds), "peak RSS MB": "%.0f" % rss,
            "file MB": "%.1f" % (os.path.getsize(path) / 1048576.0)}


def main():
    counts = sorted(int(arg) for arg in sys.argv[1:]) or [10000, 100000]
    collections = collections_dir()
    workdir = tempfile.mkdtemp(prefix="glpi-bench-export-")
    rows, refs, seeded = [], {}, 0
    with Emulator() as server:
        api = Api(server.base_url)
        for count in counts:
            began = time.perf_counter()
            seed(api, seeded, count, refs)
            print("seeded %d computers in %.0f s" % (count - seeded, time.perf_counter() - began), flush=True)
            seeded = count
            rows.append(measure(server, api, count, collections, workdir))
            print(rows[-1], flush=True)
        rows.append(measure(server, api, counts[-1], collections, workdir, fmt="csv"))
        rows.append(measure(server, api, counts[-1], collections, workdir, dropdown_ids=False))
    report("glpi_export of N computers (emulator)", rows)


if __name__ == "__main__":
    main()
