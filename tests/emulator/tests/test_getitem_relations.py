# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /Itemtype/id with the with_* flags, in process: the shapes GLPI 10.0.12 answered (probed on a
real server with one computer carrying a disk, a software version, a monitor and a printer, a port,
an infocom, a contract, a document, a ticket, a problem, a change, a note and two devices), and
the history rows (glpi_logs) the writes leave."""
import pytest

FLAGS = dict((name, 1) for name in (
    "with_devices", "with_disks", "with_softwares", "with_connections", "with_networkports", "with_infocoms",
    "with_contracts", "with_documents", "with_tickets", "with_problems", "with_changes", "with_notes", "with_logs"))
DENIED = {"error": 401, "message": "You don't have permission to perform this action."}


@pytest.fixture
def computer(api):
    pc = api.add("Computer", name="pc-with")
    api.update("Computer", pc, name="pc-with2", comment="hello")
    ext4 = 4
    api.add("Item_Disk", itemtype="Computer", items_id=pc, name="root", mountpoint="/", device="/dev/sda1",
            filesystems_id=ext4, totalsize=1000, freesize=500)
    version = api.add("SoftwareVersion", softwares_id=api.add("Software", name="Firefox"), name="115.0")
    api.add("Item_SoftwareVersion", itemtype="Computer", items_id=pc, softwareversions_id=version)
    api.add("Computer_Item", computers_id=pc, itemtype="Monitor", items_id=api.add("Monitor", name="mon-1"))
    api.add("Computer_Item", computers_id=pc, itemtype="Printer", items_id=api.add("Printer", name="prn-1"))
    api.add("Contract_Item", contracts_id=api.add("Contract", name="support"), itemtype="Computer", items_id=pc)
    doc = api.add("Document", name="doc-link", link="https://example.com/a")
    api.add("Document_Item", documents_id=doc, itemtype="Computer", items_id=pc)
    status, body = api.call("POST", "Item_Ticket", {"input": {"tickets_id": api.add("Ticket", name="tk", content="broken"),
                                                              "itemtype": "Computer", "items_id": pc}})
    assert (status, body["message"]) == (201, "Item successfully added: pc-with2"), "named after the item"
    api.add("Item_Problem", problems_id=api.add("Problem", name="pb", content="x"), itemtype="Computer", items_id=pc)
    api.add("Change_Item", changes_id=api.add("Change", name="chg", content="x"), itemtype="Computer", items_id=pc)
    api.add("Notepad", itemtype="Computer", items_id=pc, content="a note")
    cpu = api.add("DeviceProcessor", designation="Xeon", frequence_default=2000)
    api.add("Item_DeviceProcessor", itemtype="Computer", items_id=pc, deviceprocessors_id=cpu, frequency=2400)
    return pc


def test_devices_are_keyed_by_type_then_id(api, computer):
    devices = api.get("Computer/%d" % computer, with_devices=1)["_devices"]
    assert list(devices) == ["Item_DeviceProcessor"] and list(devices["Item_DeviceProcessor"]) == ["1"]
    row = devices["Item_DeviceProcessor"]["1"]
    assert list(row)[:7] == ["id", "deviceprocessors_id", "frequency", "serial", "is_dynamic", "nbcores", "nbthreads"]
    assert "items_id" not in row and "itemtype" not in row and "is_deleted" not in row
    assert [link["rel"] for link in row["links"]] == ["DeviceProcessor", "Entity"]
    expanded = api.get("Computer/%d" % computer, with_devices=1, expand_dropdowns=1)["_devices"]
    assert expanded["Item_DeviceProcessor"]["1"]["deviceprocessors_id"] == "Xeon"
    assert api.get("Computer/%d" % api.add("Computer", name="bare"), with_devices=1)["_devices"] == []


def test_disks_softwares_connections(api, computer):
    body = api.get("Computer/%d" % computer, **FLAGS)
    disk, = body["_disks"]
    assert list(disk) == ["name"] and list(disk["name"])[:5] == ["fsname", "id", "entities_id", "itemtype", "name"]
    assert disk["name"]["fsname"] == "ext4" and "items_id" not in disk["name"]
    assert [link["rel"] for link in disk["name"]["links"]] == ["Entity", "Filesystem"]
    software, = body["_softwares"]
    assert {k: v for k, v in software.items() if k != "links"} == {
        "softwarecategories_id": 0, "softwares_id": 1, "softwareversions_id": 1, "is_dynamic": 0, "states_id": 0,
        "is_valid": 1}
    assert list(body["_connections"]) == ["Monitor", "Printer"]
    monitor, = body["_connections"]["Monitor"]
    assert list(monitor)[:6] == ["assoc_id", "assoc_computers_id", "assoc_itemtype", "assoc_items_id",
                                 "assoc_is_dynamic", "id"]
    assert (monitor["assoc_itemtype"], monitor["name"], monitor["size"]) == ("Monitor", "mon-1", "0.00")
    assert [link["rel"] for link in monitor["links"]] == ["UNKNOWN", "UNKNOWN", "UNKNOWN", "Entity"]


def test_contracts_documents_itil_notes(api, computer):
    body = api.get("Computer/%d" % computer, **FLAGS)
    contract, = body["_contracts"]
    assert {k: v for k, v in contract.items() if k != "links"} == {
        "id": 1, "contracts_id": 1, "items_id": computer, "itemtype": "Computer"}
    document, = body["_documents"]
    assert list(document)[:6] == ["assocID", "assocdate", "entityID", "entity", "headings", "id"]
    assert (document["entity"], document["headings"], document["link"]) == ("Root entity", None, "https://example.com/a")
    for key, name in (("_tickets", "tk"), ("_problems", "pb"), ("_changes", "chg")):
        row, = body[key]
        assert row["name"] == name and list(row)[-2:] == ["catname", "links"] and row["catname"] is None
        assert (row["users_id_recipient"], row["urgency"], row["priority"]) == (2, 3, 3)
    note, = body["_notes"]
    assert list(note)[-2:] == ["picture", "links"]
    assert (note["content"], note["users_id"], note["users_id_lastupdater"]) == ("a note", 2, 2)


def test_absent_and_denied_parts(api, login, computer):
    monitor = api.get("Monitor/1", **FLAGS)
    assert "_devices" not in monitor and "_disks" not in monitor and "_connections" not in monitor
    assert monitor["_softwares"] == [] and monitor["_infocoms"] == [] and monitor["_contracts"] == []
    ticket = api.get("Ticket/1", **FLAGS)
    assert ticket["_notes"] == DENIED and "_softwares" not in ticket
    observer = login("normal").get("Computer/%d" % computer, **FLAGS)  # Observer: no "logs" right
    assert observer["_logs"] == DENIED
    assert len(observer["_documents"]) == 1 and len(observer["_notes"]) == 1 and len(observer["_contracts"]) == 1


def test_history_of_the_computer(api, computer):
    logs = api.get("Computer/%d" % computer, with_logs=1)["_logs"]
    rows = [(row["itemtype_link"], row["linked_action"], row["id_search_option"], row["old_value"], row["new_value"])
            for row in logs.values()]
    assert rows == [
        ("0", 20, 0, "", ""), ("", 0, 1, "pc-with", "pc-with2"), ("", 0, 16, "", "hello"),
        ("Item_Disk", 17, 0, "", "root (1)"), ("SoftwareVersion", 4, 0, "", "Firefox - 115.0 (1)"),
        ("Monitor", 15, 0, "", "mon-1 (1)"), ("Printer", 15, 0, "", "prn-1 (1)"),
        ("Contract", 15, 0, "", "support (1)"), ("Document", 15, 0, "", "doc-link (1)"),
        ("Ticket", 15, 0, "", "tk (1)"), ("Problem", 15, 0, "", "pb (1)"), ("Change", 15, 0, "", "chg (1)"),
        ("Notepad", 17, 0, "", "N/A (1)"), ("DeviceProcessor", 1, 0, "", "Xeon (1)")]
    first = next(iter(logs.values()))
    assert first["id"] == 694 and list(logs)[0] == "694", "keyed by id; a fresh install holds 693 rows"
    assert first["user_name"] == "glpi (2)" and first["itemtype"] == "Computer"


def test_history_of_the_other_sides_and_purge(api, computer):
    monitor = api.get("Monitor/1", with_logs=1)["_logs"]
    assert [(r["itemtype_link"], r["linked_action"], r["new_value"]) for r in monitor.values()] == [
        ("0", 20, ""), ("Computer", 15, "pc-with2 (%d)" % computer)]
    assert api.call("DELETE", "Monitor/1")[0] == 200
    assert list(api.get("Monitor/1", with_logs=1)["_logs"].values())[-1]["linked_action"] == 13
    assert api.call("DELETE", "Monitor/1", force_purge=1)[0] == 200
    status, body = api.call("GET", "Log", range="0-999")
    assert all(row["itemtype"] != "Monitor" for row in body), "a purge removes the item's history"


def test_first_login_clears_a_language_equal_to_the_default(api, login):
    assert api.get("User/4")["language"] == "en_GB", "set by the installer for post-only, tech and normal"
    login("tech")
    login("tech")
    assert api.get("User/4")["language"] is None
    rows = [(r["itemtype"], r["items_id"], r["user_name"], r["id_search_option"], r["old_value"], r["new_value"])
            for r in api.get("User/4", with_logs=1)["_logs"].values()]
    assert rows == [("User", 4, "", 17, "en_GB", None)], "logged once, before the session has a user"


def test_history_of_updates_and_authorizations(api):
    location = api.add("Location", name="LocB", locations_id=api.add("Location", name="LocA"))
    pc = api.add("Computer", name="pc-upd")
    api.update("Computer", pc, locations_id=location, serial="X1", users_id_tech=4, otherserial="", contact=None)
    api.update("Computer", pc, locations_id=0, comment="a < b & c")
    rows = [(r["linked_action"], r["id_search_option"], r["old_value"], r["new_value"])
            for r in api.get("Computer/%d" % pc, with_logs=1)["_logs"].values()]
    assert rows == [(20, 0, "", ""), (0, 3, "&nbsp; (0)", "LocA &#62; LocB (%d)" % location), (0, 5, "", "X1"),
                    (0, 24, "&nbsp; (0)", "tech (4)"), (0, 3, "LocA &#62; LocB (%d)" % location, "&nbsp; (0)"),
                    (0, 16, "", "a &#60; b &#38; c")], "NULL to '' is no change"
    user = api.add("User", name="upd-user")
    rows = [(r["itemtype_link"], r["linked_action"], r["new_value"]) for r in api.get("User/%d" % user, with_logs=1)["_logs"].values()]
    assert rows == [("Profile", 17, "Root entity (0), Self-Service (1) (D)"), ("0", 20, "")]
    rows = [(r["itemtype_link"], r["linked_action"], r["new_value"]) for r in api.get("Profile/1", with_logs=1)["_logs"].values()]
    assert rows == [("User", 17, "upd-user (%d), Root entity (0) (D)" % user)]


def test_ticket_history_of_actors_followups_and_solutions(api):
    ticket = api.add("Ticket", name="tk-log", content="x", _users_id_requester=5)
    followup = api.add("ITILFollowup", itemtype="Ticket", items_id=ticket, content="fup")
    api.add("Ticket_User", tickets_id=ticket, users_id=3, type=3)
    api.add("Group_Ticket", tickets_id=ticket, groups_id=api.add("Group", name="grp-log"), type=2)
    rows = [(r["itemtype_link"], r["linked_action"], r["id_search_option"], r["old_value"], r["new_value"])
            for r in api.get("Ticket/%d" % ticket, with_logs=1)["_logs"].values()]
    assert rows[0] == ("User", 15, 4, "", "normal (5)"), "the requester, before the creation row"
    assert rows[1] == ("0", 20, 0, "", "")
    # Ticket::updateDateMod() of the followup takes the ticket into account first: an update, logged
    assert rows[2][:4] == ("", 0, 150, "0")
    assert rows[3:7] == [("ITILFollowup", 17, 0, "", str(followup)), ("ITILFollowup", 12, 0, "", "Followups (%d)" % followup),
                         ("User", 15, 66, "", "post-only (3)"), ("Group", 15, 8, "", "grp-log (1)")]


def test_history_of_trees_emails_groups_licenses_and_systems(api):
    def rows(path):
        return [(r["itemtype_link"], r["linked_action"], r["new_value"]) for r in api.get(path, with_logs=1)["_logs"].values()]
    parent = api.add("Location", name="par")
    child = api.add("Location", name="chi", locations_id=parent)
    assert rows("Location/%d" % parent) == [("0", 20, ""), ("Location", 17, "chi (%d)" % child)]
    user = api.add("User", name="lu")
    email = api.add("UserEmail", users_id=user, email="lu@example.com")
    group = api.add("Group", name="lg")
    api.add("Group_User", users_id=user, groups_id=group)
    assert rows("User/%d" % user)[2:] == [("UserEmail", 17, "lu@example.com (%d)" % email), ("Group", 15, "lg (%d)" % group)]
    assert rows("Group/%d" % group) == [("0", 20, ""), ("User", 15, "lu (%d)" % user)]
    license_id = api.add("SoftwareLicense", softwares_id=api.add("Software", name="sw"), name="lic")
    pc = api.add("Computer", name="pcl")
    api.add("Item_SoftwareLicense", softwarelicenses_id=license_id, itemtype="Computer", items_id=pc)
    api.add("Item_OperatingSystem", itemtype="Computer", items_id=pc, operatingsystems_id=0)
    assert rows("Computer/%d" % pc) == [("0", 20, ""), ("SoftwareLicense", 15, "sw - lic (%d)" % license_id),
                                        ("OperatingSystem", 15, "N/A ()")]
