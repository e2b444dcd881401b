"""glpi.glpi.glpi_user ``users:`` against glpi_server (issue 13): many users with their emails,
authorizations and memberships in one task; check mode, diff, an unchanged re-run that writes
nothing, bad input refused for every element before any write, and reads that do not grow with
the users table (requests for 20 users the same with 100 and 1,000 users in it).

GLPI_USER_TABLE_SIZES (default ``100,1000``) sets the table sizes of the request-count test."""

import os

import pytest

import fillers
from fillers import table_filler

pytestmark = pytest.mark.integration

TABLE_SIZES = [int(size) for size in os.environ.get("GLPI_USER_TABLE_SIZES", "100,1000").split(",") if size.strip()]

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "glpi_user users: an address without @ in the second element",
     "outcome": "fails naming users[1].emails[0] and the value; nothing written", "test": "test_bad_input_named_nothing_written"},
    {"area": "Over-long values", "case": "glpi_user users: realname of 300 characters in one element",
     "outcome": "fails naming users[2], realname, the length and the limit; nothing written",
     "test": "test_bad_input_named_nothing_written"},
    {"area": "Load and concurrency", "case": "glpi_user users: 20 users in a table of 100 then of 1,000 users",
     "outcome": "the same number of reads for both tables", "test": "test_twenty_users_same_reads_whatever_the_table"},
]


def users_task(users, **extra):
    return {"glpi.glpi.glpi_user": dict({"users": users}, **extra)}


@pytest.fixture(scope="module")
def api(glpi_server):
    client = glpi_server.api_client()
    yield client
    client.close()


def purge_users(api, ids):
    fillers.purge(api, "User", ids)


@pytest.fixture
def group(api, unique):
    answer = api.add("Group", {"name": "bulk-g-%s" % unique, "is_recursive": 1})
    yield "bulk-g-%s" % unique
    api.delete("Group", {"id": int(answer["id"])}, force_purge=True)


def people(unique, count, group_name, prefix="bulk"):
    return [{"name": "%s-%s-%02d" % (prefix, unique, n), "realname": "Person %d" % n,
             "emails": ["%s-%s-%02d@example.com" % (prefix, unique, n)],
             "profiles": [{"profile": "Self-Service", "entity": 0}],
             "groups": [group_name]} for n in range(count)]


def test_create_check_diff_rerun_update(playbook, counters, api, unique, group):
    users = people(unique, 3, group)
    counters.reset()
    check = playbook.run([users_task(users)], check=True, diff=True)[0]
    assert counters.read()["writes"] == 0
    assert check["changed"] and check["summary"] == {"create": 3}, check.get("msg")
    assert sorted(check["diff"]["after"]) == ["User #0", "User #1", "User #2"]
    assert check["diff"]["after"]["User #1"]["emails"] == [{"email": users[1]["emails"][0], "default": True}]

    run = playbook.run([users_task(users)], diff=True)[0]
    ids = [result["id"] for result in run.get("results", [])]
    try:
        assert run["changed"] and run["summary"] == {"create": 3}, run.get("msg")
        assert all(ids) and [result["name"] for result in run["results"]] == [user["name"] for user in users]
        for ident, user in zip(ids, users):
            assert [row["email"] for row in api.get_sub_items("User", ident, "UserEmail")] == user["emails"]
            profiles = api.get_sub_items("User", ident, "Profile_User")
            assert [(row["profiles_id"], row["entities_id"]) for row in profiles] == [(1, 0)], profiles
            assert len(api.get_sub_items("User", ident, "Group_User")) == 1
        assert run["diff"]["after"]["User %d" % ids[0]]["groups"][0]["group"] == group

        counters.reset()
        again = playbook.run([users_task(users)], diff=True)[0]
        assert counters.read()["writes"] == 0
        assert not again["changed"] and again["summary"] == {"unchanged": 3}, again.get("msg")
        assert again["diff"] == {"before": {}, "after": {}}

        users[1]["phone"] = "0102"
        users[2]["emails"] = ["other-%s@example.com" % unique]
        update = playbook.run([users_task(users)], diff=True)[0]
        assert update["changed"] and update["summary"] == {"unchanged": 2, "update": 1}, update.get("msg")
        changed = [result for result in update["results"] if result["changed"]]
        assert [result["index"] for result in changed] == [1, 2]
        assert changed[0]["changed_fields"] == ["phone"]
        assert changed[1]["changes"]["emails"]["added"] == [{"email": users[2]["emails"][0], "default": True}]
        assert sorted(update["diff"]["after"]) == ["User %d" % ids[1], "User %d" % ids[2]]
    finally:
        purge_users(api, ids)


def test_bad_input_named_nothing_written(playbook, counters, unique):
    base = [{"name": "bulk-bad-%s-%d" % (unique, n)} for n in range(3)]
    cases = [
        (dict(base[1], emails=["not-an-address"]), 1, "users[1].emails[0]", "not-an-address"),
        (dict(base[2], realname="x" * 300), 2, "users[2]", "300"),
        (dict(base[0], profiles=[{"profile": "No such profile %s" % unique}]), 0, "users[0].profiles[0].profile",
         "No such profile %s" % unique),
        (dict(base[1], locations_id="No such place %s" % unique), 1, "users[1].locations_id", "No such place %s" % unique),
    ]
    for element, index, named, value in cases:
        users = list(base)
        users[index] = element
        counters.reset()
        run = playbook.run([users_task(users)])[0]
        assert run.get("failed") and named in run["msg"] and value in run["msg"], run.get("msg")
        assert counters.read()["writes"] == 0
    run = playbook.run([users_task(base, name="someone")])[0]
    assert run.get("failed") and "users cannot be combined with name" in run["msg"], run.get("msg")
    run = playbook.run([users_task(base + [{"name": base[0]["name"].upper()}])])[0]
    assert run.get("failed") and "users[0] and users[3] name the same object" in run["msg"], run.get("msg")


@pytest.fixture(scope="module")
def filler(api):
    """grow(n): at least n users in the table; the fillers are purged after the module."""
    yield from table_filler(api, "User", "bulk-fill")


def test_twenty_users_same_reads_whatever_the_table(playbook, counters, api, filler, unique, group):
    reads, made = [], []
    try:
        for size in TABLE_SIZES:
            filler(size)
            users = people(unique, 20, group, prefix="bulk%d" % size)
            counters.reset()
            first = playbook.run([users_task(users)])[0]
            created = counters.read()
            made.extend(result["id"] for result in first.get("results", []))
            counters.reset()
            again = playbook.run([users_task(users)])[0]
            rerun = counters.read()
            assert first["summary"] == {"create": 20}, first.get("msg")
            assert again["summary"] == {"unchanged": 20} and rerun["writes"] == 0, again.get("msg")
            reads.append((size, created["reads"], rerun["reads"], created["by_endpoint"], rerun["by_endpoint"]))
    finally:
        purge_users(api, made)
    assert len(set((first, again) for _size, first, again, _a, _b in reads)) == 1, reads
    assert reads[0][2] <= 12, reads[0][4]
