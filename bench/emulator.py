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
from common import Api, Emulator, report, seed_computers  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
PAGE = 1000


def main():
    with Emulator() as emulator:
        api = Api(emulator.base_url)
        started = time.perf_counter()
        ids, _refs = seed_computers(api, COUNT)
        seed_seconds = time.perf_counter() - started

        page_times = []
        rows = 0
        for start in range(0, COUNT, PAGE):
            began = time.perf_counter()
            answer = api.get("Computer", range="%d-%d" % (start, start + PAGE - 1))
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
