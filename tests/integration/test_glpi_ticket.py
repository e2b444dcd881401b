"""glpi.glpi.glpi_ticket against glpi_server, the way a monitoring system drives it: an alert
opens a ticket, a re-run changes and writes nothing, news is added once, recovery solves the
ticket, the next alert opens a new one; check mode, diff, closing, removal, several matches,
titles GLPI's search reads differently (a backslash), the status changes a requester's
followup causes, and bad input refused before any write."""

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode, search_text_for

pytestmark = pytest.mark.integration


def ticket(name, **options):
    return {"glpi.glpi.glpi_ticket": dict({"name": name}, **options)}


def item(itemtype, **fields):
    return {"glpi.glpi.glpi_item": {"itemtype": itemtype, "fields": fields}}


@pytest.fixture
def writes(counters):
    """The request ``counters`` (the tests also check the ticket's date_mod, which any write touches)."""
    return counters


def reset(writes):
    writes.reset()


def no_write(writes):
    return writes.read()["writes"] == 0


def named(api, name, trash=False):
    """The tickets titled exactly ``name`` (a searchText with the title itself would miss some)."""
    return [row for row in api.list_items("Ticket", search_text={"name": search_text_for(name)}, is_deleted=trash)
            if html_decode(row["name"]) == name]


@pytest.fixture
def api(glpi_server):
    client = glpi_server.api_client()
    yield client
    client.close()


@pytest.fixture
def tickets(api):
    """Names of the tickets a test creates: all of them (trash included) are purged after it."""
    names = []
    yield names
    for name in names:
        for trash in (False, True):
            for row in named(api, name, trash):
                api.delete("Ticket", {"id": row["id"]}, force_purge=True)


@pytest.fixture
def seeded(playbook, api, unique):
    """A computer, a category under a parent, a group and a user, removed after the test."""
    seed = {"pc": "tk-pc-%s" % unique, "cat": "tk-cat-%s" % unique, "group": "tk-grp-%s" % unique,
            "user": "tk-user-%s" % unique}
    run = playbook.run([
        item("Computer", name=seed["pc"]),
        item("ITILCategory", name=seed["cat"], is_recursive=1),
        item("ITILCategory", name="disks", itilcategories_id=seed["cat"], is_recursive=1),
        item("Group", name=seed["group"], is_recursive=1),
        {"glpi.glpi.glpi_user": {"name": seed["user"], "profiles": [{"profile": "Self-Service", "recursive": True}]}},
    ])
    assert all(result["changed"] for result in run.results), [result.get("msg") for result in run.results]
    seed["ids"] = [(result.get("item") or result.get("user"))["id"] for result in run.results]
    seed["category"] = "%s > disks" % seed["cat"]
    yield seed
    for (itemtype, ident) in zip(("Computer", "ITILCategory", "ITILCategory", "Group", "User"), seed["ids"]):
        api.delete(itemtype, {"id": ident}, force_purge=True)


def rows(api, ticket_id, itemtype):
    return api.get_sub_items("Ticket", ticket_id, itemtype)


def test_alert_opens_a_ticket_and_a_rerun_writes_nothing(playbook, writes, api, seeded, tickets, unique):
    name = "[PROBLEM] %s: disk /var above 90%%" % seeded["pc"]
    tickets.append(name)
    alert = ticket(name, content="Triggered by monitoring.\r\nRunbook: disk-full", type="incident",
                   urgency="high", impact=3, category=seeded["category"],
                   items=[{"itemtype": "Computer", "name": seeded["pc"]}], requesters=[seeded["user"]],
                   assigned_groups=[seeded["group"]], followup="first seen at 10:00")
    reset(writes)
    run = playbook.run([alert], check=True, diff=True)
    planned = run[0]
    assert planned["changed"] is True and planned["created"] is True and planned["id"] is None, planned.get("msg")
    assert no_write(writes), "check mode writes nothing"
    assert api.list_items("Ticket", search_text={"name": "^%s$" % name}) == []
    assert planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["category"] == seeded["category"]
    assert planned["diff"]["after"]["links"]["items"] == [{"itemtype": "Computer", "name": seeded["pc"]}]

    run = playbook.run([alert], diff=True)
    created = run[0]
    assert created["changed"] and created["created"] and created["action"] == "create", created.get("msg")
    assert created["followup_added"] is True and created["matched"] == 0
    opened = created["ticket"]
    assert opened["name"] == name and opened["urgency"] == 4 and opened["impact"] == 3 and opened["type"] == 1
    assert opened["status"] == 2, "an assigned group takes the new ticket to assigned"
    assert opened["names"]["category"] == seeded["category"] and opened["names"]["urgency"] == "high"
    assert [(row["itemtype"], row["items_id"]) for row in rows(api, opened["id"], "Item_Ticket")] == [
        ("Computer", seeded["ids"][0])]
    assert [(row["type"], row["users_id"]) for row in rows(api, opened["id"], "Ticket_User")] == [
        (1, seeded["ids"][4])], "the requesters given, and nobody else"
    assert [(row["type"], row["groups_id"]) for row in rows(api, opened["id"], "Group_Ticket")] == [
        (2, seeded["ids"][3])]
    assert len(rows(api, opened["id"], "ITILFollowup")) == 1

    before = api.get_item("Ticket", opened["id"])
    reset(writes)
    run = playbook.run([alert], diff=True)
    again = run[0]
    assert again["changed"] is False and again["action"] == "unchanged", again
    assert again["id"] == opened["id"] and again["matched"] == 1
    assert again["followup_added"] is False and again["links_added"] == {}
    assert no_write(writes), "a re-run writes nothing"
    assert api.get_item("Ticket", opened["id"])["date_mod"] == before["date_mod"]
    assert len(rows(api, opened["id"], "ITILFollowup")) == 1
    assert again["diff"]["before"] == again["diff"]["after"]


def test_followup_added_once(playbook, api, tickets, unique):
    name = "tk-news-%s" % unique
    tickets.append(name)
    assert playbook.run([ticket(name, content="alert")])[0]["created"]
    run = playbook.run([
        ticket(name, followup="/var at 97%"),
        ticket(name, followup="  /var at 97%\r\n"),
        ticket(name, followup="/var at 99% & <rising>"),
        ticket(name, followup="/var at 99% & <rising>"),
    ])
    first, same, other, other_again = run.results
    assert first["changed"] and first["followup_added"] and first["action"] == "unchanged", first.get("msg")
    assert same["changed"] is False and same["followup_added"] is False, "same text, normalised"
    assert other["followup_added"] is True
    assert other_again["changed"] is False
    contents = sorted(row["content"] for row in rows(api, first["id"], "ITILFollowup"))
    assert len(contents) == 2


def test_recovery_solves_and_the_next_alert_opens_a_new_ticket(playbook, writes, api, tickets, unique):
    name = "tk-flap-%s" % unique
    tickets.append(name)
    opened = playbook.run([ticket(name, content="down")])[0]
    assert opened["created"], opened.get("msg")
    reset(writes)
    run = playbook.run([ticket(name, state="solved", solution="recovered")], check=True, diff=True)
    assert run[0]["changed"] and run[0]["solution_added"] and no_write(writes)
    assert api.get_item("Ticket", opened["id"])["status"] == 1 and rows(api, opened["id"], "ITILSolution") == []
    assert run[0]["diff"]["before"]["status"] == "new" and run[0]["diff"]["after"]["status"] == "solved"

    run = playbook.run([
        ticket(name, state="solved", solution="recovered", followup="back at 10:05"),
        ticket(name, state="solved", solution="recovered", followup="back at 10:05"),
        ticket(name, content="down again"),
    ])
    solved, solved_again, reopened = run.results
    assert solved["changed"] and solved["action"] == "solve" and solved["solution_added"], solved.get("msg")
    assert solved["followup_added"] and solved["ticket"]["status"] in (5, 6)
    assert solved["ticket"]["names"]["status"] in ("solved", "closed")
    solutions = rows(api, opened["id"], "ITILSolution")
    assert len(solutions) == 1 and "recovered" in solutions[0]["content"]
    assert solved_again["changed"] is False and solved_again["matched"] == 0, "nothing open: nothing to do"
    assert solved_again["id"] is None and "ticket" not in solved_again
    assert reopened["created"] and reopened["id"] != opened["id"], "a new alert after a solve opens a new ticket"


def test_solved_with_nothing_open_creates_nothing(playbook, api, unique):
    name = "tk-none-%s" % unique
    run = playbook.run([ticket(name, state="solved", solution="nothing to solve"),
                        ticket(name, state="closed"), ticket(name, state="absent")])
    for result in run.results:
        assert result["changed"] is False and result["matched"] == 0 and result["created"] is False, result
    assert api.list_items("Ticket", search_text={"name": "^%s$" % name}) == []


def test_update_check_mode_and_diff(playbook, writes, api, seeded, tickets, unique):
    name = "tk-upd-%s" % unique
    tickets.append(name)
    assert playbook.run([ticket(name, content="c", urgency="low", priority="major")])[0]["created"]
    change = ticket(name, content="c", urgency="very_high", priority="major", category=seeded["category"],
                    observers=[seeded["user"]], followup="escalated")
    reset(writes)
    run = playbook.run([change], check=True, diff=True)
    planned = run[0]
    assert planned["changed"] and planned["action"] == "update" and no_write(writes), planned
    assert api.list_items("Ticket", search_text={"name": "^%s$" % name})[0]["urgency"] == 2
    assert planned["changed_fields"] == ["category", "urgency"]
    assert planned["diff"]["before"]["urgency"] == "low" and planned["diff"]["after"]["urgency"] == "very_high"
    assert planned["diff"]["before"]["category"] is None
    assert planned["diff"]["after"]["category"] == seeded["category"]
    assert planned["diff"]["after"]["followup"] == "escalated"
    assert planned["diff"]["after"]["links"] == {"observers": [seeded["user"]]}

    run = playbook.run([change, change], diff=True)
    updated, again = run.results
    assert updated["changed"] and updated["links_added"] == {"observers": [seeded["user"]]}, updated.get("msg")
    assert updated["ticket"]["urgency"] == 5 and updated["ticket"]["priority"] == 6, \
        "GLPI recomputes the priority of a new urgency; the module sets it again"
    assert again["changed"] is False


def test_closed_then_absent(playbook, api, tickets, unique):
    name = "tk-close-%s" % unique
    tickets.append(name)
    opened = playbook.run([ticket(name, content="to close")])[0]
    run = playbook.run([
        ticket(name, state="closed", solution="done"),
        ticket(name, state="closed", solution="done"),
        ticket(name, state="absent", match_statuses=["closed"]),
        ticket(name, state="absent", match_statuses=["closed"]),
        ticket(name, state="absent", match_statuses=[6], purge=True),
    ])
    closed, closed_again, trashed, trashed_again, purged = run.results
    assert closed["changed"] and closed["action"] == "close" and closed["solution_added"], closed.get("msg")
    assert closed["ticket"]["status"] == 6 and closed["ticket"]["closedate"]
    assert closed_again["changed"] is False and closed_again["matched"] == 0
    assert trashed["changed"] and trashed["action"] == "trash" and trashed["id"] == opened["id"]
    assert trashed["ticket"]["is_deleted"] == 1, "the ticket as it is after the task"
    assert trashed_again["changed"] is False, "a trashed ticket no longer matches"
    assert purged["changed"] and purged["action"] == "purge"
    assert api.get_item("Ticket", opened["id"]) is None


def test_entity_scopes_the_search(playbook, api, unique):
    path = "Root entity > tk-ent-%s" % unique
    name = "tk-ent-ticket-%s" % unique
    run = playbook.run([{"glpi.glpi.glpi_entity": {"path": path}}])
    assert run[0]["changed"], run[0].get("msg")
    entity_id = run[0]["id"]
    try:
        run = playbook.run([
            ticket(name, content="in root", ticket_entity=0),
            ticket(name, content="in sub", ticket_entity=path),
            ticket(name, content="in sub", ticket_entity=path),
            ticket(name, content="in sub", entity=path),
            ticket(name, content="in root", entity="Root entity", entity_recursive=True),
        ])
        in_root, in_sub, sub_again, sub_session, root_session = run.results
        assert in_root["created"] and in_root["ticket"]["entities_id"] == 0, in_root.get("msg")
        assert in_sub["created"] and in_sub["ticket"]["entities_id"] == entity_id, in_sub.get("msg")
        assert in_sub["ticket"]["names"]["entity"] == path
        assert sub_again["changed"] is False and sub_again["id"] == in_sub["id"] and sub_again["matched"] == 1
        assert sub_session["changed"] is False and sub_session["id"] == in_sub["id"], "GLPI shows that entity only"
        assert root_session["changed"] is False and root_session["id"] == in_root["id"], \
            "a recursive session looks in its own entity, not in the sub-entities"
    finally:
        for trash in (False, True):
            for row in api.list_items("Ticket", search_text={"name": "^%s$" % name}, is_deleted=trash):
                api.delete("Ticket", {"id": row["id"]}, force_purge=True)
        api.refresh_entities()  # this session predates the entity
        api.delete("Entity", {"id": entity_id}, force_purge=True)


def test_several_matches_fail_unless_newest(playbook, api, tickets, unique):
    name = "tk-dup-%s" % unique
    tickets.append(name)
    older = api.add("Ticket", {"name": name, "content": "one"})["id"]
    newer = api.add("Ticket", {"name": name, "content": "two"})["id"]
    api.add("Ticket", {"name": name + " (not the same)", "content": "three"})
    tickets.append(name + " (not the same)")
    run = playbook.run([ticket(name, content="three"), ticket(name, content="two", several_matches="newest")])
    refused, newest = run.results
    assert refused["failed"] is True and refused["changed"] is False
    assert "2 tickets match" in refused["msg"] and "ids %d, %d" % (newer, older) in refused["msg"], refused["msg"]
    assert "in all the entities this session sees" in refused["msg"] and "several_matches=newest" in refused["msg"]
    assert [row["content"] for row in named(api, name)].count("three") == 0, "nothing was written"
    assert newest["changed"] is False and newest["matched"] == 2, newest
    assert newest["id"] == newer and newest["matched_ids"] == [newer, older]


def test_a_title_with_a_backslash_is_found_again(playbook, writes, api, tickets, unique):
    name = "tk-bs-%s C:\\temp\\%s" % (unique, unique)
    tickets.append(name)
    run = playbook.run([ticket(name, content="full")])
    assert run[0]["created"] and run[0]["ticket"]["name"] == name, run[0].get("msg")
    reset(writes)
    run = playbook.run([ticket(name, content="full"), ticket(name, state="absent", purge=True)])
    again, purged = run.results
    assert again["changed"] is False and again["matched"] == 1 and again["id"] == run[0]["id"], again
    assert purged["changed"] and purged["id"] == again["id"]
    assert named(api, name) == [], "one ticket, found and purged: no duplicate left"


@pytest.fixture
def me(api):
    """The id of the user the tests (and the tasks) run as."""
    return api.request("GET", "getFullSession").body["session"]["glpiID"]


def test_a_requesters_followup_reopening_is_reported(playbook, api, tickets, unique, me):
    name = "tk-reopen-%s" % unique
    tickets.append(name)
    ticket_id = api.add("Ticket", {"name": name, "content": "waiting for the user", "_users_id_requester": me})["id"]
    api.update("Ticket", {"id": ticket_id, "status": 4})
    run = playbook.run([ticket(name, followup="the account is a requester")], diff=True)
    answered = run[0]
    assert answered["followup_added"] and answered["ticket"]["status"] == 1, answered.get("msg")
    assert answered["diff"]["before"]["status"] == "pending" and answered["diff"]["after"]["status"] == "new"
    assert any("from pending to new" in warning for warning in answered.get("warnings", [])), answered


def test_closing_a_solved_ticket_with_a_followup_keeps_its_solution(playbook, api, tickets, unique, me):
    name = "tk-keep-%s" % unique
    tickets.append(name)
    ticket_id = api.add("Ticket", {"name": name, "content": "solved already", "_users_id_requester": me})["id"]
    api.add("ITILSolution", {"itemtype": "Ticket", "items_id": ticket_id, "content": "rebooted"})
    if api.get_item("Ticket", ticket_id)["status"] != 5:
        pytest.skip("the root entity closes solved tickets immediately on this server")
    run = playbook.run([ticket(name, state="closed", followup="closed by the monitoring")])
    closed = run[0]
    assert closed["changed"] and closed["action"] == "close" and closed["followup_added"], closed.get("msg")
    assert closed["ticket"]["status"] == 6 and closed["solution_added"] is False
    solutions = [row["status"] for row in rows(api, ticket_id, "ITILSolution")]
    assert len(solutions) == 1 and solutions[0] != 4, \
        "the requester's followup did not reopen the ticket and refuse its solution on the way"
    assert len(rows(api, ticket_id, "ITILFollowup")) == 1


@pytest.mark.parametrize("options, words", [
    ({"requesters": ["tk-nobody-xyz"]}, ["requesters[0]", "tk-nobody-xyz"]),
    ({"category": "No such category"}, ["category", "No such category"]),
    ({"items": [{"itemtype": "NoSuchItemtype", "name": "x"}]}, ["items[0].itemtype", "NoSuchItemtype"]),
    ({"items": [{"itemtype": "Computer", "name": "tk-no-such-pc"}]}, ["items[0].name", "tk-no-such-pc"]),
    ({"priority": "urgent"}, ["priority", "urgent"]),
    ({"urgency": 6}, ["urgency", "6"]),
    ({"match_statuses": ["open"]}, ["match_statuses[0]", "open"]),
    ({"assigned_groups": ["tk-no-group"]}, ["assigned_groups[0]", "tk-no-group"]),
    ({"state": "solved"}, ["solution", "solved"]),
    ({"followup": "0"}, ["followup", "'0'"]),
])
def test_bad_input_fails_before_any_write(playbook, api, unique, options, words):
    name = "tk-bad-%s" % unique
    run = playbook.run([ticket(name, **options)])
    assert run[0]["failed"] is True
    for word in words:
        assert word in run[0]["msg"], run[0]["msg"]
    assert api.list_items("Ticket", search_text={"name": "^%s$" % name}) == [], "nothing was written"


def test_many_tickets_in_one_task(playbook, writes, api, seeded, tickets, unique):
    """tickets: each element as a task of its own; checked before any write; a re-run writes nothing."""
    names = ["[many] %s one" % unique, "[many] %s two" % unique]
    tickets.extend(names)
    many = {"glpi.glpi.glpi_ticket": {"tickets": [
        {"name": names[0], "content": "first", "category": seeded["category"], "observers": [seeded["user"]]},
        {"name": names[1], "items": [{"itemtype": "Computer", "name": seeded["pc"]}], "assigned_groups": [seeded["group"]],
         "match_statuses": ["new", "assigned", "solved", "closed"]}]}}
    bad = {"glpi.glpi.glpi_ticket": {"tickets": [{"name": "[many] %s three" % unique}, {"name": "x", "urgency": "urgent"}]}}
    reset(writes)
    run = playbook.run([bad, many, many])
    refused, created, again = run.results
    assert refused.get("failed") and "tickets[1]" in refused["msg"] and "urgent" in refused["msg"], refused
    assert [(one["action"], one["created"], one["error"]) for one in created["results"]] == [("create", True, None)] * 2, created
    assert created["changed"] and created["summary"] == {"create": 2}
    assert [one["id"] for one in again["results"]] == [one["id"] for one in created["results"]]
    assert again["changed"] is False and again["summary"] == {"unchanged": 2}, again
    assert named(api, "[many] %s three" % unique) == [], "a bad element stops the task before any write"
    first, second = (api.get_item("Ticket", one["id"]) for one in created["results"])
    assert html_decode(first["content"]) == "first" and first["itilcategories_id"] == seeded["ids"][2]
    assert [(row["type"], row["users_id"]) for row in rows(api, first["id"], "Ticket_User")] == [(3, seeded["ids"][4])]
    assert [(row["itemtype"], row["items_id"]) for row in rows(api, second["id"], "Item_Ticket")] == [("Computer", seeded["ids"][0])]
