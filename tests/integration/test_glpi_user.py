"""glpi.glpi.glpi_user against glpi_server: create, idempotence, updates, emails,
profiles and groups reconciled both ways, passwords proven by a login, disabled,
trash and purge, and bad input refused before any write."""

import pytest
import requests

pytestmark = pytest.mark.integration


def user(name, **options):
    return {"glpi.glpi.glpi_user": dict({"name": name}, **options)}


def item(itemtype, **fields):
    return {"glpi.glpi.glpi_item": {"itemtype": itemtype, "fields": fields}}


def login(server, name, password):
    """True when GLPI opens a session for name/password (the session is closed again)."""
    headers = {"App-Token": server.app_token} if server.app_token else {}
    answer = requests.get(server.base_url + "/initSession", auth=(name, password), headers=headers, timeout=30)
    if answer.status_code != 200:
        return False
    token = answer.json()["session_token"]
    requests.get(server.base_url + "/killSession", headers=dict(headers, **{"Session-Token": token}), timeout=30)
    return True


def links(run_result, option):
    return run_result["diff"]["after"][option]


@pytest.fixture
def group_names(playbook, unique):
    names = ["ug-a-%s" % unique, "ug-b-%s" % unique]
    run = playbook.run([item("Group", name=name, is_recursive=1) for name in names])
    assert all(result["changed"] for result in run.results), [r.get("msg") for r in run.results]
    return names


def test_create_check_apply_rerun_update(playbook, counters, unique):
    name = "u-life-%s" % unique
    task = user(name, realname="Doe", firstname="Jane", phone="0102", comment="a & b <c>",
                begin_date="2030-01-01", emails=["jane-%s@example.com" % unique])
    counters.reset()
    run = playbook.run([task], check=True, diff=True)
    assert run[0]["changed"] is True and run[0]["action"] == "create" and run[0]["id"] is None
    assert counters.read()["writes"] == 0

    run = playbook.run([task], diff=True)
    created = run[0]
    assert created["changed"] and created["action"] == "create" and created["id"], created.get("msg")
    assert created["user"]["realname"] == "Doe" and created["user"]["begin_date"].startswith("2030-01-01")
    assert "password" not in created["user"]
    assert links(created, "emails") == [{"email": "jane-%s@example.com" % unique, "default": True}]

    counters.reset()
    run = playbook.run([task])
    stats = counters.read()
    assert run[0]["changed"] is False and run[0]["action"] == "unchanged", run[0]
    assert stats["writes"] == 0
    assert stats["reads"] <= 2, stats["by_endpoint"]

    counters.reset()
    run = playbook.run([user(name, phone="0999")], diff=True)
    stats = counters.read()
    assert run[0]["changed"] and run[0]["changed_fields"] == ["phone"]
    assert run[0]["diff"]["before"]["phone"] == "0102" and run[0]["diff"]["after"]["phone"] == "0999"
    assert stats["writes"] == 1


def test_emails_add_change_default_remove(playbook, counters, unique):
    name = "u-mail-%s" % unique
    first, second, third = ["%s-%s@example.com" % (n, unique) for n in ("one", "two", "three")]
    assert playbook.run([user(name, emails=[first])])[0]["changed"]

    run = playbook.run([user(name, emails=[first, second])], diff=True)
    assert run[0]["changes"]["emails"]["added"] == [{"email": second, "default": False}]
    assert links(run[0], "emails") == [{"email": first, "default": True}, {"email": second, "default": False}]

    run = playbook.run([user(name, emails=[second, first])], diff=True)
    assert run[0]["changed"] is True
    assert links(run[0], "emails")[0] == {"email": second, "default": True}

    run = playbook.run([user(name, emails=[third, second.upper()])], diff=True)
    assert run[0]["changes"]["emails"]["removed"] == [{"email": first, "default": False}]
    assert run[0]["changes"]["emails"]["added"] == [{"email": third, "default": True}]

    counters.reset()
    run = playbook.run([user(name, emails=[third, second])], diff=True)
    assert run[0]["changed"] is False, run[0]["changes"]
    assert counters.read()["writes"] == 0
    assert run[0]["diff"]["after"]["emails"] == [{"email": third, "default": True}, {"email": second, "default": False}]

    run = playbook.run([user(name, emails=[])])
    assert run[0]["changes"]["emails"]["removed"] and playbook.run([user(name, emails=[])])[0]["changed"] is False


def test_profiles_reconcile_with_and_without_purge(playbook, counters, unique):
    name = "u-prof-%s" % unique
    tech = {"profile": "Technician", "entity": "Root entity", "recursive": True}
    run = playbook.run([user(name, profiles=[tech], profiles_id="Technician")], diff=True)
    assert run[0]["changed"], run[0].get("msg")
    # Given at creation, the first profile replaces GLPI's dynamic Self-Service one.
    assert links(run[0], "profiles") == [{"profile": "Technician", "entity": "Root entity", "recursive": True}]
    assert run[0]["diff"]["after"]["profiles_id"] == "Technician"
    profiles = playbook.run([user(name, profiles=[], purge_profiles=False)], diff=True)[0]["diff"]["before"]["profiles"]
    assert profiles == [{"profile": "Technician", "entity": "Root entity", "recursive": True}]

    observer = {"profile": "Observer", "entity": 0}
    run = playbook.run([user(name, profiles=[observer])], diff=True)
    assert run[0]["changed"] and run[0]["changes"]["profiles"]["removed"] == []
    assert len(links(run[0], "profiles")) == 2

    counters.reset()
    run = playbook.run([user(name, profiles=[observer])])
    assert run[0]["changed"] is False and counters.read()["writes"] == 0, "an existing link is never added twice"

    run = playbook.run([user(name, profiles=[dict(tech, recursive=False)], purge_profiles=True, profiles_id="Technician")],
                       diff=True)
    assert run[0]["changed"], run[0].get("msg")
    assert links(run[0], "profiles") == [{"profile": "Technician", "entity": "Root entity", "recursive": False}]
    assert {"profile": "Observer", "entity": "Root entity", "recursive": False} in run[0]["changes"]["profiles"]["removed"]
    again = playbook.run([user(name, profiles=[dict(tech, recursive=False)], purge_profiles=True)])
    assert again[0]["changed"] is False


def test_default_self_service_profile_is_purged_when_asked(playbook, unique):
    name = "u-self-%s" % unique
    run = playbook.run([user(name)], diff=True)
    assert run[0]["changed"]
    run = playbook.run([user(name, profiles=[{"profile": "Technician"}])], diff=True)
    before = run[0]["diff"]["before"]["profiles"]
    assert len(before) == 1 and before[0]["profile"] == "Self-Service" and before[0]["dynamic"] is True
    run = playbook.run([user(name, profiles=[{"profile": "Technician"}], purge_profiles=True)], diff=True)
    assert [p["profile"] for p in run[0]["changes"]["profiles"]["removed"]] == ["Self-Service"]
    assert links(run[0], "profiles") == [{"profile": "Technician", "entity": "Root entity", "recursive": False}]


def test_groups_reconcile_with_and_without_purge(playbook, counters, group_names, unique):
    first, second = group_names
    name = "u-grp-%s" % unique
    run = playbook.run([user(name, groups=[first, {"group": second, "is_manager": True}], groups_id=first)], diff=True)
    assert run[0]["changed"], run[0].get("msg")
    assert links(run[0], "groups") == [
        {"group": first, "is_manager": False, "is_userdelegate": False},
        {"group": second, "is_manager": True, "is_userdelegate": False}]
    assert run[0]["user"]["groups_id"] > 0

    counters.reset()
    run = playbook.run([user(name, groups=[first, {"group": second, "is_manager": True}], groups_id=first)])
    assert run[0]["changed"] is False and counters.read()["writes"] == 0

    run = playbook.run([user(name, groups=[{"group": second, "is_manager": False}])], diff=True)
    assert run[0]["changes"]["groups"]["updated"] == [{"group": second, "is_manager": False, "is_userdelegate": False}]
    assert len(links(run[0], "groups")) == 2, "without purge the other membership stays"

    run = playbook.run([user(name, groups=[second], purge_groups=True, groups_id=second)], diff=True)
    assert run[0]["changed"], run[0].get("msg")
    assert [g["group"] for g in links(run[0], "groups")] == [second]
    assert playbook.run([user(name, groups=[second], purge_groups=True)])[0]["changed"] is False


def test_password_on_create_versus_always(playbook, glpi_server, unique):
    name = "u-pw-%s" % unique
    secret, other = "Pw-1-%s" % unique, "Pw-2-%s" % unique
    run = playbook.run([user(name, user_password=secret, profiles=[{"profile": "Self-Service"}])], diff=True)
    assert run[0]["changed"], run[0].get("msg")
    assert secret not in str(run[0]) and secret not in run.output
    assert login(glpi_server, name, secret)

    run = playbook.run([user(name, user_password=other)])
    assert run[0]["changed"] is False, "on_create leaves an existing password alone"
    assert login(glpi_server, name, secret) and not login(glpi_server, name, other)

    run = playbook.run([user(name, user_password=other, update_password="always")], diff=True)
    assert run[0]["changed"] is True and run[0]["changed_fields"] == ["password"]
    assert other not in str(run[0]) and other not in run.output
    assert login(glpi_server, name, other) and not login(glpi_server, name, secret)


def test_disabled_then_absent_then_purged(playbook, glpi_server, unique):
    name = "u-off-%s" % unique
    secret = "Pw-off-%s" % unique
    assert playbook.run([user(name, user_password=secret)])[0]["changed"]
    run = playbook.run([user(name, state="disabled"), user(name, state="disabled")])
    assert run[0]["changed"] and run[0]["user"]["is_active"] == 0
    assert run[1]["changed"] is False
    assert not login(glpi_server, name, secret)
    assert playbook.run([user(name)])[0]["changed"] is False, "present does not re-enable by itself"
    assert playbook.run([user(name, is_active=True)])[0]["user"]["is_active"] == 1

    run = playbook.run([
        user(name, state="absent"), user(name, state="absent"),
        user(name), user(name, state="purged"), user(name, state="purged"),
    ])
    trashed, trashed_again, restored, purged, purged_again = run.results
    assert trashed["changed"] and trashed["action"] == "trash"
    assert trashed_again["changed"] is False
    assert restored["changed"] and restored["action"] == "restore"
    assert purged["changed"] and purged["action"] == "purge"
    assert purged_again["changed"] is False and purged_again["id"] is None


@pytest.mark.parametrize("options, words", [
    ({"profiles": [{"profile": "No such profile"}]}, ["profiles[0].profile", "No such profile"]),
    ({"profiles": [{"profile": "Technician", "entity": "No such entity"}]}, ["profiles[0].entity", "No such entity"]),
    ({"groups": ["No such group"]}, ["groups[0].group", "No such group"]),
    ({"locations_id": "No such place"}, ["locations_id", "No such place"]),
    ({"profiles": [{"profile": "Technician"}], "profiles_id": "Observer"}, ["profiles_id", "Observer"]),
    ({"emails": ["a@example.com", "A@example.com"]}, ["emails", "#0", "#1"]),
    ({"state": "disabled", "is_active": True}, ["is_active", "disabled"]),
])
def test_bad_input_fails_before_any_write(playbook, counters, unique, options, words):
    counters.reset()
    run = playbook.run([user("u-bad-%s" % unique, **options)])
    assert run[0]["failed"] is True
    for word in words:
        assert word in run[0]["msg"], run[0]["msg"]
    assert counters.read()["writes"] == 0
