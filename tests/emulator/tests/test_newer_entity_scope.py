# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A session and an entity created after it by another session, as a real GLPI 11.0.6 answered
(Session::changeActiveEntities computes the active entities and glpishowallentities at login and on
changeActiveEntities only; GLPI 10.0.12's code is the same): the session does not hold the new entity,
so it cannot create or read in it, while its searches and its Entity list (not restricted while
glpishowallentities is set) show it; changeActiveEntities brings it in."""
import pytest

from emulator_api import Api

DENIED = ["ERROR_GLPI_ADD", "You don't have permission to perform this action."]


@pytest.fixture(params=["10.0", "11.0"])
def sessions(request, store, store11):
    chosen = store if request.param == "10.0" else store11
    return Api(chosen), Api(chosen)


def test_an_entity_newer_than_the_session(sessions):
    old, other = sessions
    entity = other.add("Entity", name="newer", entities_id=0)
    other.refresh_entities()
    computer = other.add("Computer", name="in-newer", entities_id=entity)
    assert old.get("getActiveEntities")["active_entity"]["active_entities"] == [{"id": 0}]
    assert old.call("POST", "Ticket", {"input": {"name": "t", "content": "c", "entities_id": entity}}) == (400, DENIED)
    assert old.call("GET", "Entity/%d" % entity)[0] == 403
    assert old.get("Computer", **{"searchText[name]": "in-newer"}) == []
    assert [row["id"] for row in old.get("Entity", **{"searchText[name]": "newer"})] == [entity]
    criteria = {"criteria[0][field]": 1, "criteria[0][searchtype]": "contains", "criteria[0][value]": "in-newer"}
    found = old.get("search/Computer", **criteria)
    assert found["totalcount"] == 1
    old.refresh_entities()
    assert old.call("POST", "Ticket", {"input": {"name": "t", "content": "c", "entities_id": entity}})[0] == 201
