"""glpi_ticket's run() against a mocked client: how the ticket is found (exact title, statuses,
entity, several matches), what is written and in which order, check mode, the followup
added once, status changes GLPI makes, solving and closing, removal, failures part way, and
bad input refused before any write."""

import re
from unittest import mock

import pytest

import module_harness
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiApiError, GlpiConnectionError, GlpiInputError, GlpiNotFoundError, GlpiPartialError, GlpiServerError, GlpiTimeoutError)
from ansible_collections.glpi.glpi.plugins.module_utils.tickets import normalize_text, parse_level, parse_status
from ansible_collections.glpi.glpi.plugins.modules import glpi_ticket

USERS = [{"id": 4, "name": "tech"}, {"id": 7, "name": "monitoring"}]
GROUPS = [{"id": 3, "name": "Ops", "completename": "Ops"}]
CATEGORIES = [{"id": 5, "name": "Disks", "completename": "Monitoring > Disks"}]
ENTITIES = [{"id": 0, "name": "Root entity", "completename": "Root entity"},
            {"id": 2, "name": "Paris", "completename": "Root entity > Paris"}]
COMPUTERS = [{"id": 11, "name": "web-01"}, {"id": 12, "name": "dup"}, {"id": 13, "name": "dup"}]
NAME = "[PROBLEM] web-01: disk full"


def a_ticket(ident, name=NAME, status=2, **fields):
    return dict({"id": ident, "name": name, "status": status, "content": "disk full", "type": 1, "urgency": 3,
                 "impact": 3, "priority": 3, "itilcategories_id": 0, "locations_id": 0, "entities_id": 0,
                 "is_deleted": 0}, **fields)


class FakeGlpi(module_harness.FakeGlpi):
    """Tickets, their sub-items and a few dropdowns behind a mocked GlpiClient."""

    def __init__(self, tickets=(), subitems=None, recompute_priority=False, autoclose=False, requester=False):
        self.tickets = [dict(row) for row in tickets]
        self.subitems = dict((key, [dict(row) for row in rows]) for key, rows in (subitems or {}).items())
        self.recompute_priority = recompute_priority
        self.autoclose = autoclose
        self.requester = requester  # the session's user is a requester (not assigned) of every ticket
        super(FakeGlpi, self).__init__()
        self.client.get_sub_items.side_effect = lambda parent, ident, itemtype, **kw: [
            dict(row) for row in self.subitems.get(itemtype, []) if row.get("tickets_id", row.get("items_id")) == ident]
        self.client.get_active_entities.return_value = {"id": 2, "active_entity_recursive": True}

    def table(self, itemtype):
        return {"Ticket": self.tickets, "User": USERS, "Group": GROUPS, "ITILCategory": CATEGORIES,
                "Entity": ENTITIES, "Computer": COMPUTERS, "Location": []}.get(itemtype)

    def list_items(self, itemtype, search_text=None, is_deleted=None, params=None, **kwargs):
        rows = self.table(itemtype)
        if rows is None:
            raise GlpiNotFoundError("Unknown itemtype", code="ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", status=400)
        if itemtype == "Ticket":
            rows = [row for row in rows if bool(row.get("is_deleted")) == bool(is_deleted)]
        needle = (search_text or {}).get("name", "").strip("^$").lower()
        needle = re.sub(r"\\(.)", r"\1", needle)  # LIKE reads a backslash as an escape character
        return [dict(row) for row in rows if needle in row["name"].lower()]  # LIKE: case-insensitive substring

    def get_item(self, itemtype, ident, **params):
        rows = self.table(itemtype)
        if rows is None:
            raise GlpiNotFoundError("Unknown itemtype", code="ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", status=400)
        found = [dict(row) for row in rows if row["id"] == ident]
        return found[0] if found else None

    def add(self, itemtype, body):
        answers = []
        for element in body if isinstance(body, list) else [body]:
            self.next_id += 1
            answers.append({"id": self.next_id, "message": ""})
            if itemtype == "Ticket":
                stored = dict((key, value) for key, value in element.items() if not key.startswith("_"))
                stored.pop("items_id", None)
                self.tickets.append(a_ticket(self.next_id, **dict(stored, status=1)))
            elif itemtype == "ITILSolution":
                ticket = [row for row in self.tickets if row["id"] == element["items_id"]][0]
                ticket["status"] = 6 if self.autoclose else 5
                self.subitems.setdefault(itemtype, []).append(dict(element, id=self.next_id, status=2))
            else:
                self.subitems.setdefault(itemtype, []).append(dict(element, id=self.next_id))
            if itemtype == "ITILFollowup" and self.requester and not element.get("_no_reopen"):
                ticket = [row for row in self.tickets if row["id"] == element["items_id"]][0]
                if ticket["status"] in (4, 5, 6):  # ParentStatus::updateParentStatus + needReopen
                    ticket["status"] = 1
                    for solution in self.subitems.get("ITILSolution", []):
                        solution["status"] = 4  # refused
        return answers if isinstance(body, list) else answers[0]

    def update(self, itemtype, body):
        for element in body if isinstance(body, list) else [body]:
            ticket = [row for row in self.tickets if row["id"] == element["id"]][0]
            ticket.update(element)
            if self.recompute_priority and "urgency" in element:
                ticket["priority"] = 4  # GLPI's matrix wins over the priority sent with a new urgency
        return [{str(element["id"]): True, "message": ""} for element in (body if isinstance(body, list) else [body])]

    def delete(self, itemtype, body, force_purge=False):
        ticket = [row for row in self.tickets if row["id"] == body["id"]][0]
        if force_purge:
            self.tickets.remove(ticket)
        else:
            ticket["is_deleted"] = 1
        return [{str(body["id"]): True}]

    def writes(self):
        return [call for call in self.client.method_calls if call[0] in ("add", "update", "delete")]


def run_module(fake, check=False, diff=False, **args):
    return module_harness.run(glpi_ticket, fake.client, check_mode=check, diff=diff, **args)


def test_alert_creates_one_ticket_with_its_actors_items_and_followup():
    fake = FakeGlpi()
    result = run_module(fake, name=NAME, content="disk full", urgency="high", priority="major",
                        category="Monitoring > Disks", items=[{"itemtype": "Computer", "name": "web-01"}],
                        requesters=["monitoring"], assigned_groups=["Ops"], observers=[4], followup="first seen")
    writes = fake.writes()
    assert [call[0] + " " + call[1][0] for call in writes] == ["add Ticket"], "one request creates it all"
    body = writes[0][1][1]
    assert body == {"name": NAME, "content": "disk full", "urgency": 4, "priority": 6, "itilcategories_id": 5,
                    "_users_id_requester": [7], "_users_id_observer": [4], "_groups_id_assign": [3],
                    "items_id": {"Computer": [11]}, "_followup": {"content": "first seen", "is_private": 0}}
    assert result["created"] and result["action"] == "create" and result["id"] == 101 and result["matched"] == 0
    assert result["links_added"] == {"requesters": ["monitoring"], "observers": [4], "assigned_groups": ["Ops"],
                                     "items": [{"itemtype": "Computer", "name": "web-01"}]}
    assert result["ticket"]["names"]["category"] == "Monitoring > Disks"
    assert result["ticket"]["names"]["priority"] == "major"


def test_check_mode_creation_writes_nothing():
    fake = FakeGlpi()
    result = run_module(fake, check=True, diff=True, name=NAME, urgency=2, followup="x")
    assert fake.writes() == []
    assert result["changed"] and result["created"] and result["id"] is None and "ticket" not in result
    assert result["diff"] == {"before": {}, "after": {"name": NAME, "urgency": "low", "followup": "x"}}


def test_rerun_of_a_matching_ticket_writes_nothing():
    ticket = a_ticket(8, itilcategories_id=5, urgency=4, content="disk &#60;full&#62;")
    fake = FakeGlpi([ticket], {
        "Ticket_User": [{"id": 1, "tickets_id": 8, "users_id": 7, "type": 1}],
        "Item_Ticket": [{"id": 2, "tickets_id": 8, "itemtype": "Computer", "items_id": 11}],
        "ITILFollowup": [{"id": 3, "items_id": 8, "itemtype": "Ticket", "content": "first &#38; seen\n"}]})
    result = run_module(fake, name=NAME, content="disk <full>\r\n", urgency="high", category="Monitoring > Disks",
                        items=[{"itemtype": "Computer", "name": "web-01"}], requesters=["monitoring"],
                        followup=" first & seen")
    assert result["changed"] is False and result["action"] == "unchanged" and result["id"] == 8
    assert fake.writes() == []
    assert result["followup_added"] is False and result["links_added"] == {}


def test_title_must_match_exactly_and_status_filters():
    fake = FakeGlpi([a_ticket(1, name=NAME.upper()), a_ticket(2, name=NAME + " again"), a_ticket(3, status=5),
                     a_ticket(4, status=6), a_ticket(5, is_deleted=1)])
    result = run_module(fake, check=True, name=NAME)
    assert result["matched"] == 0 and result["created"] is True, "LIKE candidates are compared exactly"
    result = run_module(fake, check=True, name=NAME, match_statuses=["solved", 6], several_matches="newest")
    assert result["matched_ids"] == [4, 3] and result["id"] == 4


@pytest.mark.parametrize("name", ["C:\\temp full", "\\\\srv\\share & more", "ends with \\"])
def test_a_title_with_a_backslash_is_found_again(name):
    fake = FakeGlpi()
    assert run_module(fake, name=name, content="disk full")["created"]
    result = run_module(fake, name=name, content="disk full")
    assert result["matched"] == 1 and result["changed"] is False, "LIKE's escape character must not hide the ticket"
    assert len(fake.tickets) == 1


def test_several_matches_fail_with_the_query_and_the_ids():
    fake = FakeGlpi([a_ticket(3, status=1), a_ticket(9, status=4), a_ticket(6, status=2)])
    with pytest.raises(GlpiInputError) as error:
        run_module(fake, name=NAME, urgency=5)
    message = error.value.message
    assert error.value.option == "several_matches" and fake.writes() == []
    assert message.startswith("3 tickets match (title %r, status new, assigned, planned or pending, in all the "
                              "entities this session sees): ids 9, 6, 3." % NAME), message
    assert "give id" in message.lower() and "ticket_entity" in message and "several_matches=newest" in message


def test_several_matches_newest_acts_on_the_newest():
    fake = FakeGlpi([a_ticket(3, status=1), a_ticket(9, status=4), a_ticket(6, status=2)])
    result = run_module(fake, name=NAME, urgency=5, several_matches="newest")
    assert result["matched"] == 3 and result["matched_ids"] == [9, 6, 3] and result["id"] == 9
    assert fake.client.update.call_args[0] == ("Ticket", {"urgency": 5, "id": 9})
    assert result["warnings"] == [], "asked for: no warning on every run"


@pytest.mark.parametrize("args, found", [
    ({}, None),
    ({"entity": "Paris", "entity_recursive": True}, 7),
    ({"entity": "2", "entity_recursive": True}, 7),
    ({"entity": "Paris"}, None),
    ({"ticket_entity": "Root entity"}, 5),
    ({"several_matches": "newest"}, 9),
])
def test_entity_restricts_the_search(args, found):
    fake = FakeGlpi([a_ticket(5, entities_id=0), a_ticket(7, entities_id=2), a_ticket(9, entities_id=3)])
    if found is None:  # without ticket_entity nor a recursive entity: every entity the session sees
        with pytest.raises(GlpiInputError, match="in all the entities this session sees[)]: ids 9, 7, 5"):
            run_module(fake, check=True, name=NAME, **args)
        return
    result = run_module(fake, check=True, name=NAME, **args)
    assert result["id"] == found


def test_priority_set_again_after_glpi_recomputed_it():
    fake = FakeGlpi([a_ticket(8, urgency=2, priority=6)], recompute_priority=True)
    result = run_module(fake, name=NAME, urgency="very_high", priority="major")
    assert [call[1][1] for call in fake.writes()] == [{"urgency": 5, "id": 8}, {"id": 8, "priority": 6}]
    assert result["ticket"]["priority"] == 6 and result["changed_fields"] == ["urgency"]
    assert result["warnings"] == []


def test_links_missing_are_added_in_one_request_per_link_type():
    fake = FakeGlpi([a_ticket(8)], {"Ticket_User": [{"id": 1, "tickets_id": 8, "users_id": 7, "type": 1}]})
    result = run_module(fake, diff=True, name=NAME, requesters=["monitoring"], assignees=["tech"], observers=["tech"],
                        requester_groups=["Ops"])
    assert fake.writes() == [
        mock.call.add("Group_Ticket", {"groups_id": 3, "type": 1, "tickets_id": 8}),
        mock.call.add("Ticket_User", [{"users_id": 4, "type": 3, "tickets_id": 8},
                                      {"users_id": 4, "type": 2, "tickets_id": 8}])]
    assert result["links_added"] == {"observers": ["tech"], "assignees": ["tech"], "requester_groups": ["Ops"]}
    assert result["action"] == "unchanged" and result["changed"] is True
    assert result["diff"]["after"]["links"] == result["links_added"]


def test_solved_adds_the_solution_after_the_followup():
    fake = FakeGlpi([a_ticket(8)])
    result = run_module(fake, diff=True, name=NAME, state="solved", solution="recovered", followup="back")
    assert [call[0] + " " + call[1][0] for call in fake.writes()] == ["add ITILFollowup", "add ITILSolution"]
    assert fake.client.add.call_args[0][1] == {"itemtype": "Ticket", "items_id": 8, "content": "recovered"}
    assert result["action"] == "solve" and result["solution_added"] and result["ticket"]["status"] == 5
    assert result["diff"]["before"]["status"] == "assigned" and result["diff"]["after"]["status"] == "solved"


@pytest.mark.parametrize("state", ["solved", "closed"])
def test_nothing_open_means_nothing_to_solve(state):
    fake = FakeGlpi([a_ticket(8, status=5)] if state == "solved" else [a_ticket(8, status=6)])
    result = run_module(fake, name=NAME, state=state, solution="recovered")
    assert result["changed"] is False and result["matched"] == 0 and fake.writes() == []
    assert result["id"] is None and "ticket" not in result


def test_solved_by_id_on_a_solved_ticket_is_unchanged():
    fake = FakeGlpi([a_ticket(8, status=5)])
    result = run_module(fake, id=8, state="solved", solution="again")
    assert result["changed"] is False and result["solution_added"] is False and fake.writes() == []


@pytest.mark.parametrize("status, autoclose, writes", [
    (2, False, ["add ITILSolution", "update Ticket"]),
    (2, True, ["add ITILSolution"]),
    (5, False, ["update Ticket"]),
])
def test_closed(status, autoclose, writes):
    fake = FakeGlpi([a_ticket(8, status=status)], autoclose=autoclose)
    result = run_module(fake, name=NAME, state="closed", solution="done")
    assert [call[0] + " " + call[1][0] for call in fake.writes()] == writes
    assert result["action"] == "close" and result["ticket"]["status"] == 6


def test_absent_trashes_and_purge_looks_in_the_trash():
    fake = FakeGlpi([a_ticket(8)])
    result = run_module(fake, name=NAME, state="absent")
    assert fake.writes() == [mock.call.delete("Ticket", {"id": 8}, force_purge=False)] and result["action"] == "trash"
    assert result["ticket"]["is_deleted"] == 1, "the ticket as it is after the task, in the trash"
    fake = FakeGlpi([a_ticket(8, is_deleted=1)])
    assert run_module(fake, name=NAME, state="absent")["changed"] is False
    result = run_module(fake, name=NAME, state="absent", purge=True)
    assert fake.writes() == [mock.call.delete("Ticket", {"id": 8}, force_purge=True)] and result["action"] == "purge"
    assert "ticket" not in result


def test_absent_in_check_mode_returns_the_current_ticket():
    fake = FakeGlpi([a_ticket(8)])
    result = run_module(fake, check=True, name=NAME, state="absent")
    assert fake.writes() == [] and result["changed"] and result["ticket"]["is_deleted"] == 0


def test_id_restores_a_trashed_ticket_and_renames_it():
    fake = FakeGlpi([a_ticket(8, is_deleted=1)])
    result = run_module(fake, id=8, name="renamed")
    assert fake.client.update.call_args[0] == ("Ticket", {"name": "renamed", "is_deleted": 0, "id": 8})
    assert result["action"] == "restore" and result["changed_fields"] == ["name"]


@pytest.mark.parametrize("args, option", [
    ({"requesters": ["nobody"]}, "requesters[0]"),
    ({"assignees": [99]}, "assignees[0]"),
    ({"assigned_groups": ["No group"]}, "assigned_groups[0]"),
    ({"requesters": ["tech", "tech"]}, "requesters"),
    ({"category": "Nope"}, "category"),
    ({"location": "Nowhere"}, "location"),
    ({"ticket_entity": "Lyon"}, "ticket_entity"),
    ({"items": [{"itemtype": "Spaceship", "name": "x"}]}, "items[0].itemtype"),
    ({"items": [{"itemtype": "Computer", "name": "dup"}]}, "items[0].name"),
    ({"items": [{"itemtype": "Computer", "id": 404}]}, "items[0].id"),
    ({"items": [{"itemtype": "Computer", "name": " "}]}, "items[0].name"),
    ({"priority": "urgent"}, "priority"),
    ({"priority": 7}, "priority"),
    ({"urgency": "major"}, "urgency"),
    ({"impact": True}, "impact"),
    ({"match_statuses": ["open"]}, "match_statuses[0]"),
    ({"match_statuses": []}, "match_statuses"),
    ({"id": 404}, "id"),
    ({"name": "  "}, "name"),
    ({"followup": "0"}, "followup"),
    ({"name": "t" * 256}, "name"),
])
def test_bad_input_is_refused_before_any_write(args, option):
    fake = FakeGlpi([a_ticket(8)])
    args = dict({"name": NAME}, **args)
    with pytest.raises(GlpiInputError) as error:
        run_module(fake, **args)
    assert error.value.option == option
    assert fake.writes() == []


def test_a_failure_after_a_write_reports_changed():
    fake = FakeGlpi([a_ticket(8)])
    fake.client.add.side_effect = GlpiNotFoundError("boom", code="ERROR_GLPI_ADD", status=400)
    with pytest.raises(GlpiNotFoundError) as error:
        run_module(fake, name=NAME, urgency=1, followup="news")
    assert getattr(error.value, "changed", False) is True
    assert "(written before this failure: ticket urgency)" in str(error.value)


def test_a_bulk_link_add_failing_part_way_reports_changed_and_what():
    fake = FakeGlpi([a_ticket(8)])
    fake.client.add.side_effect = GlpiPartialError("Some items were not added", results=[{"5": True}, {"6": False}],
                                                   code="ERROR_GLPI_PARTIAL_ADD", status=207)
    with pytest.raises(GlpiPartialError) as error:
        run_module(fake, name=NAME, requesters=["monitoring"], observers=["tech"], followup="news")
    assert getattr(error.value, "changed", False) is True, "the first write added some links"
    assert "written before this failure: links observers, requesters (in part)" in str(error.value)


@pytest.mark.parametrize("failure, changed", [
    (GlpiApiError("GLPI refused to add the item", code="ERROR_GLPI_ADD", status=400), False),
    (GlpiConnectionError("lost", method="POST", path="ITILFollowup", maybe_applied=True), True),
])
def test_a_first_write_failing_is_changed_only_when_glpi_may_have_applied_it(failure, changed):
    fake = FakeGlpi([a_ticket(8)])
    fake.client.add.side_effect = failure
    with pytest.raises(type(failure)) as error:
        run_module(fake, name=NAME, followup="news")
    assert getattr(error.value, "changed", False) is changed
    assert ("followup (perhaps)" in str(error.value)) is changed


def test_a_lost_creation_answer_finds_the_created_ticket_and_never_posts_twice():
    """GLPI created the ticket but its answer was lost (a timeout, nginx's 502 after the commit):
    the ticket is looked for as a re-run would, and reported created."""
    fake = FakeGlpi()

    def add(itemtype, body):
        FakeGlpi.add(fake, itemtype, body)
        raise GlpiTimeoutError("read timeout", method="POST", path="Ticket", maybe_applied=True)
    fake.client.add.side_effect = add
    result = run_module(fake, name=NAME, content="disk full")
    assert fake.client.add.call_count == 1
    assert result["changed"] is True and result["created"] is True and result["id"] == 101
    assert "answer to the ticket creation was lost (no answer within the timeout)" in result["warnings"][0]


def test_a_lost_creation_answer_with_no_ticket_found_fails_unchanged():
    """An HTTP 503 before GLPI did anything: nothing was created, so the task does not report a
    change; it fails saying why, and a re-run converges."""
    fake = FakeGlpi()
    fake.client.add.side_effect = GlpiServerError("Service Unavailable", method="POST", path="Ticket", status=503,
                                                  maybe_applied=True)
    with pytest.raises(GlpiServerError) as error:
        run_module(fake, name=NAME, content="disk full", followup="news")
    assert fake.client.add.call_count == 1
    assert getattr(error.value, "changed", False) is False
    assert "answer was lost (HTTP 503), and the ticket is not visible yet" in str(error.value)


def test_a_followup_that_reopens_the_ticket_shows_in_the_diff_and_warns():
    fake = FakeGlpi([a_ticket(8, status=4)], requester=True)
    result = run_module(fake, name=NAME, followup="any news?")
    assert result["followup_added"] and result["ticket"]["status"] == 1
    assert result["diff"]["before"]["status"] == "pending" and result["diff"]["after"]["status"] == "new"
    assert len(result["warnings"]) == 1 and "from pending to new" in result["warnings"][0]
    assert "requester" in result["warnings"][0]


def test_a_followup_that_keeps_the_status_adds_no_status_to_the_diff():
    fake = FakeGlpi([a_ticket(8, status=4)])
    result = run_module(fake, name=NAME, followup="any news?")
    assert result["followup_added"] and "status" not in result["diff"]["after"] and result["warnings"] == []


@pytest.mark.parametrize("state, status, writes", [
    ("closed", 5, ["add ITILFollowup", "update Ticket"]),
    ("solved", 4, ["add ITILFollowup", "add ITILSolution"]),
])
def test_solving_or_closing_never_lets_the_followup_reopen_the_ticket(state, status, writes):
    solution = {"id": 1, "itemtype": "Ticket", "items_id": 8, "content": "fixed", "status": 2}
    fake = FakeGlpi([a_ticket(8, status=status)], {"ITILSolution": [solution]} if status == 5 else None,
                    requester=True)
    result = run_module(fake, name=NAME, state=state, solution="done", followup="closing note")
    assert [call[0] + " " + call[1][0] for call in fake.writes()] == writes
    assert fake.writes()[0][1][1]["_no_reopen"] == 1
    assert result["ticket"]["status"] == (6 if state == "closed" else 5)
    assert [row["status"] for row in fake.subitems["ITILSolution"]] == [2], "the solution is not refused"


def test_parsers_and_normalisation():
    assert [parse_status(value, "s") for value in (1, "2", "Planned", "waiting", "closed")] == [1, 2, 3, 4, 6]
    assert [parse_level(value, "p", 6) for value in ("very_high", "Very high", "very-low", 6, "3")] == [5, 5, 1, 6, 3]
    assert normalize_text(" a &#38; b\r\nc \n") == "a & b\nc"
    assert normalize_text(None) is None
