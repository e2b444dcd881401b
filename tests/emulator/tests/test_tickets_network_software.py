# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rules behind the recorded scenarios 10-13 (tickets, network, software, users), each checked
on a real GLPI 10.0.12 with other values than the transcripts use."""


def fields(api, path, *keys):
    body = api.get(path)
    return tuple(body[key] for key in keys)


def test_ticket_taken_into_account_by_a_followup_not_by_an_edit_while_new(api):
    ticket = api.add("Ticket", name="tia", content="x")
    api.update("Ticket", ticket, name="tia renamed")
    assert fields(api, "Ticket/%d" % ticket, "status", "takeintoaccountdate") == (1, None), "isNew(): still incoming"
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket, content="looking")
    status, date, stat = fields(api, "Ticket/%d" % ticket, "status", "takeintoaccountdate", "takeintoaccount_delay_stat")
    assert status == 1 and date is not None and stat >= 1
    waiting = api.add("Ticket", name="tib", content="x")
    api.update("Ticket", waiting, status=4)
    assert api.get("Ticket/%d" % waiting)["takeintoaccountdate"] is not None


def test_closed_ticket_keeps_all_but_status_entity_and_category(api):
    ticket = api.add("Ticket", name="closed one", content="x")
    api.update("Ticket", ticket, status=6)
    assert api.call("PUT", "Ticket/%d" % ticket, {"input": {"name": "renamed"}}) == (400, ["ERROR_GLPI_UPDATE", ""])
    api.update("Ticket", ticket, status=2, name="renamed")
    assert fields(api, "Ticket/%d" % ticket, "status", "name") == (2, "closed one")


def test_self_service_reads_only_its_tickets_and_search_shows_actor_ids(api, login):
    other = api.add("Ticket", name="not yours", content="x", _users_id_requester=5, _users_id_assign=4,
                    _users_id_observer=2)
    post_only = login("post-only")
    assert post_only.call("GET", "Ticket/%d" % other)[0] == 403
    mine = post_only.add("Ticket", name="mine", content="x")
    assert post_only.get("Ticket/%d" % mine)["users_id_recipient"] == 3
    body = api.get("search/Ticket", **{"criteria[0][field]": 2, "criteria[0][searchtype]": "equals",
                                       "criteria[0][value]": other, "forcedisplay[0]": 4, "forcedisplay[1]": 5,
                                       "forcedisplay[2]": 66})
    row = body["data"][0]
    assert (row["4"], row["5"], row["66"]) == ("5", "4", "2"), "users by id, one actor type per option"


def test_ip_addresses_are_parsed_and_checked(api):
    computer = api.add("Computer", name="ip-pc")
    port = api.add("NetworkPort", itemtype="Computer", items_id=computer, instantiation_type="NetworkPortEthernet",
                   name="eth")
    name = api.add("NetworkName", itemtype="NetworkPort", items_id=port, name="host")
    status, body = api.call("POST", "IPAddress", {"input": {"itemtype": "NetworkName", "items_id": name,
                                                            "name": " 010.1.2.3 "}})
    assert (status, body["message"]) == (201, "Item successfully added: 10.1.2.3")
    v4 = api.get("IPAddress/%d" % body["id"])
    assert (v4["version"], v4["binary_2"], v4["binary_3"], v4["mainitemtype"], v4["mainitems_id"]) == \
        (4, 65535, 167838211, "Computer", computer)
    v6 = api.get("IPAddress/%d" % api.add("IPAddress", itemtype="NetworkName", items_id=name, name="2001:DB8::1"))
    assert (v6["name"], v6["version"], v6["binary_0"], v6["binary_3"]) == ("2001:db8::1", 6, 536939960, 1)
    assert api.call("POST", "IPAddress", {"input": {"itemtype": "NetworkName", "items_id": name, "name": "1.2.3"}}) \
        == (400, ["ERROR_GLPI_ADD", "Invalid IP address: 1.2.3"])


def test_network_names_carry_addresses_into_with_networkports(api):
    computer = api.add("Computer", name="nn-pc")
    port = api.add("NetworkPort", itemtype="Computer", items_id=computer, instantiation_type="NetworkPortEthernet",
                   name="eth")
    bare = api.add("NetworkName", itemtype="NetworkPort", items_id=port, name="bare")
    api.add("NetworkName", itemtype="NetworkPort", items_id=port, name="alias", _ipaddresses={"-1": "10.9.8.7"})
    entry = api.get("Computer/%d" % computer, with_networkports="true")["_networkports"]["NetworkPortEthernet"][0]
    assert entry["NetworkName"] == {"id": bare, "name": "bare", "fqdns_id": 0,
                                    "FQDN": {"id": 0, "name": None, "fqdn": None},
                                    "IPAddress": [{"id": "", "name": None, "IPNetwork": []}]}
    assert [ip["name"] for ip in api.get("NetworkName/%d/IPAddress" % (bare + 1))] == ["10.9.8.7"]


def test_licence_validity_and_installations(api):
    pcs = [api.add("Computer", name="lic-pc-%d" % i) for i in range(3)]
    software = api.add("Software", name="lic-soft")
    version = api.add("SoftwareVersion", softwares_id=software, name="1.0")
    assert api.call("POST", "SoftwareLicense", {"input": {"name": "orphan", "number": 1}}) == \
        (400, ["ERROR_GLPI_ADD", "Please select a software for this license"])
    licence = api.add("SoftwareLicense", name="two seats", softwares_id=software, number=2)
    assert api.get("SoftwareLicense/%d" % licence)["ancestors_cache"] is None
    links = [api.add("Item_SoftwareLicense", itemtype="Computer", items_id=pc, softwarelicenses_id=licence)
             for pc in pcs]
    assert (api.get("SoftwareLicense/%d" % licence)["is_valid"], api.get("Software/%d" % software)["is_valid"]) == (0, 0)
    assert api.call("DELETE", "Item_SoftwareLicense/%d" % links[0])[0] == 200
    assert api.call("DELETE", "Item_SoftwareLicense/%d" % links[0]) == (400, ["ERROR_GLPI_DELETE", "Item not found"])
    assert (api.get("SoftwareLicense/%d" % licence)["is_valid"], api.get("Software/%d" % software)["is_valid"]) == (1, 1)
    status, body = api.call("POST", "Item_SoftwareVersion", {"input": {"itemtype": "Computer", "items_id": pcs[0],
                                                                       "softwareversions_id": version}})
    assert body["message"] == "Item successfully added: Installation - ID %d" % body["id"]
    installed = api.get("Computer/%d" % pcs[0], with_softwares="true", get_hateoas="false")["_softwares"]
    assert installed == [{"softwarecategories_id": 0, "softwares_id": software, "softwareversions_id": version,
                          "is_dynamic": 0, "states_id": 0, "is_valid": 1}]


def test_add_messages_name_the_type_or_the_linked_item(api):
    computer = api.add("Computer", name="msg-pc")
    domain = api.add("Domain", name="msg.example")
    ticket = api.add("Ticket", name="msg ticket", content="x")
    cases = [("Domain_Item", {"domains_id": domain, "itemtype": "Computer", "items_id": computer}, "Domain item - ID %d"),
             ("Item_Disk", {"itemtype": "Computer", "items_id": computer}, "Volume - ID %d"),
             ("Item_Ticket", {"tickets_id": ticket, "itemtype": "Computer", "items_id": computer}, "msg-pc"),
             ("UserEmail", {"users_id": 2, "email": "msg@example.com"}, None)]
    for kind, data, label in cases:
        status, body = api.call("POST", kind, {"input": data})
        expected = "" if label is None else "Item successfully added: " + (label % body["id"] if "%d" in label else label)
        assert (status, body["message"]) == (201, expected), kind


def test_user_emails_from_the_user_input_and_groups_in_the_session(api, login):
    user = api.add("User", name="mail-user", _useremails=["first@example.com", "second@example.com"])
    emails = api.get("User/%d/UserEmail" % user)
    # as on GLPI: key 0 adds the first (default) email, key 1 then names that new email's id and
    # updates it, with is_default = (_default_email == 1), false when _default_email is missing
    assert [(e["email"], e["is_default"]) for e in emails] == [("second@example.com", 0)]
    api.update("User", user, _useremails={"-1": "third@example.com"})
    api.update("User", user, _useremails={str(emails[0]["id"]): "changed@example.com"}, _default_email=emails[0]["id"])
    emails = api.get("User/%d/UserEmail" % user)
    assert [(e["email"], e["is_default"]) for e in emails] == [("changed@example.com", 1), ("third@example.com", 0)]
    group = api.add("Group", name="session-group")
    api.add("Group_User", users_id=5, groups_id=group)
    assert login("normal").get("getFullSession")["session"]["glpigroups"] == [group]
    assert api.get("Group/%d/Group_User" % group, expand_dropdowns="true")[0]["users_id"] == "normal"


def test_emails_follow_phpmailer_and_go_with_their_user(api):
    user = api.add("User", name="mail-rules")
    assert api.call("POST", "UserEmail", {"input": {"users_id": user, "email": "root@localhost"}})[0] == 201
    assert api.call("POST", "UserEmail", {"input": {"users_id": user, "email": "  spaced@example.com  "}})[0] == 201
    for bad in ("a..b@c.d", "\u00e9@b.c", "a@b_c.d"):
        assert api.call("POST", "UserEmail", {"input": {"users_id": user, "email": bad}}) == (400, ["ERROR_GLPI_ADD", ""])
    first = api.get("User/%d/UserEmail" % user)[0]["id"]
    assert api.call("PUT", "UserEmail/%d" % first, {"input": {"email": "a..b@c.d"}}) == (400, ["ERROR_GLPI_UPDATE", ""])
    assert api.call("DELETE", "User/%d" % user, force_purge="true")[0] == 200
    assert [e for e in api.get("UserEmail") if e["users_id"] == user] == []


def test_login_stores_null_preferences_and_session_names(api):
    user = api.add("User", name="prefs", realname="Doe", firstname="Jo", password="Pw-12345", password2="Pw-12345",
                   list_limit=30)
    assert fields(api, "User/%d" % user, "highcontrast_css", "list_limit") == (0, 30)
    token = api.client.get("/apirest.php/initSession", headers={
        "App-Token": api.headers["App-Token"], "Authorization": "Basic cHJlZnM6UHctMTIzNDU="}).get_json()
    session = api.client.get("/apirest.php/getFullSession", headers={
        "App-Token": api.headers["App-Token"], "Session-Token": token["session_token"]}).get_json()["session"]
    assert (session["glpifriendlyname"], session["glpiextauth"]) == ("Doe Jo", 0)
    assert fields(api, "User/%d" % user, "highcontrast_css", "list_limit") == (None, 30)


def test_requester_edits_a_new_ticket_until_it_has_a_followup(api, login):
    ticket = api.add("Ticket", name="mine to edit", content="x", _users_id_requester=5)
    normal = login("normal")
    normal.update("Ticket", ticket, urgency=5, name="edited by requester")
    assert fields(api, "Ticket/%d" % ticket, "name", "urgency", "priority") == ("edited by requester", 5, 4)
    api.add("ITILFollowup", itemtype="Ticket", items_id=ticket, content="answer")
    assert normal.call("PUT", "Ticket/%d" % ticket, {"input": {"name": "again"}})[0] == 400


def test_child_links_follow_the_type_lists(api):
    def children(kind, item_id):
        return [link["rel"] for link in api.get("%s/%d" % (kind, item_id))["links"] if link["href"].endswith("/")]
    assert children("Group", api.add("Group", name="no docs")) == []
    assert children("Location", api.add("Location", name="no docs")) == []
    assert children("Domain", api.add("Domain", name="links.example")) == ["Contract_Item", "Infocom", "Item_Ticket"]
    phone = children("Phone", api.add("Phone", name="ph"))
    printer = children("Printer", api.add("Printer", name="pr"))
    assert "Item_DeviceMemory" in phone and "Item_DevicePowerSupply" not in printer
