"""Reconciliation of sub-item lists (plan_subitems) and their bulk writes (SubItemWriter)."""

from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError, GlpiPartialError
from ansible_collections.glpi.glpi.plugins.module_utils.subitems import SubItemSpec, SubItemWriter, plan_subitems

LINKS = SubItemSpec("Profile_User", "users_id", ["profiles_id", "entities_id"], fields=["is_recursive"],
                    replace_fields=["is_recursive"], option="profiles")
MEMBERS = SubItemSpec("Group_User", "users_id", ["groups_id"], fields=["is_manager"], option="groups")
EMAILS = SubItemSpec("UserEmail", "users_id", ["email"], fields=["is_default"],
                     normalize={"email": lambda text: text.lower()}, option="emails")


def link(ident, profile, entity=0, recursive=0, dynamic=0):
    return {"id": ident, "users_id": 7, "profiles_id": profile, "entities_id": entity,
            "is_recursive": recursive, "is_dynamic": dynamic}


def test_matching_rows_are_kept_and_nothing_is_planned():
    plan = plan_subitems(LINKS, [link(1, 6, 0, 1)], [{"profiles_id": 6, "entities_id": 0, "is_recursive": True}])
    assert not plan.changed
    assert plan.kept == [link(1, 6, 0, 1)]


def test_missing_rows_are_added_and_others_kept_without_purge():
    plan = plan_subitems(LINKS, [link(1, 1, dynamic=1)], [{"profiles_id": 6, "entities_id": 0, "is_recursive": 0}])
    assert plan.adds == [{"profiles_id": 6, "entities_id": 0, "is_recursive": 0}]
    assert plan.deletes == [] and plan.unmanaged == [link(1, 1, dynamic=1)]
    assert len(plan.after_rows()) == 2


def test_purge_deletes_unlisted_rows_and_duplicates():
    current = [link(3, 6), link(1, 1, dynamic=1), link(2, 6)]
    plan = plan_subitems(LINKS, current, [{"profiles_id": 6, "entities_id": 0, "is_recursive": 0}], purge=True)
    assert plan.kept == [link(2, 6)], "the oldest copy is kept"
    assert sorted(row["id"] for row in plan.deletes) == [1, 3]
    assert plan.adds == []


def test_protected_rows_survive_a_purge():
    spec = SubItemSpec("Profile_User", "users_id", ["profiles_id"], protect=lambda row: row["is_dynamic"])
    plan = plan_subitems(spec, [link(1, 1, dynamic=1), link(2, 4)], [], purge=True)
    assert [row["id"] for row in plan.deletes] == [2]
    assert [row["id"] for row in plan.unmanaged] == [1]


def test_replace_fields_delete_and_add_instead_of_update():
    plan = plan_subitems(LINKS, [link(1, 6, 0, 0)], [{"profiles_id": 6, "entities_id": 0, "is_recursive": 1}])
    assert plan.updates == []
    assert [row["id"] for row in plan.deletes] == [1]
    assert plan.adds == [{"profiles_id": 6, "entities_id": 0, "is_recursive": 1}]


def test_other_fields_are_updated_in_place_and_only_when_given():
    current = [{"id": 4, "groups_id": 2, "is_manager": 0}, {"id": 5, "groups_id": 3, "is_manager": 1}]
    plan = plan_subitems(MEMBERS, current, [{"groups_id": 2, "is_manager": True}, {"groups_id": 3}])
    assert plan.updates == [(current[0], {"is_manager": True})]
    assert plan.summary(lambda row: row["groups_id"]) == {"added": [], "updated": [2], "removed": []}


def test_keys_are_normalised_before_comparing():
    current = [{"id": 1, "email": "Jane@Example.com", "is_default": 1}]
    plan = plan_subitems(EMAILS, current, [{"email": "jane@example.COM", "is_default": 1}], purge=True)
    assert not plan.changed


def test_same_key_twice_is_refused_before_planning():
    with pytest.raises(GlpiInputError) as error:
        plan_subitems(EMAILS, [], [{"email": "a@x.org"}, {"email": "A@x.org"}])
    assert error.value.option == "emails" and "#0 and #1" in str(error.value)


def test_writer_sends_one_bulk_request_per_verb_with_the_parent_id():
    client = mock.create_autospec(GlpiClient, instance=True)
    client.add.return_value = [{"id": 10, "message": ""}, {"id": 11, "message": ""}]
    plan = plan_subitems(LINKS, [link(1, 1), link(2, 4)],
                         [{"profiles_id": 6, "entities_id": 0, "is_recursive": 0},
                          {"profiles_id": 5, "entities_id": 0, "is_recursive": 0}], purge=True)
    writer = SubItemWriter(client)
    assert writer.add(plan, 7) == [10, 11]
    writer.update(plan)
    writer.delete(plan)
    client.add.assert_called_once_with("Profile_User", [
        {"profiles_id": 6, "entities_id": 0, "is_recursive": 0, "users_id": 7},
        {"profiles_id": 5, "entities_id": 0, "is_recursive": 0, "users_id": 7}])
    client.delete.assert_called_once_with("Profile_User", [{"id": 1}, {"id": 2}], force_purge=True)
    assert not client.update.called
    assert writer.written == 2


def test_writer_resends_the_fields_glpi_wants_in_every_update():
    """GLPI's UserEmail::prepareInputForUpdate refuses an update without ``email`` (ERROR_GLPI_UPDATE)."""
    spec = SubItemSpec("UserEmail", "users_id", ["email"], fields=["is_default"], resend_fields=["email"],
                       normalize={"email": lambda text: text.lower()}, option="emails")
    current = [{"id": 4, "users_id": 7, "email": "A&amp;b@example.com", "is_default": 0}]
    client = mock.create_autospec(GlpiClient, instance=True)
    SubItemWriter(client).update(plan_subitems(spec, current, [{"email": "a&b@example.com", "is_default": 1}]))
    client.update.assert_called_once_with("UserEmail", {"email": "A&b@example.com", "is_default": 1, "id": 4})


def test_writer_writes_nothing_in_check_mode():
    client = mock.create_autospec(GlpiClient, instance=True)
    plan = plan_subitems(LINKS, [link(1, 1)], [{"profiles_id": 6, "entities_id": 0}], purge=True)
    writer = SubItemWriter(client, check_mode=True)
    writer.add(plan, 7)
    writer.update(plan)
    writer.delete(plan)
    assert not client.mock_calls and writer.written == 0


def test_writer_names_the_option_on_a_partial_failure():
    client = mock.create_autospec(GlpiClient, instance=True)
    client.delete.side_effect = GlpiPartialError("partial", results=[{"1": False, "message": "last super admin"}])
    plan = plan_subitems(LINKS, [link(1, 4), link(2, 1)], [], purge=True)
    with pytest.raises(GlpiPartialError) as error:
        SubItemWriter(client).delete(plan)
    assert "profiles" in str(error.value) and "last super admin" in str(error.value)
