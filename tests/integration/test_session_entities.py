"""A cached session and an entity created after it (by another session).

GLPI computes a session's active entities at initSession and changeActiveEntities only: a session
cached by an earlier task does not hold an entity created since by another session (another
playbook, the web interface, a colleague), and GLPI refuses to create anything in it (400 "You
don't have permission to perform this action."): seen on a real 11.0.6, and 10.0.12's
Session::changeActiveEntities computes them the same way. The client refreshes the cached
session's active entities once on that refusal and replays the request.
"""

import pytest

pytestmark = pytest.mark.integration

TASKS = {
    "Ticket": lambda name, entity: {"glpi.glpi.glpi_ticket": {"name": name, "content": "c", "ticket_entity": entity}},
    # By path: the session's searches see the new entity (glpishowallentities), its writes do not.
    "Ticket by path": lambda name, _entity: {"glpi.glpi.glpi_ticket": {"name": name, "content": "c", "ticket_entity": "Root entity > %s" % name}},
    "Computer": lambda name, entity: {"glpi.glpi.glpi_item": {"itemtype": "Computer", "fields": {"name": name, "entities_id": entity}}},
}


@pytest.mark.parametrize("task", sorted(TASKS))
def test_cached_session_creates_in_an_entity_newer_than_it(playbook, glpi_server, unique, task):
    itemtype = task.split()[0]
    name = "newer-ent-%s-%s" % (task.lower().replace(" ", "-"), unique)
    # A task opens (or reuses) the cached session; the entity comes after it, from another session.
    assert not playbook.run([{"glpi.glpi.glpi_item_info": {"itemtype": "Entity", "id": 0}}])[0].get("failed")
    client = glpi_server.api_client()
    entity = client.add("Entity", {"name": name, "entities_id": 0})["id"]
    client.refresh_entities()  # GLPI leaves the new entity out of the session that created it too
    created = None
    try:
        result = playbook.run([TASKS[task](name, entity)])[0]
        assert not result.get("failed"), result.get("msg")
        created = result["id"]
        assert client.get_item(itemtype, created)["entities_id"] == entity
    finally:
        if created:
            client.delete(itemtype, created, force_purge=True)
        client.delete("Entity", entity, force_purge=True)
        client.close()
