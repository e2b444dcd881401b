"""The entity-move check of the resource layer, against a mocked client."""

from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Task
from ansible_collections.glpi.glpi.plugins.module_utils.entity_scope import check_entity_moves
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError


def client(active=(3,)):
    fake = mock.create_autospec(GlpiClient, instance=True)
    fake.get_active_entities.return_value = {"id": 3, "active_entity_recursive": False,
                                             "active_entities": [{"id": e} for e in active]}
    return fake


def task(ident, changes, action="update", fields=None):
    planned = Task(0, fields or changes, ["name"], ident=ident)
    planned.current, planned.action, planned.changes = {"id": ident, "entities_id": 3}, action, dict(changes)
    return planned


def test_no_entity_change_costs_no_request():
    fake = client()
    assert check_entity_moves(fake, "Computer", [task(1, {"comment": "x"}), task(2, {"entities_id": 4}, action="create")]) == []
    assert not fake.get_active_entities.called


def test_move_inside_the_active_entities_passes_with_one_request():
    fake = client(active=(3, 4))
    assert check_entity_moves(fake, "Computer", [task(1, {"entities_id": 4}), task(2, {"entities_id": 3})]) == []
    assert fake.get_active_entities.call_count == 1


def test_move_outside_fails_naming_field_object_target_and_active_entities():
    with pytest.raises(GlpiInputError) as info:
        check_entity_moves(client(), "Computer", [task(12, {"entities_id": 4}, fields={"entities_id": "Root entity > B"})],
                           option="items")
    text = str(info.value)
    for part in ("entities_id", "Computer 12", "entity 4 ('Root entity > B')", "active entities (3)",
                 "allow_move_out_of_scope", "nothing was written"):
        assert part in text, (part, text)
    assert info.value.option == "items"


def test_allowed_move_warns_and_is_not_read_back():
    warnings = []
    moved = task(12, {"entities_id": 4})
    assert check_entity_moves(client(), "Computer", [moved], allowed=True, warn=warnings.append) == [(moved, 4)]
    assert moved.out_of_reach and "entity 4" in warnings[0]


def test_user_default_entity_is_not_a_move():
    fake = client()
    assert check_entity_moves(fake, "User", [task(7, {"entities_id": 4})]) == []
    assert not fake.get_active_entities.called
