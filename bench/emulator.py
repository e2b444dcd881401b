"""Emulator speed: N computers (default 10,000), each with a model, a
manufacturer, a location, a state and a network port holding an IP address.
Measures fetching them all in pages of 1,000 and GET by id.
Targets: a 1,000-row page < 0.3 s, GET by id < 5 ms.
Usage: python bench/emulator.py [N]
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Api, Emulator, report  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
CHUNK = 1000


def seed(api):
    """Create the data set with bulk requests; returns the computer ids."""
    refs = {}
    for itemtype, names in (("Manufacturer", ["Dell", "HP", "Lenovo"]), ("ComputerModel", ["M1", "M2", "M3"]),
                            ("Location", ["Paris", "Lyon", "Nantes"]), ("State", ["Production", "Stock"])):
        refs[itemtype] = [row["id"] for row in api.post(itemtype, [{"name": n} for n in names])]
    ids = []
    for start in range(0, COUNT, CHUNK):
        batch = [{"name": "bench-%05d" % n, "serial": "SN%05d" % n,
                  "manufacturers_id": refs["Manufacturer"][n % 3], "computermodels_id": refs["ComputerModel"][n % 3],
                  "locations_id": refs["Location"][n % 3], "states_id": refs["State"][n % 2]}
                 for n in range(start, min(COUNT, start + CHUNK))]
        ids += [row["id"] for row in api.post("Computer", batch)]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        ports = api.post("NetworkPort", [{"itemtype": "Computer", "items_id": ident, "name": "eth0",
                                          "instantiation_type": "NetworkPortEthernet", "logical_number": 1}
                                         for ident in chunk])
        names = api.post("NetworkName", [{"itemtype": "NetworkPort", "items_id": port["id"], "name": "nic"}
                                         for port in ports])
        api.post("IPAddress", [{"itemtype": "NetworkName", "items_id": name["id"],
                                "name": "10.%d.%d.%d" % (n // 65536 % 256, n // 256 % 256, n % 256)}
                               for n, name in enumerate(names, start)])
    return ids


def main():
    with Emulator() as emulator:
        api = Api(emulator.base_url)
        started = time.perf_counter()
        ids = seed(api)
        seed_seconds = time.perf_counter() - started

        page_times = []
        rows = 0
        for start in range(0, COUNT, CHUNK):
            began = time.perf_counter()
            answer = api.get("Computer", range="%d-%d" % (start, start + CHUNK - 1))
            page_times.append(time.perf_counter() - began)
            rows += len(answer.json())
        assert rows == COUNT, rows

        get_times = []
        for ident in ids[::max(1, COUNT // 200)]:
            began = time.perf_counter()
            api.get("Computer/%d" % ident)
            get_times.append(time.perf_counter() - began)

        report("Emulator: %d computers" % COUNT, [
            {"measure": "seed (bulk adds)", "value": "%.1f s" % seed_seconds, "target": "-"},
            {"measure": "page of 1,000 rows, median", "value": "%.3f s" % statistics.median(page_times),
             "target": "< 0.3 s"},
            {"measure": "page of 1,000 rows, max", "value": "%.3f s" % max(page_times), "target": "-"},
            {"measure": "all %d rows in pages of 1,000" % COUNT, "value": "%.2f s" % sum(page_times), "target": "-"},
            {"measure": "GET by id, median of %d" % len(get_times),
             "value": "%.1f ms" % (1000 * statistics.median(get_times)), "target": "< 5 ms"},
        ])


if __name__ == "__main__":
    main()
