# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the default profiles of a fresh GLPI 10.0.12 may list, read, create and update, as a
real GLPI 10.0.12 answered (probed on a fresh install): Technician (``tech``), Observer
(``normal``) and Self-Service (``post-only``) on one item of each itemtype created by
``glpi``. Refused reads answer 403 ERROR_RIGHT_MISSING, refused writes 400 with GLPI's
permission message."""
import pytest

from user_api import UserApi

DENIED = "You don't have permission to perform this action."
USERS = ("tech", "normal", "post-only")
# itemtype: for tech, normal, post-only: "list get post put", each ok / 403 / denied
REAL = {
    "Computer": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Monitor": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Software": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "NetworkEquipment": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Printer": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Phone": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Peripheral": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Group": ["ok ok denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Location": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Manufacturer": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "State": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "ITILCategory": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Supplier": ["403 403 denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Contract": ["403 403 denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Budget": ["403 403 denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Domain": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Entity": ["ok ok denied denied", "403 403 denied denied", "403 403 denied denied"],
    "User": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Profile": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Ticket": ["ok ok ok ok", "ok ok ok denied", "ok 403 ok denied"],
    "ComputerType": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "OperatingSystem": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "UserCategory": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
}


def _seed(api, itemtype):
    if itemtype == "Entity":
        return 0
    fields = {"name": "seed-" + itemtype.lower()}
    if itemtype == "Ticket":
        fields["content"] = "seeded by glpi"
    return api.add(itemtype, **fields)


def _outcome(status, body, ok_status):
    if status in ok_status:
        return "ok"
    if status == 403:
        assert body[0] == "ERROR_RIGHT_MISSING"
        return "403"
    assert status == 400 and body[1] == DENIED, (status, body)
    return "denied"


@pytest.mark.parametrize("itemtype", sorted(REAL))
def test_default_profiles_rights(api, login, itemtype):
    item_id = _seed(api, itemtype)
    for user, expected in zip(USERS, REAL[itemtype]):
        session = login(user)
        got = [_outcome(*session.call("GET", itemtype, range="0-0"), ok_status=(200, 206)),
               _outcome(*session.call("GET", "%s/%d" % (itemtype, item_id)), ok_status=(200,))]
        status, body = session.call("POST", itemtype, {"input": {"name": "by-" + user}})
        got.append(_outcome(status, body, ok_status=(201,)))
        status, body = session.call("PUT", "%s/%d" % (itemtype, item_id), {"input": {"comment": "by " + user}})
        got.append(_outcome(status, body, ok_status=(200,)))
        assert " ".join(got) == expected, user


# Children and relations, seeded by glpi on a computer, a ticket, a group and the user normal (id 5).
REAL_CHILDREN = {
    "UserEmail": ["ok ok denied empty", "ok ok denied denied", "403 403 denied denied"],
    "NetworkPort": ["ok ok denied ok", "ok ok denied denied", "403 403 denied denied"],
    "Item_Disk": ["ok ok denied ok", "ok ok denied denied", "ok 403 denied denied"],
    "ReservationItem": ["ok ok denied ok", "ok ok denied denied", "ok 403 denied denied"],
    "Ticket_User": ["ok ok denied ok", "ok ok denied ok", "ok 403 denied denied"],
    "ITILFollowup": ["ok ok denied ok", "ok ok denied denied", "ok 403 denied denied"],
    "Document": ["ok ok ok ok", "ok ok ok denied", "403 403 ok denied"],
    "Group_User": ["ok ok denied ok", "ok ok denied denied", "403 403 denied denied"],
    "Profile_User": ["ok ok denied ok", "ok ok denied denied", "403 403 denied denied"],
}


def _seed_child(api, itemtype):
    computer = api.add("Computer", name="seed-pc")
    ticket = api.add("Ticket", name="seed-ticket", content="x")
    group = api.add("Group", name="seed-group")
    fields = {
        "UserEmail": {"users_id": 5, "email": "n@example.com"},
        "NetworkPort": {"name": "eth0", "itemtype": "Computer", "items_id": computer,
                        "instantiation_type": "NetworkPortEthernet"},
        "Item_Disk": {"name": "disk", "itemtype": "Computer", "items_id": computer},
        "ReservationItem": {"itemtype": "Computer", "items_id": computer, "is_active": 1},
        "Ticket_User": {"tickets_id": ticket, "users_id": 5, "type": 3},
        "ITILFollowup": {"itemtype": "Ticket", "items_id": ticket, "content": "f"},
        "Document": {"name": "seed-doc"},
        "Group_User": {"users_id": 5, "groups_id": group},
        "Profile_User": {"users_id": 5, "profiles_id": 2, "entities_id": 0},
    }[itemtype]
    return api.add(itemtype, **fields)


def _write_outcome(status, body, ok_status):
    if status not in ok_status and body[1] == "":
        return "empty"
    return _outcome(status, body, ok_status)


@pytest.mark.parametrize("itemtype", sorted(REAL_CHILDREN))
def test_default_profiles_rights_on_children(api, login, itemtype):
    item_id = _seed_child(api, itemtype)
    for user, expected in zip(USERS, REAL_CHILDREN[itemtype]):
        session = login(user)
        got = [_outcome(*session.call("GET", itemtype, range="0-0"), ok_status=(200, 206)),
               _outcome(*session.call("GET", "%s/%d" % (itemtype, item_id)), ok_status=(200,))]
        status, body = session.call("POST", itemtype, {"input": {"name": "by-" + user}})
        got.append(_write_outcome(status, body, ok_status=(201,)))
        status, body = session.call("PUT", "%s/%d" % (itemtype, item_id), {"input": {"comment": "by " + user}})
        got.append(_write_outcome(status, body, ok_status=(200,)))
        assert " ".join(got) == expected, user


# The other default profiles, each given to a new user on the root entity (recursive).
OTHER_USERS = (("p-admin", 3), ("p-hotliner", 5), ("p-supervisor", 7), ("p-readonly", 8))
REAL_OTHERS = {
    "Computer": ["ok ok ok ok", "403 403 denied denied", "ok ok ok ok", "ok ok denied denied"],
    "Group": ["ok ok ok ok", "403 403 denied denied", "ok ok denied denied", "ok ok denied denied"],
    "Location": ["ok ok ok ok", "403 403 denied denied", "ok ok ok ok", "ok ok denied denied"],
    "Manufacturer": ["ok ok ok ok", "403 403 denied denied", "403 403 denied denied", "ok ok denied denied"],
    "Supplier": ["ok ok ok ok", "403 403 denied denied", "403 403 denied denied", "ok ok denied denied"],
    "Domain": ["ok ok ok ok", "403 403 denied denied", "ok ok ok ok", "ok ok denied denied"],
    "Entity": ["ok ok denied denied", "403 403 denied denied", "ok ok denied denied", "ok ok denied denied"],
    "User": ["ok ok ok ok", "ok ok denied denied", "ok ok ok ok", "ok ok denied denied"],
    "Profile": ["ok ok denied denied", "403 403 denied denied", "403 403 denied denied", "ok ok denied denied"],
    "Ticket": ["ok ok ok ok", "ok ok ok ok", "ok ok ok ok", "ok ok denied denied"],
    "Document": ["ok ok ok ok", "403 403 ok denied", "ok ok ok ok", "ok ok denied denied"],
}


@pytest.mark.parametrize("itemtype", sorted(REAL_OTHERS))
def test_other_default_profiles_rights(api, store, itemtype):
    item_id = _seed(api, itemtype)
    for (user, profile), expected in zip(OTHER_USERS, REAL_OTHERS[itemtype]):
        api.add("User", name=user, password="Pass-1234", password2="Pass-1234", _profiles_id=profile,
                _entities_id=0, _is_recursive=1)
        session = UserApi(store, user, "Pass-1234")
        got = [_outcome(*session.call("GET", itemtype, range="0-0"), ok_status=(200, 206)),
               _outcome(*session.call("GET", "%s/%d" % (itemtype, item_id)), ok_status=(200,))]
        status, body = session.call("POST", itemtype, {"input": {"name": "by-" + user}})
        got.append(_outcome(status, body, ok_status=(201,)))
        status, body = session.call("PUT", "%s/%d" % (itemtype, item_id), {"input": {"comment": "by " + user}})
        got.append(_outcome(status, body, ok_status=(200,)))
        assert " ".join(got) == expected, user


def test_group_user_and_followups_for_hotliner(api, store):
    """Group_User needs both ends' canView; a followup of another is changed with UPDATEALL only."""
    api.add("User", name="p-hotliner", password="Pass-1234", password2="Pass-1234", _profiles_id=5,
            _entities_id=0, _is_recursive=1)
    group = api.add("Group", name="g")
    link = api.add("Group_User", users_id=5, groups_id=group)
    ticket = api.add("Ticket", name="t", content="x")
    followup = api.add("ITILFollowup", itemtype="Ticket", items_id=ticket, content="f")
    hotliner = UserApi(store, "p-hotliner", "Pass-1234")
    assert hotliner.call("GET", "Group_User")[0] == 403 and hotliner.call("GET", "Group_User/%d" % link)[0] == 403
    assert hotliner.call("GET", "ITILFollowup/%d" % followup)[0] == 200
    assert hotliner.call("PUT", "ITILFollowup/%d" % followup, {"input": {"content": "g"}}) == (
        400, ["ERROR_GLPI_UPDATE", DENIED])


def test_infocom_without_its_item(api):
    assert api.call("POST", "Infocom", {"input": {"name": "x"}}) == (400, ["ERROR_GLPI_ADD", ""])


def test_active_profile_as_profile_clean_profile(api, login, store):
    """getActiveProfile answers the profile row and its rights (112 keys), a helpdesk profile only
    its helpdesk fields (24 keys); JSON columns decoded."""
    real = {  # login: (number of keys, selected values)
        "tech": (112, {"ticket": 166919, "user": 1055, "entity": 33, "computer": 127, "change_status": None,
                       "ticket_status": [], "managed_domainrecordtypes": []}),
        "normal": (112, {"ticket": 168989, "user": 2049, "entity": 0, "computer": 33, "change_status": None,
                         "ticket_status": [], "managed_domainrecordtypes": []}),
        "post-only": (24, {"ticket": 5, "managed_domainrecordtypes": [], "helpdesk_hardware": 1}),
        "glpi": (112, {"ticket": 261151, "user": 7327, "entity": 3327, "managed_domainrecordtypes": [-1]}),
    }
    for user, (count, selected) in real.items():
        profile = login(user).get("getActiveProfile")["active_profile"]
        assert len(profile) == count, user
        assert dict((key, profile.get(key, "absent")) for key in selected) == selected, user
    api.add("User", name="p-readonly", password="Pass-1234", password2="Pass-1234", _profiles_id=8,
            _entities_id=0, _is_recursive=1)
    profile = UserApi(store, "p-readonly", "Pass-1234").get("getActiveProfile")["active_profile"]
    assert (profile["ticket"], profile["user"], profile["computer"]) == (138241, 1, 33)
    assert isinstance(profile["ticket_status"], dict) and profile["helpdesk_item_type"] == []


def test_massive_actions_by_profile(login):
    """getMassiveActions/<itemtype> as GLPI 10.0.12 lists it for each default profile."""
    def keys(session, itemtype, **query):
        status, body = session.call("GET", "getMassiveActions/" + itemtype, **query)
        assert status == 200
        return [action["key"] for action in body] if body else body

    full = keys(login("glpi"), "Computer")
    tech = keys(login("tech"), "Computer")
    assert [k for k in full if k not in tech] == ["Infocom:activate", "ObjectLock:unlock", "KnowbaseItem_Item:add",
                                                  "Contract_Item:add", "Contract_Item:remove"]
    assert keys(login("normal"), "Computer") == ["Document_Item:add", "Document_Item:remove"]
    post_only = login("post-only")
    assert keys(post_only, "Computer") is None, "no action: an empty body"
    assert keys(post_only, "Group_Ticket") == ["MassiveAction:purge"]
    assert keys(login("glpi"), "Computer", is_deleted=1) == [
        "MassiveAction:purge_item_but_devices", "MassiveAction:purge", "MassiveAction:restore",
        "Lock:unlock_component", "Lock:unlock_fields"]
