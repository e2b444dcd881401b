# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users as a real GLPI 10.0.12 creates them through the API (probed on a fresh install): the
first authorization (User::post_addItem), ``_useremails`` (User::updateUserEmails), login
validity, and who may log in (Session::init)."""
import base64

from emulator_api import APP_TOKEN

DEACTIVATED = ["ERROR_GLPI_LOGIN", "You don't have access to this application because your account "
                                   "was deactivated or removed"]


def authorizations(api, user_id):
    return [(row["profiles_id"], row["entities_id"], row["is_recursive"], row["is_dynamic"], row["is_default_profile"])
            for row in api.get("User/%d/Profile_User" % user_id)]


def emails(api, user_id):
    return [(row["email"], row["is_default"]) for row in api.get("User/%d/UserEmail" % user_id)]


def init_session(api, login, password):
    pair = base64.b64encode(("%s:%s" % (login, password)).encode()).decode()
    answer = api.client.get("/apirest.php/initSession", headers={"App-Token": APP_TOKEN, "Authorization": "Basic " + pair})
    return answer.status_code, answer.get_json()


def test_first_authorization_of_a_new_user(api, login):
    entity = api.add("Entity", name="usr-A", entities_id=0)
    api.refresh_entities()
    chosen = api.add("User", name="u-chosen", _profiles_id=6, _entities_id=entity, _is_recursive=1)
    assert authorizations(api, chosen) == [(6, entity, 1, 0, 0)], "chosen profile: a static authorization"
    api.call("POST", "changeActiveEntities", {"entities_id": entity, "is_recursive": False})
    in_a = api.add("User", name="u-inA")
    assert authorizations(api, in_a) == [(1, entity, 0, 1, 1)], "default profile, dynamic, in the active entity"
    assert api.get("User/%d" % in_a)["entities_id"] == entity
    api.refresh_entities()
    tech = login("tech")
    over = tech.add("User", name="u-bytech", _profiles_id=4, _entities_id=0, _is_recursive=1)
    assert authorizations(api, over) == [(1, 0, 1, 1, 1)], "a profile above the creator's falls back to the default"
    under = tech.add("User", name="u-bytech2", _profiles_id=1, _entities_id=0, _is_recursive=1)
    assert authorizations(api, under) == [(1, 0, 1, 0, 0)]


def test_useremails_on_add_and_update(api):
    first = api.add("User", name="u-mails", _useremails={"-1": "a@example.com", "-2": "b@example.com"},
                    _default_email=-2)
    assert emails(api, first) == [("a@example.com", 0), ("b@example.com", 1)]
    second = api.add("User", name="u-mails2", _useremails=["c@example.com", "d@example.com"])
    assert emails(api, second) == [("c@example.com", 1), ("d@example.com", 0)], "the first email is the default"
    ids = dict((row["email"], row["id"]) for row in api.get("User/%d/UserEmail" % first))
    api.update("User", first, _useremails={str(ids["a@example.com"]): "", "-5": "z@example.com"}, _default_email=-5)
    assert emails(api, first) == [("b@example.com", 0), ("z@example.com", 1)], "empty deletes; new default wins"
    bad = api.add("User", name="u-badmail", _useremails=["not-an-email"])
    assert emails(api, bad) == [], "an invalid address is skipped, the user is created"


def test_login_names_refused(api):
    message = ["ERROR_GLPI_ADD", "The login is not valid. Unable to add the user."]
    assert api.call("POST", "User", {"input": {"name": ""}}) == (400, message)
    assert api.call("POST", "User", {"input": {"realname": "noname"}}) == (400, message)
    assert api.call("POST", "User", {"input": {"name": "u-dup"}})[0] == 201
    assert api.call("POST", "User", {"input": {"name": "u-dup"}}) == (
        400, ["ERROR_GLPI_ADD", "Unable to add. The user already exists."])


def test_who_may_log_in(api):
    for name, fields in (("u-inactive", {"is_active": 0}), ("u-future", {"begin_date": "2037-01-01 00:00:00"}),
                         ("u-past", {"end_date": "2001-01-01 00:00:00"}), ("u-ok", {})):
        api.add("User", name=name, password="Pass-1234", password2="Pass-1234", **fields)
    for name in ("u-inactive", "u-future", "u-past"):
        assert init_session(api, name, "Pass-1234") == (401, DEACTIVATED), name
    assert init_session(api, "u-ok", "Pass-1234")[0] == 200
    user_id = api.get("User", **{"searchText[name]": "^u-ok$"})[0]["id"]
    assert api.call("DELETE", "User/%d" % user_id)[0] == 200
    assert init_session(api, "u-ok", "Pass-1234") == (401, DEACTIVATED), "a user in the trash"
    api.update("User", user_id, is_deleted=0)
    assert init_session(api, "u-ok", "Pass-1234")[0] == 200
    for row in api.get("User/%d/Profile_User" % user_id):
        assert api.call("DELETE", "Profile_User/%d" % row["id"])[0] == 200
    assert init_session(api, "u-ok", "Pass-1234") == (401, ["ERROR_GLPI_LOGIN", "You don't have right to connect"])
    assert init_session(api, "u-ok", "nope") == (401, ["ERROR_GLPI_LOGIN", "Incorrect username or password"])
