"""A bulk ``items:`` task reads only the objects it names (issue 13): its requests do not grow with
the table. 20 computers are ensured in a table of 1,000 then of 10,000 computers, with the same
number of reads each time; and a narrowed batch decides what a single task decides (trash,
text GLPI 10.0 stores encoded, ambiguity, case).

GLPI_NARROW_TABLE_SIZES (default ``1000,10000``) sets the table sizes: on a real GLPI 10.0.12 the
filler rows cost about 5 ms each (10,000 in under a minute, see docs/performance.md), more on a
loaded server; a smaller list keeps a run short, and the claim (the same bounded reads for every
size) is checked all the same.
"""

import os

import pytest

import fillers
from fillers import table_filler

TABLE_SIZES = [int(size) for size in os.environ.get("GLPI_NARROW_TABLE_SIZES", "1000,10000").split(",") if size.strip()]


def items_task(names, **extra):
    task = {"itemtype": "Computer", "items": [{"name": name} for name in names]}
    task.update(extra)
    return {"glpi.glpi.glpi_item": task}


@pytest.fixture(scope="module")
def api(glpi_server):
    client = glpi_server.api_client()
    yield client
    client.close()


@pytest.fixture(scope="module")
def filler(api):
    """grow(n): at least n filler computers in the table; all of them purged after the module
    (unless the server is thrown away after the run: fillers.purge_bulk)."""
    yield from table_filler(api, "Computer", "narrow-fill")


def purge(api, ids):
    fillers.purge(api, "Computer", ids)


@pytest.mark.parametrize("size", TABLE_SIZES)
def test_twenty_items_same_reads_whatever_the_table(playbook, counters, api, filler, unique, size):
    filler(size)
    names = ["narrow-%s-%02d" % (unique, n) for n in range(20)]
    counters.reset()
    first = playbook.run([items_task(names)])[0]
    created = counters.read()
    counters.reset()
    again = playbook.run([items_task(names)])[0]
    rerun = counters.read()
    purge(api, [result["id"] for result in first["results"] if result["id"]])
    assert first["summary"] == {"create": 20}, first.get("msg")
    assert again["summary"] == {"unchanged": 20} and rerun["writes"] == 0
    # First run: listSearchOptions (not cached yet, or cached but confirmed by no row), the search
    # of the 20 names, the trash for the missing ones and a one-row listing for the columns.
    # Re-run: the search, whose rows confirm the cached options, and getMultipleItems for the 20.
    assert created["reads"] <= 4, created["by_endpoint"]
    assert rerun["reads"] <= 2, rerun["by_endpoint"]
    assert "listSearchOptions" not in " ".join(rerun["by_endpoint"]), rerun["by_endpoint"]


def count_rows(api, trash):
    params = {"range": "0-0", "is_deleted": True} if trash else {"range": "0-0"}
    answer = api.request("GET", "Computer", params=params, expected=(200, 206))
    return answer.content_range[2] if answer.content_range else len(answer.body or [])


def test_a_thousand_items_cost_the_cheaper_of_narrowed_and_listed(playbook, counters, api, filler, unique):
    """A batch of 1,000 would search its names in about 33 requests (chunks of OR-ed names, then
    getMultipleItems): it counts the table (two one-row listings) and lists it when that is
    cheaper, in pages of 1,000, active and trash."""
    filler(min(TABLE_SIZES))
    names = ["narrow-%s-k%04d" % (unique, n) for n in range(1000)]
    first = playbook.run([items_task(names)])[0]
    pages = sum(max(1, -(-count_rows(api, trash) // 1000)) for trash in (False, True))
    counters.reset()
    again = playbook.run([items_task(names)])[0]
    rerun = counters.read()
    created = [result["id"] for result in first.get("results", []) if result.get("id")]
    fillers.purge_bulk(api, "Computer", created)
    assert first["summary"] == {"create": 1000}, first.get("msg")
    assert again["summary"] == {"unchanged": 1000} and rerun["writes"] == 0
    assert rerun["reads"] <= 2 + min(pages, 33), (pages, rerun["by_endpoint"])


def test_narrowed_batch_decides_like_single_tasks(playbook, api, unique):
    """Above the batch threshold: a trashed match is restored, a name GLPI 10.0 stores encoded is
    found, a name differing only in case is another object, and the batch is read once."""
    names = ["narrow-%s-%02d" % (unique, n) for n in range(12)]
    special = "R&D <lab> %s" % unique
    upper = "NARROW-%s-CASE" % unique
    seeded = api.add("Computer", [{"name": names[0]}, {"name": special}, {"name": upper}])
    ids = [int(row["id"]) for row in seeded]
    api.delete("Computer", {"id": ids[0]})  # in the trash
    run = playbook.run([items_task(names + [special, upper.lower()])])[0]
    made = [result["id"] for result in run.get("results", []) if result["action"] == "create"]
    purge(api, ids + made)
    actions = dict((result["index"], result["action"]) for result in run["results"])
    assert actions[0] == "restore" and run["results"][0]["id"] == ids[0]
    assert actions[12] == "unchanged" and run["results"][12]["id"] == ids[1]
    assert actions[13] == "create", "a name differing only in case is not the same object"
    assert all(actions[n] == "create" for n in range(1, 12))


def test_narrowed_batch_refuses_ambiguity(playbook, api, unique):
    names = ["narrow-%s-%02d" % (unique, n) for n in range(12)]
    seeded = api.add("Computer", [{"name": names[3]}, {"name": names[3]}])
    ids = [int(row["id"]) for row in seeded]
    run = playbook.run([items_task(names)])[0]
    purge(api, ids + [result["id"] for result in run.get("results", []) or [] if result.get("id") and result["id"] not in ids])
    assert run.get("failed"), run
    assert "2 Computer objects match" in run["msg"] and all(str(ident) in run["msg"] for ident in ids)
