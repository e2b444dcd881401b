# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tickets and their actors, items, followups and solutions through the API, in process, as
GLPI 10.0.12 writes them (Ticket.php, CommonITILObject.php, CommonITILActor.php,
Item_Ticket.php, ITILFollowup.php, ITILSolution.php; see glpi_emulator/itil.py)."""


def actors(api, ticket_id):
    users = sorted((row["type"], row["users_id"]) for row in api.get("Ticket/%d/Ticket_User" % ticket_id))
    groups = sorted((row["type"], row["groups_id"]) for row in api.get("Ticket/%d/Group_Ticket" % ticket_id))
    return users, groups


def test_add_defaults_and_priority_matrix(api):
    ticket = api.get("Ticket/%d" % api.add("Ticket", name="  disk full", content="/var at 95%"))
    assert ticket["name"] == "disk full", "prepareInputForAdd ltrims the title"
    assert (ticket["status"], ticket["urgency"], ticket["impact"], ticket["priority"]) == (1, 3, 3, 3)
    assert (ticket["type"], ticket["requesttypes_id"], ticket["global_validation"]) == (1, 1, 1)
    assert ticket["users_id_recipient"] == 2 and ticket["users_id_lastupdater"] == 2 and ticket["date"]
    high = api.get("Ticket/%d" % api.add("Ticket", name="high", urgency=5, impact=4))
    assert high["priority"] == 5, "priority_matrix[5][4]"
    assert api.get("Ticket/%d" % api.add("Ticket", name="low", urgency=1, impact=2))["priority"] == 1
    masked = api.get("Ticket/%d" % api.add("Ticket", name="masked", urgency=6, impact=9))
    assert (masked["urgency"], masked["impact"]) == (3, 3), "urgency_mask / impact_mask allow 1-5"
    major = api.get("Ticket/%d" % api.add("Ticket", name="major", urgency=2, priority=6))
    assert major["priority"] == 6, "a profile with the change-priority right keeps its priority"
    named = api.get("Ticket/%d" % api.add("Ticket", content="printer <b>on</b>   fire\nnow"))
    assert named["name"] == "printer on fire\nnow"


def test_technician_cannot_choose_the_priority(login):
    tech = login("tech")
    ticket = tech.get("Ticket/%d" % tech.add("Ticket", name="tech", urgency=4, impact=4, priority=6))
    assert ticket["priority"] == 4, "Technician lacks Ticket::CHANGEPRIORITY: computed from the matrix"


def test_actors_and_items_given_at_creation(api):
    computer = api.add("Computer", name="pc-itil")
    group = api.add("Group", name="ops-itil")
    plain = api.add("Ticket", name="nobody")
    assert actors(api, plain) == ([], []), "updateActors adds only the actors of the input"
    ticket_id = api.add("Ticket", name="full", _users_id_requester=[4, 5], _users_id_observer=5,
                        _groups_id_assign=[group], items_id={"Computer": [computer]})
    assert actors(api, ticket_id) == ([(1, 4), (1, 5), (3, 5)], [(2, group)])
    assert api.get("Ticket/%d" % ticket_id)["status"] == 2, "an assignment takes a new ticket to assigned"
    links = api.get("Ticket/%d/Item_Ticket" % ticket_id)
    assert [(row["itemtype"], row["items_id"]) for row in links] == [("Computer", computer)]
    assert [row["tickets_id"] for row in api.get("Computer/%d/Item_Ticket" % computer)] == [ticket_id]


def test_actor_links_added_later(api):
    ticket_id = api.add("Ticket", name="later")
    api.add("Ticket_User", tickets_id=ticket_id, users_id=5, type=1)
    status, body = api.call("POST", "Ticket_User", {"input": {"tickets_id": ticket_id, "users_id": 5, "type": 1}})
    assert status == 400 and body[0] == "ERROR_GLPI_ADD", "CommonITILActor refuses the same actor twice"
    api.add("Ticket_User", tickets_id=ticket_id, users_id=5, type=3)
    assert api.get("Ticket/%d" % ticket_id)["status"] == 1
    status, body = api.call("POST", "Ticket_User", {"input": [{"tickets_id": ticket_id, "users_id": 4, "type": 2}]})
    assert status == 201, body
    assert api.get("Ticket/%d" % ticket_id)["status"] == 2


def test_item_links(api):
    computer = api.add("Computer", name="pc-link")
    ticket_id = api.add("Ticket", name="linked")
    api.add("Item_Ticket", tickets_id=ticket_id, itemtype="Computer", items_id=computer)
    status, body = api.call("POST", "Item_Ticket", {"input": {"tickets_id": ticket_id, "itemtype": "Computer",
                                                              "items_id": computer}})
    assert status == 400 and body[0] == "ERROR_GLPI_ADD"
    api.update("Ticket", ticket_id, status=6)
    other = api.add("Computer", name="pc-closed")
    status, body = api.call("POST", "Item_Ticket", {"input": {"tickets_id": ticket_id, "itemtype": "Computer",
                                                              "items_id": other}})
    assert status == 400 and "permission" in body[1], "no item linked to a closed ticket"


def test_urgency_change_recomputes_priority_even_when_given(api):
    ticket_id = api.add("Ticket", name="prio", urgency=3, impact=3, priority=6)
    api.update("Ticket", ticket_id, urgency=5, priority=6)
    assert api.get("Ticket/%d" % ticket_id)["priority"] == 4, "PHP's A || B && C: a new urgency always wins"
    api.update("Ticket", ticket_id, priority=6)
    api.update("Ticket", ticket_id, impact=5, priority=6)
    assert api.get("Ticket/%d" % ticket_id)["priority"] == 6, "a new impact keeps a given priority"
    api.update("Ticket", ticket_id, impact=1)
    assert api.get("Ticket/%d" % ticket_id)["priority"] == 2, "priority_matrix[5][1]"


def test_followups(api):
    ticket_id = api.add("Ticket", name="fup", _users_id_requester=2)
    status, body = api.call("POST", "ITILFollowup", {"input": {"itemtype": "Ticket", "items_id": ticket_id,
                                                               "content": ""}})
    assert status == 400 and body[0] == "ERROR_GLPI_ADD"
    status, body = api.call("POST", "ITILFollowup", {"input": {"itemtype": "Ticket", "items_id": ticket_id,
                                                               "content": "a & b"}})
    assert status == 201 and body["message"] == "", "ITILFollowup::$auto_message_on_action is false"
    rows = api.get("Ticket/%d/ITILFollowup" % ticket_id)
    assert [(row["content"], row["users_id"], row["is_private"], row["timeline_position"]) for row in rows] == [
        ("a &#38; b", 2, 0, 1)]
    api.update("Ticket", ticket_id, status=4)
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket_id, content="any news?")
    assert api.get("Ticket/%d" % ticket_id)["status"] == 1, "a requester's answer reopens a pending ticket"
    api.add("Ticket_User", tickets_id=ticket_id, users_id=2, type=2)
    api.update("Ticket", ticket_id, status=4)
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket_id, content="working on it")
    assert api.get("Ticket/%d" % ticket_id)["status"] == 4, "not when the author is also assigned"


def test_followup_rights_on_open_and_closed_tickets(api, login):
    ticket_id = api.add("Ticket", name="rights", content="x")
    tech, post_only = login("tech"), login("post-only")
    followup = {"itemtype": "Ticket", "items_id": ticket_id, "content": "from a stranger"}
    assert post_only.call("POST", "ITILFollowup", {"input": followup})[0] == 400, \
        "Self-Service adds followups to its own tickets only (canAddFollowups: ADDMYTICKET)"
    api.update("Ticket", ticket_id, status=6)
    for session in (api, tech):  # Super-Admin and Technician: ADDALLTICKET, and canReopen's CREATE
        status, body = session.call("POST", "ITILFollowup", {"input": dict(followup, content="note by %s" % session.user)})
        assert status == 201, (session.user, body)
    assert api.get("Ticket/%d" % ticket_id)["status"] == 6, "neither is a requester: no reopening"
    assert post_only.call("POST", "ITILFollowup", {"input": followup})[0] == 400
    api.add("Ticket_User", tickets_id=ticket_id, users_id=3, type=1)
    post_only.login()
    assert post_only.call("POST", "ITILFollowup", {"input": dict(followup, content="still broken")})[0] == 201
    assert api.get("Ticket/%d" % ticket_id)["status"] == 1, "the requester's answer reopens the closed ticket"


def test_followup_text_zero_is_refused_like_php_empty(api):
    ticket_id = api.add("Ticket", name="zero")
    status, body = api.call("POST", "ITILFollowup", {"input": {"itemtype": "Ticket", "items_id": ticket_id,
                                                               "content": "0"}})
    assert status == 400 and body[0] == "ERROR_GLPI_ADD", body
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket_id, content="0.0")
    assert len(api.get("Ticket/%d/ITILFollowup" % ticket_id)) == 1


def test_no_reopen_keeps_the_status_of_a_requester_answer(api):
    ticket_id = api.add("Ticket", name="keep", _users_id_requester=2)
    solution_id = api.add("ITILSolution", itemtype="Ticket", items_id=ticket_id, content="fixed")
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket_id, content="closing note", _no_reopen=1)
    assert api.get("Ticket/%d" % ticket_id)["status"] == 5, "ParentStatus::updateParentStatus reads _no_reopen"
    assert api.get("ITILSolution/%d" % solution_id)["status"] == 2
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket_id, content="not fixed")
    assert api.get("Ticket/%d" % ticket_id)["status"] == 1
    assert api.get("ITILSolution/%d" % solution_id)["status"] == 4


def test_search_text_reads_a_backslash_as_like_escape(api):
    """API::getItems passes searchText through $DB->escape to a LIKE whose escape character is
    the backslash: a title holding one is not found by itself, but by what LIKE makes of it."""
    for name in ("C:\\temp full", "C:temp full", "x\\y"):
        api.add("Ticket", name=name)
    names = dict((text, [row["name"] for row in api.get("Ticket", **{"searchText[name]": text})])
                 for text in ("^C:\\temp full$", "temp full", "^x\\\\y$"))
    assert names == {"^C:\\temp full$": ["C:temp full"], "temp full": ["C:\\temp full", "C:temp full"],
                     "^x\\\\y$": ["x\\y"]}


def test_solution_solves_then_reopening_refuses_it(api):
    ticket_id = api.add("Ticket", name="sol", _users_id_assign=4)
    solution_id = api.add("ITILSolution", itemtype="Ticket", items_id=ticket_id, content="rebooted")
    ticket = api.get("Ticket/%d" % ticket_id)
    assert ticket["status"] == 5 and ticket["solvedate"] and ticket["begin_waiting_date"]
    assert ticket["closedate"] is None and ticket["solve_delay_stat"] >= 0
    solution = api.get("ITILSolution/%d" % solution_id)
    assert (solution["status"], solution["users_id"], solution["users_id_approval"]) == (2, 2, 0)
    assert [row["id"] for row in api.get("Ticket/%d/ITILSolution" % ticket_id)] == [solution_id]
    status, body = api.call("POST", "ITILSolution", {"input": {"itemtype": "Ticket", "items_id": ticket_id,
                                                               "content": "again"}})
    assert (status, body) == (400, ["ERROR_GLPI_ADD", "The item is already solved, did anyone pushed a "
                                                      "solution before you?"])
    api.update("Ticket", ticket_id, status=2)
    ticket = api.get("Ticket/%d" % ticket_id)
    assert ticket["solvedate"] is None and ticket["begin_waiting_date"] is None
    solution = api.get("ITILSolution/%d" % solution_id)
    assert solution["status"] == 4 and solution["users_id_approval"] == 2, "reopening refuses the last solution"


def test_autoclose_immediately_closes_and_accepts(api):
    entity = api.add("Entity", name="autoclose-now", entities_id=0, autoclose_delay=0)
    api.refresh_entities()
    child = api.add("Entity", name="inherits", entities_id=entity)
    api.refresh_entities()
    ticket_id = api.add("Ticket", name="autoclose", entities_id=child)
    solution_id = api.add("ITILSolution", itemtype="Ticket", items_id=ticket_id, content="done")
    ticket = api.get("Ticket/%d" % ticket_id)
    assert ticket["status"] == 6 and ticket["closedate"] and ticket["solvedate"] == ticket["closedate"]
    solution = api.get("ITILSolution/%d" % solution_id)
    assert solution["status"] == 3 and solution["users_id_approval"] == 2 and solution["date_approval"]
    status, body = api.call("POST", "ITILSolution", {"input": {"itemtype": "Ticket", "items_id": ticket_id,
                                                               "content": "closed"}})
    assert status == 400 and "permission" in body[1], "canSolve() is false on a closed ticket"


def test_purging_a_ticket_purges_what_hangs_on_it(api, store):
    computer = api.add("Computer", name="pc-purge")
    ticket_id = api.add("Ticket", name="purge", _users_id_requester=4, items_id={"Computer": [computer]})
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket_id, content="note")
    api.add("ITILSolution", itemtype="Ticket", items_id=ticket_id, content="fixed")
    status, body = api.call("DELETE", "Ticket/%d" % ticket_id, force_purge="true")
    assert status == 200, body
    for table in ("glpi_tickets_users", "glpi_items_tickets", "glpi_itilfollowups", "glpi_itilsolutions"):
        assert store.query("SELECT COUNT(*) FROM %s" % table)[0][0] == 0, table
