"""hr_onboarding of N people: first run (creates them) and an unchanged re-run, requests counted.

Each person has a login, first and last name, one address, the default authorization
(Self-Service in the root entity) and one group. Requests are counted by the test suite's
counting proxy (tests/counting_proxy.py) in front of the server, session calls included. The
users and the group are purged at the end.

Server: a fresh emulator, or a real GLPI when GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN are
set (GLPI_URL with or without /apirest.php).
Usage: python bench/hr_onboarding.py [--csv] [N ...]   (default 50 500)
With HR_BENCH_TICKETS=access,computer the role also opens those tickets per person
(hr_onboarding_ticket_purposes; the tickets are purged at the end too).

--csv: the same people from an HR export instead of hr_onboarding_users: a CSV file of N rows
(login, firstname, realname, emails, groups, start_date; UTF-8 with a BOM) that the role reads and
validates against its JSON Schema (hr_onboarding_file), first run and re-run.
"""

import csv
import os
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
from common import APP_TOKEN, USER_TOKEN, Emulator, collections_dir, report, rest_session, run_playbook  # noqa: E402
from counting_proxy import CountingProxy  # noqa: E402

CSV_MODE = "--csv" in sys.argv[1:]
SIZES = [int(arg) for arg in sys.argv[1:] if arg != "--csv"] or [50, 500]
PURPOSES = [one for one in os.environ.get("HR_BENCH_TICKETS", "").split(",") if one]


class Rest:
    """Set-up and clean-up straight to the server (not counted)."""

    def __init__(self, base_url, app_token, user_token):
        self.base_url = base_url
        self.http = rest_session(base_url, app_token, user_token)

    def add(self, itemtype, body):
        answer = self.http.post(self.base_url + "/" + itemtype, json={"input": body}, timeout=600)
        answer.raise_for_status()
        return answer.json()

    def purge(self, itemtype, ids):
        for start in range(0, len(ids), 100):
            answer = self.http.delete(self.base_url + "/" + itemtype, timeout=600, params={"force_purge": "true"},
                                      json={"input": [{"id": ident} for ident in ids[start:start + 100]]})
            answer.raise_for_status()

    def user_ids(self, prefix, itemtype="User", pattern="^%s"):
        answer = self.http.get(self.base_url + "/" + itemtype, params={"searchText[name]": pattern % prefix, "range": "0-9999"},
                               timeout=120)
        return [row["id"] for row in answer.json()] if answer.status_code in (200, 206) else []


def playbook(workdir, base_url, tokens, people, group):
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "roles": [{"role": "glpi.glpi.hr_onboarding", "vars": {
            "hr_onboarding_connection": {"url": base_url, "app_token": tokens[0], "user_token": tokens[1]},
            "hr_onboarding_summary": False,
            "hr_onboarding_users": [{"login": login, "firstname": "First", "realname": "Person %d" % n,
                                     "emails": ["%s@example.com" % login], "groups": [group]}
                                    for n, login in enumerate(people)],
            "hr_onboarding_ticket_purposes": PURPOSES}}],
    }]
    path = os.path.join(workdir, "hr-%d.yml" % len(people))
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path


def csv_playbook(workdir, base_url, tokens, people, group):
    """The same people as playbook(), from a CSV export read by the role (hr_onboarding_file)."""
    export = os.path.join(workdir, "hr-%d.csv" % len(people))
    with open(export, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["login", "firstname", "realname", "emails", "groups", "start_date"])
        for n, login in enumerate(people):
            writer.writerow([login, "First", "Person %d" % n, "%s@example.com" % login, group, "2026-01-05"])
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "roles": [{"role": "glpi.glpi.hr_onboarding", "vars": {
            "hr_onboarding_connection": {"url": base_url, "app_token": tokens[0], "user_token": tokens[1]},
            "hr_onboarding_summary": False, "hr_onboarding_file": export, "hr_onboarding_today": "2026-12-01"}}],
    }]
    path = os.path.join(workdir, "hr-csv-%d.yml" % len(people))
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path


def module_playbook(workdir, base_url, tokens, people, group):
    """The users task alone (glpi_user users: with what the role sends for a new person), to tell
    the module's share of a re-run from the role's templating."""
    play = [{
        "hosts": "localhost", "gather_facts": False,
        "module_defaults": {"group/glpi.glpi.glpi": {"url": base_url, "app_token": tokens[0], "user_token": tokens[1]}},
        "tasks": [{"glpi.glpi.glpi_user": {"users": [
            {"name": login, "firstname": "First", "realname": "Person %d" % n, "emails": ["%s@example.com" % login],
             "groups": [group], "profiles": [{"profile": "Self-Service", "entity": 0, "recursive": False}],
             "profiles_id": "Self-Service", "entities_id": 0, "is_active": True} for n, login in enumerate(people)]}}],
    }]
    path = os.path.join(workdir, "users-%d.yml" % len(people))
    with open(path, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    return path


def measure(server_url, tokens, rest):
    proxy = CountingProxy(server_url).start()
    workdir = tempfile.mkdtemp(prefix="glpi-bench-")
    collections = collections_dir()
    stamp = "%x" % int(time.time())
    group = "hr-bench-%s" % stamp
    group_id = rest.add("Group", {"name": group, "is_recursive": 1})["id"]
    rows = []
    try:
        for size in SIZES:
            prefix = "hrb%s-%d-" % (stamp, size)
            logins = ["%s%04d" % (prefix, n) for n in range(size)]
            path = playbook(workdir, proxy.url + "/apirest.php", tokens, logins, group)
            alone = module_playbook(workdir, proxy.url + "/apirest.php", tokens, logins, group)
            runs = [("first (creates)", path), ("re-run (no change)", path)]
            if not PURPOSES:
                runs.append(("glpi_user users: task alone, re-run", alone))
            if CSV_MODE:
                from_csv = csv_playbook(workdir, proxy.url + "/apirest.php", tokens, logins, group)
                runs = [("CSV: first (creates)", from_csv), ("CSV: re-run (no change)", from_csv), ("variable: re-run (no change)", path)]
            try:
                for run, play in runs:
                    proxy.reset()
                    seconds = run_playbook(play, collections=collections)
                    stats = proxy.read()
                    rows.append({"people": size, "run": run, "seconds": round(seconds, 2), "requests": stats["total"],
                                 "reads": stats["reads"], "writes": stats["writes"]})
            finally:
                rest.purge("User", rest.user_ids(prefix))
                if PURPOSES:
                    rest.purge("Ticket", rest.user_ids(prefix, "Ticket", ":%s"))
    finally:
        rest.purge("Group", [group_id])
        proxy.stop()
    return rows


def main():
    url = os.environ.get("GLPI_URL")
    if url:
        server_url = url.rstrip("/")
        server_url = server_url[:-len("/apirest.php")] if server_url.endswith("/apirest.php") else server_url
        tokens = (os.environ["GLPI_APP_TOKEN"], os.environ["GLPI_USER_TOKEN"])
        rows = measure(server_url, tokens, Rest(server_url + "/apirest.php", tokens[0], tokens[1]))
        where = "GLPI at %s" % server_url
    else:
        with Emulator() as emulator:
            rows = measure(emulator.server_url, (APP_TOKEN, USER_TOKEN), Rest(emulator.base_url, APP_TOKEN, USER_TOKEN))
        where = "emulator"
    report("hr_onboarding of N people%s, %s" % (", tickets " + "+".join(PURPOSES) if PURPOSES else "", where), rows)


if __name__ == "__main__":
    main()
