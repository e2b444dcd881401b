"""The tickets of the HR roles against glpi_server, through ansible-playbook: hr_onboarding opens
an access and a computer ticket per person (the person an observer, the computer ticket linked to
their asset), a re-run with a changed record opens nothing, not even once a ticket is solved;
hr_offboarding opens a recovery ticket per leaver listing and linking their assets, solves it
once they are all back, and a re-run opens and solves nothing. Check mode writes nothing."""

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode

pytestmark = pytest.mark.integration


def role(name, **variables):
    """The role with ``variables``, then its result fact (registered by the Playbook helper)."""
    return [{"ansible.builtin.include_role": {"name": "glpi.glpi." + name}, "vars": variables},
            {"ansible.builtin.debug": {"var": name + "_result"}}]


def keyed(api, key):
    """The tickets (any status, not in the trash) whose title starts with ``key``."""
    return [row for row in api.list_items("Ticket", search_text={"name": key})
            if html_decode(row["name"]).startswith(key)]


def linked(api, ticket_id, itemtype):
    return api.get_sub_items("Ticket", ticket_id, itemtype)


@pytest.fixture
def people(playbook, api, unique):
    """Two computers and a monitor, removed after the test with the users and tickets it made."""
    seed = {"pc_ann": "hrt-pc-ann-%s" % unique, "pc_leo": "hrt-pc-leo-%s" % unique, "mon_leo": "hrt-mon-leo-%s" % unique,
            "ann": "hrt-ann-%s" % unique, "bob": "hrt-bob-%s" % unique, "leo": "hrt-leo-%s" % unique}
    run = playbook.run([{"glpi.glpi.glpi_item": {"itemtype": itemtype, "fields": {"name": seed[key]}}}
                        for itemtype, key in (("Computer", "pc_ann"), ("Computer", "pc_leo"), ("Monitor", "mon_leo"))])
    assert all(result["changed"] for result in run.results), [result.get("msg") for result in run.results]
    seed["ids"] = dict(zip(("pc_ann", "pc_leo", "mon_leo"), [result["item"]["id"] for result in run.results]))
    yield seed
    for login in ("ann", "bob", "leo"):
        for trash in (False, True):
            for row in api.list_items("Ticket", search_text={"name": seed[login] + "]"}, is_deleted=trash):
                api.delete("Ticket", {"id": row["id"]}, force_purge=True)
        for row in api.list_items("User", search_text={"name": "^%s$" % seed[login]}):
            api.delete("User", {"id": row["id"]}, force_purge=True)
    for key, itemtype in (("pc_ann", "Computer"), ("pc_leo", "Computer"), ("mon_leo", "Monitor")):
        api.delete(itemtype, {"id": seed["ids"][key]}, force_purge=True)


def onboarding(seed, realname="Martin"):
    users = [{"login": seed["ann"], "firstname": "Ann", "realname": realname, "emails": ["ann@example.com"],
              "assets": [{"itemtype": "Computer", "name": seed["pc_ann"]}]},
             {"login": seed["bob"], "realname": "Durand"}]
    return role("hr_onboarding", hr_onboarding_users=users, hr_onboarding_ticket_purposes=["access", "computer"])


def test_onboarding_opens_each_ticket_once(playbook, api, people, counters):
    counters.reset()
    run = playbook.run(onboarding(people), check=True)
    planned = run[1]["hr_onboarding_result"]
    assert counters.read()["writes"] == 0, "check mode writes nothing"
    assert [[(ticket["purpose"], ticket["status"]) for ticket in user["tickets"]] for user in planned["users"]] == [
        [("access", "opened"), ("computer", "opened")]] * 2, planned

    run = playbook.run(onboarding(people))
    assert not run[0].get("failed"), run[0].get("msg")
    result = run[1]["hr_onboarding_result"]
    assert result["counts"]["tickets_opened"] == 4 and result["changed"] is True, result
    ann = result["users"][0]
    assert "tickets opened: access #%s, computer #%s" % (ann["tickets"][0]["id"], ann["tickets"][1]["id"]) in result["summary"][0]
    access, computer = (keyed(api, "[hr:%s:%s]" % (purpose, people["ann"])) for purpose in ("access", "computer"))
    assert [row["id"] for row in access] == [ann["tickets"][0]["id"]] and len(computer) == 1
    assert html_decode(access[0]["name"]) == "[hr:access:%s] Access for Ann Martin" % people["ann"]
    assert "ann@example.com" in html_decode(access[0]["content"])
    assert [(row["type"], row["users_id"]) for row in linked(api, access[0]["id"], "Ticket_User")] == [(3, ann["id"])]
    assert linked(api, access[0]["id"], "Item_Ticket") == [], "the access ticket links no asset"
    assert [(row["itemtype"], row["items_id"]) for row in linked(api, computer[0]["id"], "Item_Ticket")] == [
        ("Computer", people["ids"]["pc_ann"])]

    # Somebody solves the access ticket; the record changes: nothing opened, nothing written.
    api.update("Ticket", {"id": access[0]["id"], "status": 5})
    counters.reset()
    run = playbook.run(onboarding(people, realname="Martin-Leroy"))
    again = run[1]["hr_onboarding_result"]
    assert again["counts"]["tickets_opened"] == 0 and again["counts"]["tickets_found"] == 4, again
    assert [ticket["id"] for ticket in again["users"][0]["tickets"]] == [access[0]["id"], computer[0]["id"]]
    assert "tickets found: access #%s" % access[0]["id"] in again["summary"][0]
    assert len(keyed(api, "[hr:access:%s]" % people["ann"])) == 1
    writes = counters.read()
    assert writes["writes"] == 1, ("only the realname of ann", writes["by_endpoint"])


def test_offboarding_recovery_ticket(playbook, api, people, counters):
    leo = {"login": people["leo"], "realname": "Leo",
           "assets": [{"itemtype": "Computer", "name": people["pc_leo"]}, {"itemtype": "Monitor", "name": people["mon_leo"]}]}
    run = playbook.run(role("hr_onboarding", hr_onboarding_users=[leo]))
    assert not run[0].get("failed"), run[0].get("msg")
    leaving = dict(hr_offboarding_users=[people["leo"]], hr_offboarding_tickets_open=True, hr_offboarding_ticket_solve=True)

    run = playbook.run(role("hr_offboarding", **leaving))
    assert not run[0].get("failed"), run[0].get("msg")
    result = run[1]["hr_offboarding_result"]
    user = result["users"][0]
    assert [(ticket["purpose"], ticket["status"], ticket["solved"]) for ticket in user["tickets"]] == [("recovery", "opened", True)]
    assert result["counts"]["tickets_opened"] == 1 and result["counts"]["tickets_solved"] == 1
    assert "tickets opened: recovery #%s" % user["tickets"][0]["id"] in result["summary"][0]
    tickets = keyed(api, "[hr:recovery:%s]" % people["leo"])
    assert [row["id"] for row in tickets] == [user["tickets"][0]["id"]]
    ticket = api.get_item("Ticket", tickets[0]["id"])
    assert ticket["status"] in (5, 6), "every asset is back: solved"
    assert people["pc_leo"] in html_decode(ticket["content"]) and people["mon_leo"] in html_decode(ticket["content"])
    assert sorted((row["itemtype"], row["items_id"]) for row in linked(api, ticket["id"], "Item_Ticket")) == sorted(
        [("Computer", people["ids"]["pc_leo"]), ("Monitor", people["ids"]["mon_leo"])])

    counters.reset()
    run = playbook.run(role("hr_offboarding", **leaving))
    again = run[1]["hr_offboarding_result"]
    assert again["changed"] is False and again["counts"]["tickets_opened"] == 0, again
    assert again["counts"]["tickets_solved"] == 0
    assert [(ticket["status"], ticket["id"]) for ticket in again["users"][0]["tickets"]] == [("found", ticket["id"])]
    assert counters.read()["writes"] == 0, counters.read()["by_endpoint"]
    assert len(keyed(api, "[hr:recovery:%s]" % people["leo"])) == 1
