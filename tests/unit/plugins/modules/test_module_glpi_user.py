"""glpi_user's run() against a mocked client: what it reads, what it writes and in which
order, check mode, passwords kept out of results, and bad input refused before writing."""

import json
from unittest import mock

import pytest

import module_harness
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.modules import glpi_user

SECRET = "S3cret-value-42"
PROFILES = [{"id": 1, "name": "Self-Service"}, {"id": 4, "name": "Super-Admin"}, {"id": 6, "name": "Technician"}]
ENTITIES = [{"id": 0, "name": "Root entity", "completename": "Root entity", "entities_id": None},
            {"id": 3, "name": "Paris", "completename": "Root entity > Paris", "entities_id": 0}]
GROUPS = [{"id": 2, "name": "Support", "completename": "Support"}, {"id": 5, "name": "Ops", "completename": "Ops"}]


class FakeGlpi(module_harness.FakeGlpi):
    """Users, their sub-items and the profiles, entities and groups they name."""

    def __init__(self, users=(), subitems=None):
        super(FakeGlpi, self).__init__({"User": users, "Profile": PROFILES, "Entity": ENTITIES, "Group": GROUPS})
        self.users = self.table("User")
        self.subitems = dict((key, [dict(row) for row in rows]) for key, rows in (subitems or {}).items())
        self.client.get_sub_items.side_effect = lambda parent, ident, itemtype, **kw: [
            dict(row) for row in self.subitems.get(itemtype, []) if row["users_id"] == ident]
        self.client.update.side_effect = lambda itemtype, body: [{str(b["id"]): True, "message": ""}
                                                                 for b in (body if isinstance(body, list) else [body])]
        self.client.delete.side_effect = lambda itemtype, body, force_purge=False: [
            {str(b["id"]): True, "message": ""} for b in (body if isinstance(body, list) else [body])]

    def list_items(self, itemtype, search_text=None, is_deleted=None, params=None, max_rows=None, **kwargs):
        rows = self.table(itemtype)
        if itemtype == "User":
            rows = [row for row in rows if bool(row.get("is_deleted")) == bool(is_deleted)]
        needle = (search_text or {}).get("name", "").strip("^$").lower()
        rows = [dict(row) for row in rows if needle in row["name"].lower()]
        return rows[:max_rows] if max_rows else rows

    def add(self, itemtype, body):
        answers = []
        for element in (body if isinstance(body, list) else [body]):
            self.next_id += 1
            answers.append({"id": self.next_id, "message": ""})
            if itemtype == "User":
                # GLPI never returns passwords, nor keeps the form-only "_" keys.
                stored = dict((k, v) for k, v in element.items() if not k.startswith(("_", "password")))
                self.users.append(dict(stored, id=self.next_id, is_deleted=0))
                if element.get("_profiles_id"):
                    self.subitems.setdefault("Profile_User", []).append({
                        "id": self.next_id + 1000, "users_id": self.next_id, "profiles_id": element["_profiles_id"],
                        "entities_id": element["_entities_id"], "is_recursive": element["_is_recursive"],
                        "is_dynamic": 0})
        return answers if isinstance(body, list) else answers[0]


USER = {"id": 7, "name": "jdoe", "realname": "Doe", "firstname": "Jane", "phone": "0102", "is_active": 1,
        "is_deleted": 0, "profiles_id": 6, "entities_id": 0, "groups_id": 0, "locations_id": 0}


def run_module(fake, check=False, diff=False, **args):
    return module_harness.run(glpi_user, fake.client, check_mode=check, diff=diff, **args)


def test_rerun_of_a_matching_user_reads_little_and_writes_nothing():
    fake = FakeGlpi([USER], {"UserEmail": [{"id": 1, "users_id": 7, "email": "jane@example.com", "is_default": 1}],
                             "Profile_User": [{"id": 2, "users_id": 7, "profiles_id": 6, "entities_id": 0,
                                               "is_recursive": 1, "is_dynamic": 0}]})
    result = run_module(fake, name="jdoe", realname="Doe", phone="0102", emails=["Jane@example.com"],
                        profiles=[{"profile": "Technician", "entity": "Root entity", "recursive": True}],
                        profiles_id="Technician", user_password=SECRET)
    assert result["changed"] is False and result["action"] == "unchanged"
    assert fake.writes() == []
    assert fake.client.list_items.call_count == 3  # the user, the profile name, the entity name
    assert fake.client.get_sub_items.call_count == 2


def test_create_sends_the_first_profile_and_the_password_with_the_user():
    fake = FakeGlpi()
    result = run_module(fake, name="new", realname="New", user_password=SECRET, emails=["n@example.com"],
                        profiles=[{"profile": "Technician", "entity": "Paris", "recursive": True},
                                  {"profile": "Self-Service"}], profiles_id="Technician")
    writes = fake.writes()
    assert writes[0][0] == "add" and writes[0][1][0] == "User"
    body = writes[0][1][1]
    assert body["password"] == SECRET and body["password2"] == SECRET
    assert (body["_profiles_id"], body["_entities_id"], body["_is_recursive"]) == (6, 3, 1)
    added = dict((call[1][0], call[1][1]) for call in writes[1:])
    assert added["Profile_User"] == {"profiles_id": 1, "entities_id": 0, "is_recursive": 0, "users_id": 101}
    assert added["UserEmail"] == {"email": "n@example.com", "is_default": 1, "users_id": 101}
    assert result["changed"] and result["action"] == "create"
    assert "password" in result["changed_fields"] and "_profiles_id" not in result["changed_fields"]
    assert [p["profile"] for p in result["changes"]["profiles"]["added"]] == ["Technician", "Self-Service"]
    assert SECRET not in json.dumps(result)


def test_check_mode_plans_a_creation_without_writing():
    fake = FakeGlpi()
    result = run_module(fake, check=True, name="new", groups=["Support"], user_password=SECRET)
    assert result["changed"] is True and result["action"] == "create" and result["id"] is None
    assert result["changes"]["groups"]["added"] == [{"group": "Support", "is_manager": False, "is_userdelegate": False}]
    assert fake.writes() == []
    assert SECRET not in json.dumps(result)


def test_links_are_added_before_the_user_update_and_removed_after():
    fake = FakeGlpi([dict(USER, groups_id=2)], {"Group_User": [
        {"id": 9, "users_id": 7, "groups_id": 2, "is_manager": 0, "is_userdelegate": 0, "is_dynamic": 0}]})
    result = run_module(fake, diff=True, name="jdoe", groups=["Ops"], purge_groups=True, groups_id="Ops")
    assert [call[0] + " " + call[1][0] for call in fake.writes()] == [
        "add Group_User", "update User", "delete Group_User"]
    assert fake.client.update.call_args[0][1] == {"groups_id": 5, "id": 7}
    assert result["diff"]["before"]["groups_id"] == "Support" and result["diff"]["after"]["groups_id"] == "Ops"
    assert result["diff"]["after"]["groups"] == [{"group": "Ops", "is_manager": False, "is_userdelegate": False}]


def test_a_new_default_email_is_one_update():
    fake = FakeGlpi([USER], {"UserEmail": [
        {"id": 1, "users_id": 7, "email": "a@example.com", "is_default": 1, "is_dynamic": 0},
        {"id": 2, "users_id": 7, "email": "b@example.com", "is_default": 0, "is_dynamic": 0}]})
    result = run_module(fake, diff=True, name="jdoe", emails=["b@example.com", "a@example.com"])
    assert fake.writes() == [mock.call.update("UserEmail", {"email": "b@example.com", "is_default": 1, "id": 2})], \
        "GLPI refuses an UserEmail update without its email"
    assert result["diff"]["after"]["emails"] == [{"email": "b@example.com", "default": True},
                                                 {"email": "a@example.com", "default": False}]


def test_a_change_of_recursion_replaces_the_authorization():
    fake = FakeGlpi([USER], {"Profile_User": [{"id": 2, "users_id": 7, "profiles_id": 6, "entities_id": 0,
                                               "is_recursive": 0, "is_dynamic": 0}]})
    result = run_module(fake, name="jdoe", profiles=[{"profile": "Technician", "recursive": True}])
    assert fake.writes() == [
        mock.call.add("Profile_User", {"profiles_id": 6, "entities_id": 0, "is_recursive": 1, "users_id": 7}),
        mock.call.delete("Profile_User", {"id": 2}, force_purge=True)]
    assert result["changes"]["profiles"]["removed"][0]["recursive"] is False


@pytest.mark.parametrize("mode, writes", [("on_create", 0), ("always", 1)])
def test_password_of_an_existing_user(mode, writes):
    fake = FakeGlpi([USER])
    result = run_module(fake, name="jdoe", user_password=SECRET, update_password=mode)
    assert len(fake.writes()) == writes and result["changed"] is bool(writes)
    if writes:
        assert fake.client.update.call_args[0][1] == {"password": SECRET, "password2": SECRET, "id": 7}
        assert result["changed_fields"] == ["password"]
    assert SECRET not in json.dumps(result)


def test_disabled_sets_is_active_and_absent_trashes():
    fake = FakeGlpi([USER])
    result = run_module(fake, name="jdoe", state="disabled")
    assert fake.client.update.call_args[0][1] == {"is_active": 0, "id": 7} and result["changed"]
    fake = FakeGlpi([USER])
    result = run_module(fake, name="jdoe", state="absent")
    assert fake.writes() == [mock.call.delete("User", {"id": 7}, force_purge=False)]
    assert result["action"] == "trash" and "changes" not in result


@pytest.mark.parametrize("args, option", [
    ({"profiles": [{"profile": "Nope"}]}, "profiles[0].profile"),
    ({"profiles": [{"profile": "Technician", "entity": "Nowhere"}]}, "profiles[0].entity"),
    ({"groups": [{"group": "Support", "is_boss": True}]}, "groups[0]"),
    ({"groups": ["Nope"]}, "groups[0].group"),
    ({"profiles_id": "Super-Admin"}, "profiles_id"),
    ({"groups_id": "Ops"}, "groups_id"),
    ({"entities_id": "Paris"}, "entities_id"),
    ({"state": "disabled", "is_active": True}, "is_active"),
    ({"emails": ["a@example.com", "not-an-address"]}, "emails[1]"),
    ({"fields": {"password": "x"}}, "fields"),
    ({"realname": "A", "fields": {"realname": "B"}}, "fields"),
])
def test_bad_input_is_refused_before_any_write(args, option):
    fake = FakeGlpi([USER], {"Profile_User": [{"id": 2, "users_id": 7, "profiles_id": 6, "entities_id": 0,
                                               "is_recursive": 0, "is_dynamic": 0}]})
    with pytest.raises(GlpiInputError) as error:
        run_module(fake, name="jdoe", **args)
    assert error.value.option == option
    assert fake.writes() == []


def test_default_entity_below_a_recursive_authorization_is_accepted():
    fake = FakeGlpi([USER], {"Profile_User": [{"id": 2, "users_id": 7, "profiles_id": 6, "entities_id": 0,
                                               "is_recursive": 1, "is_dynamic": 0}]})
    result = run_module(fake, name="jdoe", entities_id="Paris")
    assert fake.client.update.call_args[0][1] == {"entities_id": 3, "id": 7} and result["changed"]


def test_a_glpi_refusal_fails_with_changed_when_links_were_written():
    fake = FakeGlpi([USER])
    fake.client.update.side_effect = None
    fake.client.update.return_value = [{"7": False, "message": "no right"}]
    with pytest.raises(GlpiError) as failure:
        run_module(fake, name="jdoe", realname="Other", groups=["Support"])
    assert failure.value.changed is True and failure.value.written
    assert "no right" in str(failure.value)
