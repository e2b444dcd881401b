"""glpi_ticket and glpi_massive_action over GLPI's legacy API (v1) and GLPI 11's high-level API (v2,
OAuth2): the same tasks with the same assertions. A monitoring alert's life (open, the same alert again,
news, recovery, close, removal), the team (users and groups as requesters, observers, assignees), check
mode and diff; massive actions item by item over v2; what v2 cannot do fails naming it before any write.

Runs against an emulator in 11.0 mode or the real GLPI 11 GLPI_URL names (see test_api_v2.py). The data
is seeded through the v2 API with plain HTTP (not the collection's code)."""

import uuid

import pytest
import test_api_v2

Seeder = test_api_v2.Seeder

pytestmark = [pytest.mark.integration, pytest.mark.api_v2]

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "v2: glpi_ticket items (GLPI 11.0.6 has no v2 route for a ticket's items)",
     "outcome": "fails naming items and api_version=v2; no ticket is created", "test": "test_ticket_v2_limits_fail_clearly"},
    {"area": "Bad input", "case": "v2: a massive action without a plain v2 equivalent",
     "outcome": "fails naming the action and api_version=v2 before any write", "test": "test_massive_action_v2_limits"},
]


@pytest.fixture(scope="module")
def team(hlapi_server):
    """A group, a location and a category under another, seeded over v2; the fresh-install users tech and normal."""
    tag = uuid.uuid4().hex[:8]
    seed = Seeder(hlapi_server)
    group = seed.add("Administration/Group", {"name": "v2grp-%s" % tag})
    location = seed.add("Dropdowns/Location", {"name": "v2tloc-%s" % tag})
    parent = seed.add("Dropdowns/ITILCategory", {"name": "v2cat-%s" % tag})
    category = seed.add("Dropdowns/ITILCategory", {"name": "Disks", "parent": {"id": parent}})
    yield {"tag": tag, "group": "v2grp-%s" % tag, "group_id": group, "location": "v2tloc-%s" % tag,
           "location_id": location, "category": "v2cat-%s > Disks" % tag, "category_id": category}
    seed.delete("Dropdowns/ITILCategory", category, purge=True)
    seed.delete("Dropdowns/ITILCategory", parent, purge=True)
    seed.delete("Administration/Group", group, purge=True)
    seed.delete("Dropdowns/Location", location, purge=True)


def ticket(**options):
    return {"glpi.glpi.glpi_ticket": options}


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_ticket_alert_life_cycle(run_on, team, api, unique):
    title = "[PROBLEM] v2-%s-%s: disk /var above 90%%" % (api, unique)
    opening = dict(name=title, content="Raised by monitoring: a & b < c", type="incident", urgency="high",
                   impact="medium", location=team["location"], category=team["category"], observers=["normal"], assignees=["tech"],
                   requester_groups=[team["group"]], followup="10:00 /var at 93%")
    preview = run_on(api, [ticket(**opening)], check=True, diff=True)[0]
    assert preview["changed"] and preview["action"] == "create" and preview["id"] is None, preview.get("msg")
    assert preview["diff"]["after"]["urgency"] == "high" and preview["diff"]["after"]["location"] == team["location"]
    run = run_on(api, [
        ticket(**opening),
        ticket(**opening),
        ticket(name=title, urgency="low", followup="10:05 /var at 97%", assignees=["tech"]),
        ticket(name=title, followup="10:05 /var at 97%"),
        ticket(name=title, state="solved", solution="10:10 recovered: /var at 62%"),
        ticket(name=title, state="solved", solution="10:10 recovered: /var at 62%"),
    ], diff=True)
    opened, again, news, news_again, solved, solved_again = run.results
    assert opened["changed"] and opened["action"] == "create" and opened["created"], opened.get("msg")
    ident = opened["id"]
    record = opened["ticket"]
    assert (record["id"], record["name"], record["status"], record["urgency"], record["impact"]) == (ident, title, 2, 4, 3)
    assert record["locations_id"] == team["location_id"] and record["type"] == 1 and record["is_deleted"] == 0
    assert record["names"]["status"] == "assigned" and record["names"]["location"] == team["location"]
    assert record["itilcategories_id"] == team["category_id"] and record["names"]["category"] == team["category"]
    assert opened["followup_added"] and opened["links_added"] == {
        "observers": ["normal"], "assignees": ["tech"], "requester_groups": [team["group"]]}
    assert (again["changed"], again["action"], again["id"], again["matched"]) == (False, "unchanged", ident, 1), again
    assert not again["followup_added"] and again["links_added"] == {}
    assert news["changed"] and news["action"] == "update" and news["changed_fields"] == ["urgency"]
    assert news["followup_added"] and news["diff"]["before"]["urgency"] == "high" and news["diff"]["after"]["urgency"] == "low"
    assert news["diff"]["after"]["followup"] == "10:05 /var at 97%" and news["ticket"]["urgency"] == 2
    assert (news_again["changed"], news_again["followup_added"]) == (False, False)
    assert solved["changed"] and solved["action"] == "solve" and solved["solution_added"], solved.get("msg")
    assert solved["ticket"]["status"] == 5 and solved["diff"]["after"]["status"] == "solved"
    assert (solved_again["changed"], solved_again["matched"], solved_again["id"]) == (False, 0, None)
    run = run_on(api, [
        ticket(id=ident, state="absent"),
        ticket(id=ident, state="absent"),
        ticket(id=ident, state="present"),
        ticket(id=ident, state="closed"),
        ticket(id=ident, state="closed"),
        ticket(id=ident, state="absent", purge=True),
        ticket(id=ident, state="absent", purge=True),
    ])
    trashed, trashed_again, restored, closed, closed_again, purged, purged_again = run.results
    assert trashed["action"] == "trash" and trashed["ticket"]["is_deleted"] == 1, trashed.get("msg")
    assert not trashed_again["changed"]
    assert restored["action"] == "restore" and restored["ticket"]["is_deleted"] == 0, restored.get("msg")
    assert closed["changed"] and closed["action"] == "close" and closed["ticket"]["status"] == 6, closed.get("msg")
    assert closed_again["changed"] is False
    assert purged["action"] == "purge" and "ticket" not in purged
    assert (purged_again["changed"], purged_again["matched"]) == (False, 0)


def alert_task(title, team, status, time, output):
    """The task of docs/tickets.md's monitoring playbook for one notification (without items over v2)."""
    task = dict(name=title, state="present" if status == "PROBLEM" else "solved",
                content="Alert raised by the monitoring system for web-01: disk /var.", type="incident",
                urgency="high", impact="medium", category=team["category"], assigned_groups=[team["group"]],
                solution="%s recovered: %s" % (time, output))
    if status == "PROBLEM":
        task["followup"] = "%s %s" % (time, output)
    return ticket(**task)


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_monitoring_playbook_task(run_on, team, api, unique):
    title = "[web-01-%s-%s] disk /var" % (api, unique)
    run = run_on(api, [
        alert_task(title, team, "PROBLEM", "10:00", "/var at 93%"),
        alert_task(title, team, "PROBLEM", "10:00", "/var at 93%"),
        alert_task(title, team, "PROBLEM", "10:05", "/var at 97%"),
        alert_task(title, team, "OK", "10:10", "/var at 62%"),
        alert_task(title, team, "OK", "10:10", "/var at 62%"),
        alert_task(title, team, "PROBLEM", "11:00", "/var at 91%"),
    ])
    opened, same, news, recovered, recovered_again, reopened = run.results
    assert (opened["action"], opened["created"], opened["followup_added"]) == ("create", True, True), opened.get("msg")
    assert opened["ticket"]["names"]["status"] == "assigned" and not opened["solution_added"]
    assert (same["changed"], same["id"]) == (False, opened["id"])
    assert (news["changed"], news["action"], news["followup_added"], news["id"]) == (True, "unchanged", True, opened["id"])
    assert (recovered["action"], recovered["solution_added"], recovered["ticket"]["status"]) == ("solve", True, 5)
    assert (recovered_again["changed"], recovered_again["matched"]) == (False, 0)
    assert reopened["created"] and reopened["id"] != opened["id"], "a new alert after the recovery opens a new ticket"
    cleanup = run_on(api, [ticket(id=ident, state="absent", purge=True) for ident in (opened["id"], reopened["id"])])
    assert all(result["action"] == "purge" for result in cleanup.results)


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_ticket_team_added_later_and_by_id(run_on, team, api, unique):
    title = "v2-team-%s-%s" % (api, unique)
    run = run_on(api, [
        ticket(name=title, content="c", requesters=["normal"]),
        ticket(name=title, requesters=["normal", 4], observers=[5], assigned_groups=[team["group_id"]]),
        ticket(name=title, requesters=["normal", 4], observers=[5], assigned_groups=[team["group_id"]]),
        ticket(name=title, assignees=["nosuchuser-%s" % unique]),
        ticket(name=title, state="absent", purge=True),
    ], diff=True)
    opened, added, again, unknown, purged = run.results
    assert opened["ticket"]["status"] == 1, opened.get("msg")
    assert added["changed"] and added["action"] == "unchanged", added.get("msg")
    assert added["links_added"] == {"requesters": [4], "observers": [5], "assigned_groups": [team["group_id"]]}
    assert added["diff"]["after"]["links"] == added["links_added"] and added["ticket"]["status"] == 2
    assert again["changed"] is False and again["links_added"] == {}
    assert unknown["failed"] and "assignees[0]" in unknown["msg"] and "nosuchuser" in unknown["msg"]
    assert purged["action"] == "purge"


def test_ticket_v2_limits_fail_clearly(run_on, unique):
    title = "v2-never-%s" % unique
    run = run_on("v2", [
        ticket(name=title, content="c", items=[{"itemtype": "Computer", "id": 1}]),
        ticket(name=title, state="absent", purge=True),
    ])
    items, absent = run.results
    assert items["failed"] and "items" in items["msg"] and "api_version=v2" in items["msg"], items
    assert items["changed"] is False
    assert (absent["changed"], absent["matched"]) == (False, 0)


@pytest.fixture
def computers(hlapi_server, team, unique):
    seed = Seeder(hlapi_server)
    names = ["v2ma-%s-%d" % (unique, index) for index in range(3)]
    ids = [seed.add("Assets/Computer", {"name": name, "comment": "old"}) for name in names]
    yield {"ids": ids, "prefix": "v2ma-%s-" % unique}
    for ident in ids:
        seed.delete("Assets/Computer", ident, purge=True)


def massive(**options):
    return {"glpi.glpi.glpi_massive_action": dict({"itemtype": "Computer"}, **options)}


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_massive_action_item_by_item(run_on, team, computers, api):
    first, second, third = ids = computers["ids"]
    missing = 999999999
    preview = run_on(api, [massive(action="MassiveAction:update", ids=[first, second], field="comment", value="new")],
                     check=True)[0]
    assert preview["changed"] and preview["changed_ids"] == [first, second], preview.get("msg")
    run = run_on(api, [
        massive(action="MassiveAction:update", ids=[first, second], field="comment", value="new"),
        massive(action="update", ids=[first, second], field="comment", value="new"),
        massive(action="update", ids=[first], field="locations_id", value=team["location"]),
        massive(action="MassiveAction:delete", ids=[first, second, missing]),
        massive(action="MassiveAction:delete", ids=[first, second]),
        massive(action="MassiveAction:restore", criteria=[{"field": "name", "value": "^" + computers["prefix"]}]),
        {"glpi.glpi.glpi_item_info": {"itemtype": "Computer", "id": first}},
        massive(action="MassiveAction:purge", ids=ids + [missing]),
    ], diff=True)
    updated, again, located, trashed, trashed_again, restored, read, purged = run.results
    assert updated["changed"] and updated["changed_ids"] == [first, second], updated.get("msg")
    assert updated["summary"] == {"ok": 2, "noaction": 0, "ko": 0, "noright": 0}
    assert updated["results"][0]["id"] == first and updated["results"][0]["status"] == "ok"
    assert (again["changed"], again["skipped_ids"], again["changed_ids"]) == (False, [first, second], [])
    assert located["changed_ids"] == [first], located.get("msg")
    assert trashed["failed"] and trashed["changed_ids"] == [first, second] and trashed["failed_ids"] == [missing]
    assert [r["status"] for r in trashed["results"]] == ["ok", "ok", "noright"]
    assert trashed_again["changed"] is False and trashed_again["skipped_ids"] == [first, second]
    assert restored["changed"] and sorted(restored["changed_ids"]) == [first, second], restored.get("msg")
    record = read["record"]
    assert (record["comment"], record["locations_id"], record["is_deleted"]) == ("new", team["location_id"], 0)
    assert purged["changed"] and purged["changed_ids"] == ids and purged["skipped_ids"] == [missing], purged.get("msg")


def test_massive_action_v2_limits(run_on, computers):
    first = computers["ids"][0]
    run = run_on("v2", [
        massive(action="MassiveAction:amend_comment", ids=[first], input={"amendment": "x"}),
        massive(action="Infocom:activate", ids=[first]),
        massive(action="update", ids=[first], field="entities_id", value=0),
        {"glpi.glpi.glpi_item_info": {"itemtype": "Computer", "id": first}},
    ])
    amend, infocom, move, read = run.results
    assert amend["failed"] and "MassiveAction:amend_comment" in amend["msg"] and "api_version=v2" in amend["msg"]
    assert infocom["failed"] and "Infocom:activate" in infocom["msg"] and "api_version=v2" in infocom["msg"]
    assert move["failed"] and "entities_id" in move["msg"] and "api_version=v2" in move["msg"]
    assert not (amend["changed"] or infocom["changed"] or move["changed"])
    assert read["record"]["comment"] == "old"


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_ticket_in_an_entity_named_by_path(run_on, hlapi_server, api, unique):
    seed = Seeder(hlapi_server)
    entity = seed.add("Administration/Entity", {"name": "v2ent-%s-%s" % (api, unique), "parent": {"id": 0}})
    path = "Root entity > v2ent-%s-%s" % (api, unique)
    title = "v2-entity-%s-%s" % (api, unique)
    try:
        # A fresh session: over v1 a real GLPI refuses a ticket in an entity newer than the (cached) session.
        run = run_on(api, [
            ticket(name=title, content="c", ticket_entity=path, session_cache=False),
            ticket(name=title, content="c", ticket_entity=path, session_cache=False),
            ticket(name=title, content="c", ticket_entity=0, session_cache=False),
        ])
        opened, again, elsewhere = run.results
        assert opened.get("created") and opened["ticket"]["entities_id"] == entity, opened.get("msg")
        assert opened["ticket"]["names"]["entity"] == path
        assert (again["changed"], again["id"]) == (False, opened["id"])
        assert elsewhere["created"] and elsewhere["ticket"]["entities_id"] == 0, "another entity, another ticket"
        cleanup = run_on(api, [ticket(id=r["id"], state="absent", purge=True, session_cache=False) for r in (opened, elsewhere)])
        assert all(result["action"] == "purge" for result in cleanup.results)
    finally:
        seed.delete("Administration/Entity", entity, purge=True)
