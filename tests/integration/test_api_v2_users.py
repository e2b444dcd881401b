"""glpi_user and glpi_entity over GLPI's legacy API (v1) and GLPI 11's high-level API (v2, OAuth2): the
same tasks with the same assertions, parametrised over the API; what v2 cannot do (authorizations,
group memberships, writing addresses, the entity's address fields) fails naming the option.

Runs against an emulator in 11.0 mode (both APIs on one database), or the real GLPI 11 that GLPI_URL
names when GLPI_CLIENT_ID/GLPI_CLIENT_SECRET (and GLPI_USERNAME/GLPI_PASSWORD) are set; skipped
otherwise. Seeding and checks use plain HTTP on the v2 API, never the collection's code."""

import pytest
import requests

from test_api_v2 import Seeder

pytestmark = [pytest.mark.integration, pytest.mark.api_v2]

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "v2: glpi_user profiles, groups, default profile and new addresses",
     "outcome": "fails naming the option (users[i].<option> with users:) and api_version=v2; nothing written",
     "test": "test_user_v2_limits_fail_clearly"},
]


@pytest.fixture
def seed(hlapi_server):
    return Seeder(hlapi_server)


def user(**options):
    return {"glpi.glpi.glpi_user": options}


def entity(**options):
    return {"glpi.glpi.glpi_entity": options}


def v2_user(seed, name):
    answer = seed.http.get(seed.base + "/v2/Administration/User", params={"filter": "username==%s" % name}, timeout=30)
    rows = [row for row in answer.json() if row["username"] == name]
    return rows[0] if rows else None


def can_log_in(hlapi_server, name, password):
    answer = requests.post(hlapi_server.url + "/api.php/token", json={
        "grant_type": "password", "client_id": hlapi_server.client_id, "client_secret": hlapi_server.client_secret,
        "username": name, "password": password, "scope": "api"}, timeout=30)
    return answer.status_code == 200


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_user_life_cycle(run_on, seed, hlapi_server, api, unique):
    name = "v2u_%s_%s" % (api, unique)
    fields = dict(name=name, realname="Doe", firstname="Jane", phone="0102", comment="a & b < c",
                  user_password="Pw-%s-1x" % unique)
    check = run_on(api, [user(**fields)], check=True, diff=True)[0]
    assert check["changed"] and check["action"] == "create" and check["id"] is None, check.get("msg")
    assert v2_user(seed, name) is None
    run = run_on(api, [
        user(**fields),
        user(**fields),
        user(name=name, realname="Smith", begin_date="2026-01-02", emails=[]),
        user(name=name, user_password="Pw-%s-2x" % unique, update_password="always"),
    ], diff=True)
    create, again, update, password = run.results
    assert create["changed"] and create["action"] == "create", create.get("msg")
    ident = create["id"]
    assert create["user"]["name"] == name and create["user"]["comment"] == "a & b < c"
    assert "password" in create["changed_fields"] and "password2" not in create["changed_fields"]
    assert "Pw-" not in repr(create), "the password never appears"
    assert (again["changed"], again["action"], again["id"]) == (False, "unchanged", ident), again.get("msg")
    assert update["action"] == "update" and update["changed_fields"] == ["begin_date", "realname"], update.get("msg")
    assert update["diff"]["before"]["realname"] == "Doe" and update["diff"]["after"]["realname"] == "Smith"
    assert update["user"]["begin_date"].startswith("2026-01-02") and update["changes"]["emails"] == {
        "added": [], "updated": [], "removed": []}
    assert password["changed"] and password["changed_fields"] == ["password"], password.get("msg")
    assert can_log_in(hlapi_server, name, "Pw-%s-2x" % unique)
    disable, disable_again = run_on(api, [user(name=name, state="disabled"), user(name=name, state="disabled")]).results
    assert disable["changed_fields"] == ["is_active"] and disable["user"]["is_active"] == 0, disable.get("msg")
    assert disable_again["changed"] is False
    assert v2_user(seed, name)["is_active"] is False
    run = run_on(api, [
        user(name=name, state="absent"),
        user(name=name, state="absent"),
        user(name=name, state="disabled"),
        user(name=name, state="purged"),
        user(name=name, state="purged"),
    ])
    trash, trash_again, restore, purge, purge_again = run.results
    assert (trash["action"], trash["id"], trash["changed"]) == ("trash", ident, True), trash.get("msg")
    assert trash_again["action"] == "unchanged"
    assert (restore["action"], restore["id"], restore["user"]["is_deleted"]) == ("restore", ident, 0), restore.get("msg")
    assert (purge["action"], purge["id"]) == ("purge", ident) and purge_again["action"] == "unchanged"
    assert v2_user(seed, name) is None


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_user_emails_compared(run_on, seed, api, unique):
    """Addresses already right are unchanged over both APIs (over v2 they come with the one listing)."""
    name = "v2e_%s_%s" % (api, unique)
    run = run_on("v1", [user(name=name, emails=["Jane@Example.com", "j@example.org"])])
    assert run[0]["changed"], run[0].get("msg")
    again = run_on(api, [user(name=name, emails=["jane@example.com", "j@example.org"], realname="R")], diff=True)[0]
    assert again["changed"] and again["changed_fields"] == ["realname"], again.get("msg")
    assert again["changes"]["emails"] == {"added": [], "updated": [], "removed": []}
    assert sorted(e["email"].lower() for e in v2_user(seed, name)["emails"]) == ["j@example.org", "jane@example.com"]
    run_on("v1", [user(name=name, state="purged")])


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_users_bulk(run_on, seed, api, unique):
    names = ["v2b_%s_%s_%02d" % (api, unique, index) for index in range(20)]
    elements = [{"name": name, "realname": "Bulk %d" % index, "is_active": index % 2 == 0}
                for index, name in enumerate(names)]
    check = run_on(api, [user(users=elements)], check=True)[0]
    assert check["summary"] == {"create": 20} and check["changed"], check.get("msg")
    assert v2_user(seed, names[0]) is None
    run = run_on(api, [
        user(users=elements),
        user(users=elements),
        user(users=[dict(elements[0], realname="Changed"), {"name": names[1], "state": "disabled"},
                    {"name": names[2], "state": "absent"}] + elements[3:]),
        user(users=[{"name": name, "state": "purged"} for name in names]),
    ], diff=True)
    create, again, update, purge = run.results
    assert create["summary"] == {"create": 20}, create.get("msg")
    assert all(entry["id"] and entry["error"] is None for entry in create["results"])
    assert [entry["name"] for entry in create["results"]] == names
    assert again["changed"] is False and again["summary"] == {"unchanged": 20}, again.get("msg")
    assert update["summary"] == {"update": 1, "unchanged": 18, "trash": 1}, update.get("msg")
    assert update["results"][0]["changed_fields"] == ["realname"]
    assert update["results"][1]["action"] == "unchanged", "names[1] was created inactive already"
    assert len(update["diff"]["before"]) == 2
    assert purge["summary"] == {"purge": 20}, purge.get("msg")
    assert all(v2_user(seed, name) is None for name in names[:3])


def test_user_v2_limits_fail_clearly(run_on, seed, unique):
    name = "v2l_%s" % unique
    run = run_on("v2", [
        user(name=name, profiles=[{"profile": "Technician"}]),
        user(name=name, groups=["Support"]),
        user(name=name, profiles_id="Technician"),
        user(name=name, emails=["new@example.com"]),
        user(users=[{"name": name}, {"name": name + "_b", "groups": ["Support"]}]),
        user(name=name, fields={"nosuchfield": 1}),
        user(users=[{"name": name, "emails": ["new@example.com"]}]),
    ])
    profiles, groups, default_profile, emails, bulk, unknown, bulk_emails = run.results
    assert profiles["failed"] and "profiles" in profiles["msg"] and "api_version=v2" in profiles["msg"]
    assert "Profile_User" in profiles["msg"]
    assert groups["failed"] and "groups" in groups["msg"] and "Group_User" in groups["msg"]
    assert default_profile["failed"] and default_profile["msg"].startswith("profiles_id")
    assert emails["failed"] and emails["msg"].startswith("emails") and "new@example.com" in emails["msg"]
    assert bulk["failed"] and "users[1].groups" in bulk["msg"]
    assert unknown["failed"] and "nosuchfield" in unknown["msg"]
    assert bulk_emails["failed"] and bulk_emails["msg"].startswith("users[0].emails: "), bulk_emails["msg"]
    assert v2_user(seed, name) is None and v2_user(seed, name + "_b") is None


def v2_entities(seed, rsql):
    answer = seed.http.get(seed.base + "/v2/Administration/Entity", params={"filter": rsql}, timeout=30)
    return answer.json()


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_entity_life_cycle(run_on, seed, api, unique):
    top = "v2ent-%s-%s" % (api, unique)
    check = run_on(api, [entity(path="%s > Child" % top, create_parents=True, comment="c1")], check=True, diff=True)[0]
    assert check["changed"] and check["action"] == "create" and check["id"] is None, check.get("msg")
    assert check["created_parents"] == ["Root entity > %s" % top]
    assert v2_entities(seed, "name==%s" % top) == []
    run = run_on(api, [
        entity(path="%s > Child" % top, create_parents=True, comment="c1"),
        entity(name="Child", parent=top, comment="c1"),
        entity(name="Child", parent="Root entity > %s" % top, comment="c2"),
        entity(path="%s > Child" % top, state="absent"),
        entity(path="%s > Child" % top, state="absent"),
        entity(name=top, state="absent"),
    ], diff=True)
    create, again, update, absent, absent_again, top_absent = run.results
    assert create["changed"] and create["action"] == "create", create.get("msg")
    assert create["completename"] == "Root entity > %s > Child" % top
    assert create["created_parents"] == ["Root entity > %s" % top]
    assert create["entity"]["comment"] == "c1" and create["entity"]["name"] == "Child"
    assert (again["changed"], again["action"], again["id"]) == (False, "unchanged", create["id"]), again.get("msg")
    assert update["changed_fields"] == ["comment"] and update["entity"]["comment"] == "c2", update.get("msg")
    assert update["diff"]["before"] == {"name": "Child", "parent": "Root entity > %s" % top, "comment": "c1"}
    assert update["diff"]["after"]["comment"] == "c2"
    assert absent["action"] == "delete" and absent["deleted"] == ["Root entity > %s > Child" % top], absent.get("msg")
    assert absent_again["changed"] is False and absent_again["action"] == "unchanged"
    assert top_absent["action"] == "delete", top_absent.get("msg")
    assert v2_entities(seed, "name==%s" % top) == []


def test_entity_v2_limits_fail_clearly(run_on, unique):
    run = run_on("v2", [entity(name="v2x-%s" % unique, town="Paris")])
    assert run[0]["failed"] and run[0]["msg"].startswith("town") and "api_version=v2" in run[0]["msg"], run[0].get("msg")


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_hr_offboarding_users(run_on, seed, hlapi_server, api, unique):
    """The role takes the API from its connection like the modules: its user listing (glpi_item_info), its
    users: task, the asset listing by owner id (filters users_id) and the unassignment (glpi_massive_action).
    Over v2 without group removal (no Group_User endpoint)."""
    names = ["v2hr_%s_%s_%d" % (api, unique, index) for index in range(3)]
    assert run_on("v1", [user(users=[{"name": name} for name in names])])[0]["summary"] == {"create": 3}
    owners = [v2_user(seed, name)["id"] for name in names]
    computers = [seed.add("Assets/Computer", {"name": "v2hr-%s-%s-%d" % (api, unique, index), "user": {"id": owner}})
                 for index, owner in enumerate(owners)]
    role = {"ansible.builtin.include_role": {"name": "glpi.glpi.hr_offboarding"},
            "vars": {"hr_offboarding_users": names[:2], "hr_offboarding_remove_groups": False,
                     "hr_offboarding_itemtypes": ["Computer"], "hr_offboarding_connection": hlapi_server.connection(api)}}
    run = run_on(api, [role, {"ansible.builtin.debug": {"var": "hr_offboarding_result"}}])
    result = run[-1]["hr_offboarding_result"]
    assert not result.get("failed"), result
    assert [v2_user(seed, name)["is_active"] for name in names] == [False, False, True]
    owned = [seed.http.get(seed.base + "/v2/Assets/Computer/%d" % ident, timeout=30).json()["user"] for ident in computers]
    assert [(row or {}).get("id") for row in owned] == [None, None, owners[2]], owned
    for ident in computers:
        seed.delete("Assets/Computer", ident, purge=True)
    run_on("v1", [user(users=[{"name": name, "state": "purged"} for name in names])])
