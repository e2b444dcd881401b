"""Search by field name vs raw HTTP: N computers (default 10,000) searched with 3 criteria
(name contains, location equals by name, state equals by name) and 4 displayed fields
(serial, manufacturer, model, location), every page fetched.

Compared on the same emulator and the same result pages:
- raw: requests.Session with numeric search option ids and dropdown ids known in advance,
  ``range`` pages of 500 (what a hand-written script does at best);
- layer, cold: glpi.glpi's SearchFields + SearchQuery + GlpiClient with an empty search
  options cache (listSearchOptions and the two dropdown names cost requests);
- layer, warm: the same with the on-disk search options cache filled;
- module: one ansible-playbook run of a glpi.glpi.glpi_search task (process start included).

Usage: python bench/search.py [N]
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import APP_TOKEN, USER_TOKEN, Api, Emulator, collections_dir, report, run_playbook, seed_computers  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
PAGE = 500
REPEAT = 9


def raw_search(api, refs):
    """Numeric ids everywhere, pages of 500 until Content-Range says done."""
    params = {"criteria[0][field]": 1, "criteria[0][searchtype]": "contains", "criteria[0][value]": "bench-",
              "criteria[1][link]": "AND", "criteria[1][field]": 3, "criteria[1][searchtype]": "equals",
              "criteria[1][value]": refs["Location"][0],
              "criteria[2][link]": "AND", "criteria[2][field]": 31, "criteria[2][searchtype]": "equals",
              "criteria[2][value]": refs["State"][0],
              "forcedisplay[0]": 2, "forcedisplay[1]": 5, "forcedisplay[2]": 23, "forcedisplay[3]": 40,
              "forcedisplay[4]": 3}
    rows, start = [], 0
    while True:
        answer = api.get("search/Computer", range="%d-%d" % (start, start + PAGE - 1), **params)
        body = answer.json()
        rows += body.get("data") or []
        end, total = (int(v) for v in body["content-range"].replace("/", "-", 1).split("-")[1:3])
        if end + 1 >= total:
            return rows
        start = end + 1


def layer_search(cache_dir):
    from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
    from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields, SearchOptionsCache
    from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery
    client = GlpiClient({"url": os.environ["BENCH_GLPI_URL"], "app_token": APP_TOKEN, "user_token": USER_TOKEN,
                         "session_cache": False})
    try:
        query = SearchQuery(SearchFields(client, cache=SearchOptionsCache(cache_dir)), "Computer",
                            criteria=[{"field": "name", "value": "bench-"},
                                      {"field": "locations_id", "searchtype": "equals", "value": "Paris"},
                                      {"field": "states_id", "searchtype": "equals", "value": "Production"}],
                            display=["serial", "manufacturers_id", "computermodels_id", "locations_id"])
        return query.run(client, page_size=PAGE)
    finally:
        client.close()


def measure(emulator, action):
    times, stats = [], None
    for _attempt in range(REPEAT):
        emulator.reset_stats()
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
        stats = emulator.stats()
    return result, statistics.median(times), stats


def requests_of(stats):
    """All API requests (session ones included) and the search pages among them."""
    by = stats["by_endpoint"]
    return sum(by.values()), by.get("GET search/Computer", 0)


def import_collection():
    root = collections_dir()
    sys.path.insert(0, root)
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
    _AnsibleCollectionFinder(paths=[root])._install()
    return root


def main():
    collections = import_collection()
    cache_root = tempfile.mkdtemp(prefix="glpi-bench-search-options-")
    with Emulator() as emulator:
        os.environ["BENCH_GLPI_URL"] = emulator.base_url
        api = Api(emulator.base_url)
        _ids, refs = seed_computers(api, COUNT, with_network=False)
        raw_rows, raw_time, raw_stats = measure(emulator, lambda: raw_search(api, refs))

        def cold():
            shutil.rmtree(os.path.join(cache_root, "cold"), ignore_errors=True)
            return layer_search(os.path.join(cache_root, "cold"))
        cold_rows, cold_time, cold_stats = measure(emulator, cold)
        layer_search(os.path.join(cache_root, "warm"))
        warm_rows, warm_time, warm_stats = measure(emulator, lambda: layer_search(os.path.join(cache_root, "warm")))
        assert len(raw_rows) == len(cold_rows) == len(warm_rows), (len(raw_rows), len(cold_rows), len(warm_rows))
        assert sorted(r["2"] for r in raw_rows) == sorted(r["id"] for r in warm_rows)

        play = os.path.join(cache_root, "search.yml")
        with open(play, "w") as handle:
            handle.write("""- hosts: localhost
  gather_facts: false
  tasks:
    - glpi.glpi.glpi_search:
        url: %s
        app_token: %s
        user_token: %s
        itemtype: Computer
        criteria:
          - {field: name, value: bench-}
          - {field: locations_id, searchtype: equals, value: Paris}
          - {field: states_id, searchtype: equals, value: Production}
        display: [serial, manufacturers_id, computermodels_id, locations_id]
      register: found
    - ansible.builtin.assert:
        that: found.count == %d
""" % (emulator.base_url, APP_TOKEN, USER_TOKEN, len(raw_rows)))
        run_playbook(play, collections)   # warms the search options cache of this user
        emulator.reset_stats()
        module_time = run_playbook(play, collections)
        module_stats = emulator.stats()

    shutil.rmtree(cache_root, ignore_errors=True)
    rows = []
    for label, seconds, stats in (("raw HTTP, numeric ids", raw_time, raw_stats),
                                  ("search layer, cold options cache", cold_time, cold_stats),
                                  ("search layer, warm options cache", warm_time, warm_stats),
                                  ("glpi_search module (ansible-playbook, warm)", module_time, module_stats)):
        total, pages = requests_of(stats)
        rows.append({"way": label, "results": len(raw_rows), "search pages": pages,
                     "requests": total,
                     "time (median of %d)" % REPEAT if "module" not in label else "time": "%.3f s" % seconds})
    for row in rows:
        row["time"] = row.pop([k for k in row if k.startswith("time")][0])
    report("Search: %d computers, 3 criteria, 4 displayed fields, pages of %d" % (COUNT, PAGE), rows)


if __name__ == "__main__":
    main()
