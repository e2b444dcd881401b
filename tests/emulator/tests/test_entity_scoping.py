# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Entity scoping of a profile given in a sub-entity, as a real GLPI 10.0.12 answered (probed
on a fresh install): tree root > A > A1 and root > B; a user with Technician on A (recursive)
and the automatic Self-Service on the root entity (not recursive); another with Observer on A
(not recursive)."""
import pytest

from user_api import UserApi

DENIED = ["ERROR_GLPI_ADD", "You don't have permission to perform this action."]


@pytest.fixture
def tree(api, store):
    ids = {"A": api.add("Entity", name="ent-A", entities_id=0), "B": api.add("Entity", name="ent-B", entities_id=0)}
    api.refresh_entities()
    ids["A1"] = api.add("Entity", name="ent-A1", entities_id=ids["A"])
    api.refresh_entities()
    computers = {}
    for name, ent, rec in (("c-root-rec", 0, 1), ("c-root", 0, 0), ("c-A", ids["A"], 0), ("c-A-rec", ids["A"], 1),
                           ("c-A1", ids["A1"], 0), ("c-B", ids["B"], 0)):
        computers[name] = api.add("Computer", name=name, entities_id=ent, is_recursive=rec)
    tech = api.add("User", name="ent-tech", password="Pass-1234", password2="Pass-1234")
    api.add("Profile_User", users_id=tech, profiles_id=6, entities_id=ids["A"], is_recursive=1)
    obs = api.add("User", name="ent-obs", password="Pass-1234", password2="Pass-1234")
    api.add("Profile_User", users_id=obs, profiles_id=2, entities_id=ids["A"], is_recursive=0)
    return ids, computers, UserApi(store, "ent-tech", "Pass-1234"), UserApi(store, "ent-obs", "Pass-1234")


def active(session):
    body = session.get("getActiveEntities")["active_entity"]
    return body["id"], body["active_entity_recursive"], [e["id"] for e in body["active_entities"]]


def change(session, entities_id=None, recursive=None):
    body = {} if entities_id is None else {"entities_id": entities_id}
    if recursive is not None:
        body["is_recursive"] = recursive
    return session.call("POST", "changeActiveEntities", body)[1]


def test_login_and_profile_change_pick_the_active_entities(tree):
    ids, _computers, tech, _obs = tree
    assert active(tech) == (0, 0, [0]), "Self-Service (first by name) on the default entity, its own recursion"
    assert tech.get("getMyEntities") == {"myentities": [{"id": 0, "name": "Root entity"}]}
    assert tech.call("POST", "changeActiveProfile", {"profiles_id": 6}) == (200, True)
    assert active(tech) == (ids["A"], False, [ids["A"], ids["A1"]]), "no profile entity is the default: 'all'"
    assert [e["id"] for e in tech.get("getMyEntities", is_recursive=1)["myentities"]] == [ids["A1"], ids["A"]]


def test_change_active_entities_follows_the_profile_recursion(tree):
    ids, _computers, tech, obs = tree
    tech.call("POST", "changeActiveProfile", {"profiles_id": 6})
    assert change(tech, ids["A1"], True) is True and active(tech) == (ids["A1"], True, [ids["A1"]])
    for entity, rec in ((ids["B"], False), (0, False), (0, True)):
        assert change(tech, entity, rec) is False
    assert active(tech) == (ids["A1"], True, [ids["A1"]]), "a refused change keeps the entities"
    assert change(tech) is True and active(tech) == (ids["A"], False, [ids["A"], ids["A1"]])
    tech.call("POST", "changeActiveProfile", {"profiles_id": 1})   # Self-Service on root, not recursive
    assert change(tech, ids["A"], False) is True, "a sub-entity of a non-recursive profile entity, alone"
    assert change(tech, ids["A"], True) is False
    obs.call("POST", "changeActiveProfile", {"profiles_id": 2})
    assert active(obs) == (ids["A"], False, [ids["A"]])
    assert change(obs, ids["A1"], False) is True and change(obs, ids["A"], True) is False


def test_reads_writes_and_lists_in_the_active_entities(tree):
    ids, computers, tech, _obs = tree
    tech.call("POST", "changeActiveProfile", {"profiles_id": 6})
    reads = dict((name, tech.call("GET", "Computer/%d" % cid)[0]) for name, cid in computers.items())
    assert reads == {"c-root-rec": 200, "c-root": 403, "c-A": 200, "c-A-rec": 200, "c-A1": 200, "c-B": 403}
    updates = dict((name, tech.call("PUT", "Computer/%d" % cid, {"input": {"comment": "x"}})[0])
                   for name, cid in computers.items())
    assert updates == {"c-root-rec": 400, "c-root": 400, "c-A": 200, "c-A-rec": 200, "c-A1": 200, "c-B": 400}
    status, body = tech.call("POST", "Computer", {"input": {"name": "t-noent"}})
    assert status == 201 and tech.get("Computer/%d" % body["id"])["entities_id"] == ids["A"]
    assert tech.call("POST", "Computer", {"input": {"name": "t-B", "entities_id": ids["B"]}}) == (400, DENIED)
    assert tech.call("POST", "Computer", {"input": {"name": "t-root", "entities_id": 0}}) == (400, DENIED)
    assert tech.call("POST", "Computer", {"input": {"name": "t-A1", "entities_id": ids["A1"]}})[0] == 201
    listed = [row["id"] for row in tech.get("Computer", **{"searchText[name]": "c-"})]
    assert listed == [computers[n] for n in ("c-root-rec", "c-A", "c-A-rec", "c-A1")]
    found = tech.get("search/Computer", **{"criteria[0][field]": "1", "criteria[0][searchtype]": "contains",
                                           "criteria[0][value]": "c-"})
    assert found["totalcount"] == 4
    assert [row["id"] for row in tech.get("Entity")] == [ids["A"], ids["A1"]]
    assert tech.call("GET", "Entity/0")[0] == 403 and tech.call("GET", "Entity/%d" % ids["B"])[0] == 403


def test_users_listed_by_their_authorizations(tree):
    _ids, _computers, tech, obs = tree
    tech.call("POST", "changeActiveProfile", {"profiles_id": 6})
    assert [row["id"] for row in tech.get("User")] == [2, 3, 4, 5, 7, 8]
    obs.call("POST", "changeActiveProfile", {"profiles_id": 2})
    change(obs, _ids["A1"], False)
    assert [row["id"] for row in obs.get("User")] == [2, 3, 4, 5, 7], \
        "recursive authorizations of ancestors count, not the non-recursive ones"


@pytest.fixture
def multi(api, store):
    """Technician on zz-first, aa-second (twice: not recursive, then recursive) and aa-child."""
    ids = {"Z": api.add("Entity", name="zz-first", entities_id=0), "A": api.add("Entity", name="aa-second", entities_id=0)}
    api.refresh_entities()
    ids["A1"] = api.add("Entity", name="aa-child", entities_id=ids["A"])
    api.refresh_entities()
    user = api.add("User", name="multi", password="Pass-1234", password2="Pass-1234")
    for entity, rec in (("Z", 0), ("A", 0), ("A", 1), ("A1", 0)):
        api.add("Profile_User", users_id=user, profiles_id=6, entities_id=ids[entity], is_recursive=rec)
    session = UserApi(store, "multi", "Pass-1234")
    session.call("POST", "changeActiveProfile", {"profiles_id": 6})
    return ids, session


KEYS = ("glpiactive_entity", "glpiactive_entity_name", "glpiactive_entity_shortname", "glpiactive_entity_recursive",
        "glpiparententities", "glpiparententities_string", "glpishowallentities", "glpiactiveentities",
        "glpiactiveentities_string")


def full(session):
    body = session.get("getFullSession")["session"]
    return dict((key, body[key]) for key in KEYS)


def test_profile_entities_ordered_by_completename_recursive_row_wins(multi):
    ids, session = multi
    profiles = session.get("getMyProfiles")["myprofiles"]
    assert profiles[1]["entities"] == [{"id": ids["A"], "name": "aa-second", "is_recursive": 1},
                                       {"id": ids["A1"], "name": "aa-child", "is_recursive": 0},
                                       {"id": ids["Z"], "name": "zz-first", "is_recursive": 0}]
    assert active(session) == (ids["A"], False, [ids["A"], ids["A1"], ids["Z"]])


def test_full_session_entity_keys(api, multi):
    ids, session = multi
    assert full(session) == {
        "glpiactive_entity": 2, "glpiactive_entity_name": "Root entity &#62; aa-second (full structure)",
        "glpiactive_entity_shortname": "aa-second (full structure)", "glpiactive_entity_recursive": False,
        "glpiparententities": {"0": 0, "2": 2}, "glpiparententities_string": "'0', '2'", "glpishowallentities": 0,
        "glpiactiveentities": {"2": 2, "3": 3, "1": 1}, "glpiactiveentities_string": "'2', '3', '1'"}
    assert change(session, ids["A"], True) is True
    assert full(session) == {
        "glpiactive_entity": 2, "glpiactive_entity_name": "Root entity &#62; aa-second (tree structure)",
        "glpiactive_entity_shortname": "aa-second (tree structure)", "glpiactive_entity_recursive": True,
        "glpiparententities": [0], "glpiparententities_string": "0", "glpishowallentities": 0,
        "glpiactiveentities": {"2": 2, "3": 3}, "glpiactiveentities_string": "'2', '3'"}
    assert change(session, ids["A1"], False) is True
    assert full(session) == {
        "glpiactive_entity": 3, "glpiactive_entity_name": "Root entity &#62; aa-second &#62; aa-child",
        "glpiactive_entity_shortname": "aa-child", "glpiactive_entity_recursive": False,
        "glpiparententities": {"0": 0, "2": 2}, "glpiparententities_string": "'0', '2'", "glpishowallentities": 0,
        "glpiactiveentities": {"3": 3}, "glpiactiveentities_string": "'3'"}
    assert full(api) == {
        "glpiactive_entity": 0, "glpiactive_entity_name": "Root entity (tree structure)",
        "glpiactive_entity_shortname": "Root entity (tree structure)", "glpiactive_entity_recursive": True,
        "glpiparententities": [], "glpiparententities_string": "", "glpishowallentities": 1,
        "glpiactiveentities": [0, 1, 2, 3], "glpiactiveentities_string": "'0', '1', '2', '3'"}


def test_profile_user_not_recursive_but_read_with_its_user(multi):
    ids, session = multi
    change(session, ids["A"], True)
    assert [row["id"] for row in session.get("Profile_User")] == [8, 9, 10]
    assert session.call("GET", "Profile_User/2")[0] == 200


def test_entity_created_under_a_recursively_accessible_parent(api, multi):
    ids, _session = multi
    change(api, ids["A"], False)
    assert api.call("POST", "Entity", {"input": {"name": "under-A-nonrec", "entities_id": ids["A"]}})[0] == 201
    change(api, ids["A"], True)
    assert api.call("POST", "Entity", {"input": {"name": "under-A-rec", "entities_id": ids["A"]}})[0] == 201
    assert api.call("POST", "Entity", {"input": {"name": "under-root", "entities_id": 0}})[0] == 201, \
        "the profile's own recursive entity, even outside the active ones"


def test_moves_and_users_seen_from_a_sub_entity(api, store):
    """Technician on A (recursive): an item may be moved out to any entity, not back; users are
    read through one authorization in the active entities, changed likewise, deleted only when
    all their authorizations are."""
    ids = {"A": api.add("Entity", name="mv-A", entities_id=0), "B": api.add("Entity", name="mv-B", entities_id=0)}
    api.refresh_entities()
    computer = api.add("Computer", name="mv-cA", entities_id=ids["A"])
    api.add("User", name="mv-tech", password="Pass-1234", password2="Pass-1234", _profiles_id=6,
            _entities_id=ids["A"], _is_recursive=1)
    other = api.add("User", name="mv-other", _profiles_id=2, _entities_id=ids["A"], _is_recursive=0)
    both = api.add("User", name="mv-both", _profiles_id=2, _entities_id=ids["A"], _is_recursive=0)
    api.add("Profile_User", users_id=both, profiles_id=2, entities_id=ids["B"], is_recursive=0)
    tech = UserApi(store, "mv-tech", "Pass-1234")
    tech.call("POST", "changeActiveProfile", {"profiles_id": 6})
    assert tech.call("PUT", "Computer/%d" % computer, {"input": {"entities_id": ids["B"]}})[0] == 200
    assert api.get("Computer/%d" % computer)["entities_id"] == ids["B"]
    assert tech.call("PUT", "Computer/%d" % computer, {"input": {"entities_id": 0}})[0] == 400
    assert [tech.call("GET", "User/%d" % uid)[0] for uid in (other, both, 2)] == [200, 200, 200]
    assert tech.call("PUT", "User/%d" % both, {"input": {"comment": "x"}})[0] == 200
    assert tech.call("PUT", "User/2", {"input": {"comment": "x"}})[0] == 400
    assert tech.call("DELETE", "User/%d" % both)[0] == 400
    assert tech.call("DELETE", "User/%d" % other)[0] == 200
    assert tech.call("GET", "Entity/%d/Computer" % ids["A"]) == (200, [])
    assert tech.call("GET", "Entity/%d/Computer" % ids["B"])[0] == 403
    assert [row["id"] for row in tech.get("User", **{"searchText[name]": "mv"})] == [7, both]
    found = tech.get("search/User", **{"criteria[0][field]": "1", "criteria[0][searchtype]": "contains",
                                       "criteria[0][value]": "mv"})
    assert [row["1"] for row in found["data"]] == ["mv-both", "mv-tech"]
