"""Load and concurrency (issue 12): eight processes that run glpi_item at the same moment, as
eight Ansible forks do, on the same items and through one session cache; two writers racing on
one item with the same expected_sha1. Bounded in time (every process has a timeout), loopback
only. The database is read back through the API after each run; the emulator's counters give
the number of sessions opened."""

import json
import os
import stat
import subprocess
import sys
import threading
import time

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.fault_injection]

FORKS = 8
RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parallel_module.py")

RELIABILITY_CASES = [
    {"area": "Load and concurrency", "case": "8 forks create the same 5 computers at once, through one session cache",
     "outcome": "each computer exists once; one fork reports the creation, the others no change",
     "test": "test_eight_forks_on_the_same_items"},
    {"area": "Load and concurrency", "case": "8 forks run glpi_user on the same new login at once",
     "outcome": "the user exists once; one fork reports the creation", "test": "test_eight_forks_on_the_same_user"},
    {"area": "Load and concurrency", "case": "8 forks on the same items with a warm session cache",
     "outcome": "no new session: every fork reuses the cached one (initSession 0)", "test": "test_eight_forks_on_the_same_items"},
    {"area": "Load and concurrency", "case": "8 forks start with no cached session",
     "outcome": "at most one initSession per fork, the cache ends with one valid entry", "test": "test_eight_forks_on_the_same_items"},
    {"area": "Load and concurrency", "case": "session cache files after 8 parallel writers",
     "outcome": "every file is valid JSON with mode 0600 in a 0700 directory; no temporary file left",
     "test": "test_eight_forks_on_the_same_items"},
    {"area": "Load and concurrency", "case": "two writers race on one item with the same expected_sha1",
     "outcome": "one updates it, the other fails saying it changed since it was read and writes nothing",
     "test": "test_two_writers_race_with_expected_sha1"},
]


def run_forks(server, name, args_list, home, timeout=60):
    """One process per args dict; once all have imported everything, they are told to go at the
    same instant. Their results; every process is killed after ``timeout`` seconds."""
    env = dict(os.environ, HOME=str(home))
    for var in ("GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN"):
        env.pop(var, None)
    procs = []
    killer = None
    launched = time.time()
    try:
        for args in args_list:
            connection = {"url": server.base_url, "app_token": server.app_token, "user_token": server.user_token,
                          "timeout": 20, "retries": 1}
            proc = subprocess.Popen([sys.executable, RUNNER, name], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env, universal_newlines=True)
            proc.stdin.write(json.dumps(dict(connection, **args)) + "\n")
            proc.stdin.flush()
            procs.append(proc)
        killer = threading.Timer(timeout, lambda: [p.kill() for p in procs if p.poll() is None])
        killer.start()
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()[-3000:]
        started = time.time()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.close()
        results = []
        for proc in procs:
            output, errors = proc.stdout.read(), proc.stderr.read()
            proc.wait()
            assert proc.returncode == 0, "fork ended with %s (killed after %d s?): %s" % (proc.returncode, timeout, errors[-3000:])
            results.append(json.loads(output))
        print("forks: ready after %.1f s, all done %.2f s after go" % (started - launched, max(r["finished_at"] for r in results) - started))
        return results
    finally:
        if killer is not None:
            killer.cancel()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def cache_files(home):
    folder = os.path.join(str(home), ".ansible", "tmp", "glpi_sessions")
    return folder, sorted(os.listdir(folder))


def check_cache(home):
    folder, names = cache_files(home)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    entries = [name for name in names if name.endswith(".json")]
    assert entries and len(entries) == len([name for name in names if not name.startswith(".")]), names
    for name in entries:
        path = os.path.join(folder, name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, name
        with open(path) as handle:
            entry = json.load(handle)
        assert isinstance(entry["session_token"], str) and entry["session_token"], name
    return entries


def sessions_opened(server, before):
    return server.stats()["sessions"]["initSession"] - before


def test_eight_forks_on_the_same_items(emulator_only, tmp_path, unique):
    api = emulator_only.api_client()
    names = ["load-%s-%d" % (unique, n) for n in range(5)]
    task = {"itemtype": "Computer", "items": [{"name": name, "comment": "load"} for name in names]}

    before = emulator_only.stats()["sessions"]["initSession"]
    results = run_forks(emulator_only, "glpi_item", [task] * FORKS, tmp_path)
    cold = sessions_opened(emulator_only, before)
    assert all(not result["failed"] for result in results), [r.get("msg") for r in results if r["failed"]]
    rows = api.list_items("Computer", search_text={"name": "load-%s-" % unique})
    assert sorted(row["name"] for row in rows) == names, "each computer once: %r" % sorted(row["name"] for row in rows)
    created = sorted(entry["id"] for result in results for entry in result["results"] if entry["action"] == "create")
    assert created == sorted(row["id"] for row in rows), "every computer reported created once, by one fork"
    assert 1 <= cold <= FORKS, cold
    assert len(check_cache(tmp_path)) == 1

    before = emulator_only.stats()["sessions"]["initSession"]
    task = dict(task, items=[dict(item, comment="load again") for item in task["items"]])
    results = run_forks(emulator_only, "glpi_item", [task] * FORKS, tmp_path)
    assert all(not result["failed"] for result in results), [r.get("msg") for r in results if r["failed"]]
    assert sessions_opened(emulator_only, before) == 0, "every fork reused the cached session"
    updated = [entry["id"] for result in results for entry in result["results"] if entry["action"] == "update"]
    assert sorted(updated) == sorted(row["id"] for row in rows), "each computer updated by one fork only"
    assert len(check_cache(tmp_path)) == 1
    print("initSession: %d cold (8 forks, empty cache), 0 warm" % cold)


def test_eight_forks_on_the_same_user(emulator_only, tmp_path, unique):
    api = emulator_only.api_client()
    login = "load-user-%s" % unique
    results = run_forks(emulator_only, "glpi_user", [{"name": login, "realname": "Load"}] * FORKS, tmp_path)
    assert all(not result["failed"] for result in results), [r.get("msg") for r in results if r["failed"]]
    rows = api.list_items("User", search_text={"name": "^%s$" % login})
    assert len(rows) == 1, "the user once: %r" % rows
    assert [result["action"] for result in results].count("create") == 1, [result["action"] for result in results]


def test_two_writers_race_with_expected_sha1(emulator_only, tmp_path, unique):
    api = emulator_only.api_client()
    name = "race-%s" % unique
    ident = api.add("Computer", {"name": name, "comment": "v0"})["id"]
    sha1 = api.get_item("Computer", ident, get_sha1=True)
    writers = [{"itemtype": "Computer", "fields": {"name": name, "comment": "writer %d" % n}, "expected_sha1": sha1}
               for n in (1, 2)]
    results = run_forks(emulator_only, "glpi_item", writers, tmp_path)
    won = [result for result in results if not result["failed"]]
    lost = [result for result in results if result["failed"]]
    assert len(won) == 1 and len(lost) == 1, [(r["failed"], r.get("msg")) for r in results]
    assert won[0]["changed"] is True and lost[0]["changed"] is False
    assert "changed since it was read" in lost[0]["msg"], lost[0]["msg"]
    winner = won[0]["item"]["comment"]
    assert api.get_item("Computer", ident)["comment"] == winner
