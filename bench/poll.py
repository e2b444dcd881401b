"""glpi.glpi.poll: event latency and requests per cycle when nothing changed.

1. Idle cycles: the source's ``main`` runs ``cycles + 1`` cycles back to back (interval 0) and once with
   1 cycle, on a state file already past every computer; the difference of the two runs' request counts
   (counting proxy, tests/counting_proxy.py) divided by ``cycles`` is the cost of a cycle with nothing
   changed, and the difference of their times the time of one.
2. Latency: the source runs with ``--interval`` seconds; ``--changes`` times, after a random pause, a
   computer is created straight on the server (not counted) and the time from GLPI's answer to the event
   on the queue is measured. Expected: about interval / 2 plus one search.

The table holds ``--seed`` computers besides (default 1,000). Bounded: every wait has a timeout and the
source stops by itself (``max_cycles``). Server: a fresh emulator, or a real GLPI when GLPI_URL,
GLPI_APP_TOKEN and GLPI_USER_TOKEN are set (the computers it creates are purged at the end).
Usage: python bench/poll.py [--interval S] [--changes N] [--cycles N] [--seed N]
"""

import argparse
import asyncio
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
from common import APP_TOKEN, USER_TOKEN, Emulator, RealGlpi, Rest, report  # noqa: E402
from counting_proxy import CountingProxy  # noqa: E402

SOURCE = "ansible_collections.glpi.glpi.extensions.eda.plugins.event_source.poll"
TIMEOUT = 120


def load_source():
    """The source as ansible-rulebook finds it (the collection must be importable: scripts/lib.sh link_collection)."""
    return importlib.import_module(SOURCE)


def source_args(base_url, tokens, prefix, state_file, **extra):
    args = {"url": base_url, "app_token": tokens[0], "user_token": tokens[1], "itemtypes": ["Computer"],
            "criteria": [{"field": "name", "searchtype": "contains", "value": "^" + prefix}],
            "state_file": state_file, "interval": 0, "max_cycles": 1}
    args.update(extra)
    return args


async def run_cycles(source, args):
    queue = asyncio.Queue()
    started = time.perf_counter()
    await asyncio.wait_for(source.main(queue, args), TIMEOUT)
    return time.perf_counter() - started, queue.qsize()


async def idle(source, proxy, base_url, tokens, prefix, state_file, cycles):
    await run_cycles(source, source_args(base_url, tokens, prefix, state_file, start="beginning"))
    proxy.reset()
    one = (await run_cycles(source, source_args(base_url, tokens, prefix, state_file)))[0]
    single = proxy.read()
    proxy.reset()
    many, events = await run_cycles(source, source_args(base_url, tokens, prefix, state_file, max_cycles=cycles + 1))
    counts = proxy.read()
    assert events == 0, "events while nothing changed"
    extra = dict((k, v - single["by_endpoint"].get(k, 0)) for k, v in counts["by_endpoint"].items())
    return {"cycles": cycles, "requests per idle cycle": round((counts["total"] - single["total"]) / float(cycles), 2),
            "of which": ", ".join("%s %s" % (k, round(v / float(cycles), 2)) for k, v in sorted(extra.items()) if v),
            "ms per idle cycle": round((many - one) * 1000.0 / cycles, 1),
            "a run of 1 cycle": ", ".join("%s %d" % kv for kv in sorted(single["by_endpoint"].items()))}


async def latency(source, rest, base_url, tokens, prefix, state_file, interval, changes):
    queue = asyncio.Queue()
    args = source_args(base_url, tokens, prefix, state_file, interval=interval, max_cycles=int(TIMEOUT / max(interval, 0.1)))
    task = asyncio.ensure_future(source.main(queue, args))
    loop = asyncio.get_running_loop()
    delays, ids = [], []
    try:
        await asyncio.sleep(interval)
        for n in range(changes):
            await asyncio.sleep(random.uniform(0, interval))
            item = (await loop.run_in_executor(None, rest.add, ["%slat-%d" % (prefix, n)]))[0]
            done = time.perf_counter()
            ids.append(item)
            while True:
                event = await asyncio.wait_for(queue.get(), TIMEOUT)
                if event["id"] == item:
                    break
            delays.append(time.perf_counter() - done)
    finally:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
    return ids, {"interval s": interval, "changes": changes, "latency mean s": round(statistics.mean(delays), 2),
                 "median s": round(statistics.median(delays), 2), "max s": round(max(delays), 2)}


async def bench(server, args):
    source = load_source()
    tokens = getattr(server, "tokens", (APP_TOKEN, USER_TOKEN))
    proxy = CountingProxy(server.server_url).start()
    base_url = proxy.url + "/apirest.php"
    rest = Rest(server.base_url, tokens[0], tokens[1], 50)   # a real GLPI answers 502 to larger bulk adds (FINDINGS.md)
    prefix = "pollbench-%s-" % uuid.uuid4().hex[:6]
    ids = rest.add(["%sseed-%d" % (prefix, n) for n in range(args.seed)]) if args.seed else []
    time.sleep(1.05)   # the last change alone in its second: the cursor's second holds one row (see docs/events.md)
    ids += rest.add([prefix + "last"])
    state_dir = tempfile.mkdtemp(prefix="glpi-poll-bench-")
    state_file = os.path.join(state_dir, "state", "poll.json")
    try:
        rows = [await idle(source, proxy, base_url, tokens, prefix, state_file, args.cycles)]
        report("poll: a cycle with nothing changed (%d computers match, one row at the cursor's second)"
               % (args.seed + 1), rows)
        made, row = await latency(source, rest, base_url, tokens, prefix, state_file, args.interval, args.changes)
        ids += made
        report("poll: latency from a change to its event", [row])
    finally:
        if ids:
            rest.purge(ids)
        proxy.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1000)
    args = parser.parse_args()
    server = RealGlpi.from_env() or Emulator()
    with server:
        asyncio.run(bench(server, args))


if __name__ == "__main__":
    main()
