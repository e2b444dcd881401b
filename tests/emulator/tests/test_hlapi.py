# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The High-level API (``/api.php/token``, ``/api.php/v2``) of the emulator in process: served
in 11.0 mode only, from the same database as the legacy API; OAuth grants; RSQL parsing."""

import json

import pytest
from werkzeug.test import Client

from emulator_api import APP_TOKEN, Api
from glpi_emulator import hlapi, hlapi_rsql, hlapi_schema, oauth
from glpi_emulator.app import EmulatorApp
from glpi_emulator.schema import registry

CLIENT = {"client_id": "test-client", "client_secret": "test-secret"}


def _client(store):
    return Client(EmulatorApp(store, APP_TOKEN, oauth.OAuthServer(CLIENT["client_id"], CLIENT["client_secret"])))


def _token(client, **extra):
    form = dict(CLIENT, grant_type="password", username="glpi", password="glpi", scope="api user")
    form.update(extra)
    answer = client.post("/api.php/token", data=form)
    return answer.status_code, answer.get_json()


def _bearer(token):
    return {"Authorization": "Bearer " + token["access_token"]}


def test_v2_is_not_served_in_10_mode(store):
    client = _client(store)
    for path in ("/api.php/token", "/api.php/v2/Assets/Computer", "/api.php/v2.2/Session"):
        answer = client.post(path) if path.endswith("token") else client.get(path)
        assert answer.status_code == 403 and answer.data == b""


def test_password_grant_and_legacy_share_one_database(store11):
    client = _client(store11)
    status, token = _token(client)
    assert status == 200 and token["token_type"] == "Bearer" and token["expires_in"] == 3600
    created = client.post("/api.php/v2/Assets/Computer", headers=_bearer(token), json={"name": "from-v2"})
    assert created.status_code == 302 and created.headers["Location"] == "/Assets/Computer/1"
    legacy = Api(store11)
    assert legacy.get("Computer/1")["name"] == "from-v2"
    legacy.update("Computer", 1, name="from-v1")
    again = client.get("/api.php/v2/Assets/Computer/1", headers=_bearer(token))
    assert again.get_json()["name"] == "from-v1"


def test_refresh_revokes_the_previous_tokens(store11):
    client = _client(store11)
    _status, first = _token(client)
    answer = client.post("/api.php/token", data=dict(CLIENT, grant_type="refresh_token",
                                                     refresh_token=first["refresh_token"]))
    second = answer.get_json()
    assert answer.status_code == 200 and second["access_token"] != first["access_token"]
    old = client.get("/api.php/v2/Session", headers=_bearer(first))
    assert old.status_code == 400 and old.get_json()["detail"] == "Access token has been revoked"
    assert client.get("/api.php/v2/Session", headers=_bearer(second)).status_code == 200
    reused = client.post("/api.php/token", data=dict(CLIENT, grant_type="refresh_token",
                                                     refresh_token=first["refresh_token"]))
    assert reused.status_code == 400 and reused.get_json()["hint"] == "Token has been revoked"


@pytest.mark.parametrize("form,status,error", [
    ({"password": "wrong"}, 400, "invalid_grant"),
    ({"client_secret": "nope"}, 401, "invalid_client"),
    ({"grant_type": "implicit"}, 400, "unsupported_grant_type"),
    ({"password": ""}, 400, "invalid_request"),
])
def test_token_errors_use_the_oauth_shape(store11, form, status, error):
    got_status, body = _token(_client(store11), **form)
    assert got_status == status and body["error"] == error and "error_description" in body


def test_client_credentials_token_has_no_user(store11):
    client = _client(store11)
    answer = client.post("/api.php/token", data=dict(CLIENT, grant_type="client_credentials", scope="api"))
    token = answer.get_json()
    assert answer.status_code == 200 and "refresh_token" not in token
    refused = client.get("/api.php/v2/Assets/Computer", headers=_bearer(token))
    assert refused.status_code == 401 and refused.get_json()["status"] == "ERROR_UNAUTHENTICATED"


def test_reset_forgets_tokens(store11):
    client = _client(store11)
    _status, token = _token(client)
    assert client.post("/_emulator/reset").status_code == 200
    assert client.get("/api.php/v2/Session", headers=_bearer(token)).status_code == 400


def test_rights_of_the_token_user_apply(store11):
    client = _client(store11)
    _status, token = _token(client, username="post-only", password="postonly")
    denied = {"status": "ERROR_RIGHT_MISSING", "title": "You don't have permission to perform this action.", "detail": None}
    answer = client.post("/api.php/v2/Assets/Computer", headers=_bearer(token), json={"name": "x"})
    assert answer.status_code == 403 and answer.get_json() == denied  # as a real 11.0.6 answers Self-Service
    assert Api(store11).get("Computer", range="0-5") == []
    Api(store11).add("Computer", name="pc1")
    for method in ("GET", "PATCH", "DELETE"):
        assert client.open("/api.php/v2/Assets/Computer/1", method=method, headers=_bearer(token), json={}).status_code == 403
    assert client.get("/api.php/v2/Assets/Computer", headers=_bearer(token)).get_json() == denied
    _status, observer = _token(client, username="normal", password="normal")
    assert client.get("/api.php/v2/Assets/Computer/1", headers=_bearer(observer)).status_code == 200
    assert client.patch("/api.php/v2/Assets/Computer/1", headers=_bearer(observer), json={"name": "y"}).status_code == 403


def _flat():
    return hlapi_schema.build(registry())[("assets", "computer")].flat_props()


@pytest.mark.parametrize("query,title", [
    ("name", 'RSQL query is missing an operator in filter for property "name"'),
    ("(name==a", "RSQL query has one or more unclosed groups"),
    ("name=foo=a", "RSQL query has invalid filters"),
    ("nope==a", "RSQL query has invalid filters"),
    ("name==", 'RSQL query is missing a value in filter for property "name"'),
])
def test_rsql_errors(query, title):
    with pytest.raises(hlapi.HLError) as caught:
        hlapi_rsql.apply(query, _flat(), [])
    assert caught.value.body["title"] == title


def test_rsql_and_binds_before_or():
    rows = [{"id": i, "name": "n%d" % i, "serial": "s%d" % (i % 2)} for i in range(1, 5)]
    got = hlapi_rsql.apply("name==n1,name=like=n*;serial==s0", _flat(), rows)
    assert [r["id"] for r in got] == [1, 2, 4]
    assert [r["id"] for r in hlapi_rsql.apply("id=in=(2,3);name!=n3", _flat(), rows)] == [2]


def test_doc_json_is_glpi_s_document_for_the_served_routes(store11):
    doc = json.loads(_client(store11).get("/api.php/v2/doc.json").data)
    computer = doc["components"]["schemas"]["Computer"]
    assert computer["x-itemtype"] == "Computer"
    assert computer["properties"]["location"]["x-itemtype"] == "Location"
    assert doc["info"]["version"] == "2.2.0" and doc["servers"][0]["url"] == "http://localhost/api.php"
    for path in ("/Assets/Computer/{id}", "/Dropdowns/Location", "/Administration/User", "/Assistance/Ticket/{id}/TeamMember"):
        assert path in doc["paths"]


# Shapes below were read on a real GLPI 11.0.6 (fresh install, same requests).

def test_administration_user_group_entity_profile(store11):
    client = _client(store11)
    _status, token = _token(client)
    auth = _bearer(token)
    created = client.post("/api.php/v2/Administration/User", headers=auth, json={
        "username": "u1", "realname": "R", "password": "Secret-123", "password2": "Secret-123",
        "emails": [{"email": "u1@example.com"}]})
    assert created.status_code == 302 and created.headers["Location"] == "/Administration/User/7"
    user = client.get("/api.php/v2/Administration/User/7", headers=auth).get_json()
    assert user["username"] == "u1" and user["emails"] == [] and "password" not in user
    assert user["default_entity"] == {"id": 0, "name": "Root entity"}
    _status, own = _token(client, username="u1", password="Secret-123")
    assert "access_token" in own
    client.post("/api.php/v2/Administration/Entity", headers=auth, json={"name": "E1", "parent": {"id": 0}})
    assert client.get("/api.php/v2/Administration/Entity/1", headers=auth).get_json() == {
        "id": 1, "name": "E1", "comment": None, "completename": "Root entity > E1", "level": 2,
        "parent": {"id": 0, "name": "Root entity"}}
    client.post("/api.php/v2/Administration/Group", headers=auth, json={"name": "g1"})
    assert client.get("/api.php/v2/Administration/Group/1", headers=auth).get_json() == {
        "id": 1, "name": "g1", "comment": None, "completename": "g1", "level": 1, "parent": None,
        "entity": {"id": 0, "name": "Root entity"}}
    assert client.get("/api.php/v2/Administration/Profile/4", headers=auth).get_json() == {
        "id": 4, "name": "Super-Admin", "comment": ""}


def test_ticket_team_and_timeline(store11):
    client = _client(store11)
    _status, token = _token(client)
    auth = _bearer(token)
    base = "/api.php/v2/Assistance/Ticket"
    assert client.post(base, headers=auth, json={"name": "t1", "content": "hello"}).headers["Location"] == \
        "/Assistance/Ticket/1"
    ticket = client.get(base + "/1", headers=auth).get_json()
    assert ticket["status"] == {"id": 1, "name": "New"} and ticket["team"] == []
    assert ticket["user_recipient"] == {"id": 2, "name": "glpi"}
    added = client.post(base + "/1/TeamMember", headers=auth, json={"type": "User", "id": 4, "role": "assigned"})
    assert added.status_code == 201 and added.data == b""
    assert client.get(base + "/1/TeamMember", headers=auth).get_json() == [
        {"role": "assigned", "name": "tech", "realname": None, "firstname": None, "display_name": "tech",
         "id": 4, "href": "/front/user.form.php?id=4"}]
    followup = client.post(base + "/1/Timeline/Followup", headers=auth, json={"content": "fu"})
    assert followup.headers["Location"] == "/Assistance/Ticket/1/Timeline/Followup/1"
    client.post(base + "/1/Timeline/Solution", headers=auth, json={"content": "sol"})
    timeline = client.get(base + "/1/Timeline", headers=auth).get_json()
    assert [(e["type"], e["item"]["content"]) for e in timeline] == [("Followup", "fu"), ("Solution", "sol")]
    assert timeline[1]["item"]["status"] == 2
    assert client.get(base + "/1", headers=auth).get_json()["status"] == {"id": 5, "name": "Solved"}


def test_entity_and_profile_headers_narrow_the_session(store11):
    client = _client(store11)
    _status, token = _token(client)
    auth = _bearer(token)
    client.post("/api.php/v2/Administration/Entity", headers=auth, json={"name": "E1", "parent": {"id": 0}})
    client.post("/api.php/v2/Assets/Computer", headers=auth, json={"name": "root-pc"})
    in_e1 = dict(auth, **{"GLPI-Entity": "1"})
    client.post("/api.php/v2/Assets/Computer", headers=in_e1, json={"name": "e1-pc"})
    listed = client.get("/api.php/v2/Assets/Computer", headers=in_e1).get_json()
    assert [(c["name"], c["entity"]["id"]) for c in listed] == [("e1-pc", 1)]
    session = client.get("/api.php/v2/Session", headers=dict(auth, **{"GLPI-Entity": "0", "GLPI-Entity-Recursive": "true"}))
    assert session.get_json()["active_entities"] == [0, 1]
    unknown_profile = client.get("/api.php/v2/Session", headers=dict(auth, **{"GLPI-Profile": "6"}))
    assert unknown_profile.get_json()["active_profile"]["id"] == 4  # glpi has no Technician authorization


def test_team_member_errors_and_removal(store11):
    """As a real GLPI 11.0.6 answers: a bad role or member is 400, removal 200 (also when absent)."""
    client = _client(store11)
    _status, token = _token(client)
    auth = _bearer(token)
    base = "/api.php/v2/Assistance/Ticket/1/TeamMember"
    client.post("/api.php/v2/Assistance/Ticket", headers=auth, json={"name": "t1", "content": "x"})
    bad_role = client.post(base, headers=auth, json={"type": "User", "id": 4, "role": "nope"})
    assert bad_role.status_code == 400 and bad_role.get_json()["title"] == "Invalid role: nope"
    bad_user = client.post(base, headers=auth, json={"type": "User", "id": 999, "role": "observer"})
    assert bad_user.get_json() == {"status": "ERROR_INVALID_PARAMETER", "title": "One or more parameters are invalid",
                                   "detail": None}
    client.post(base, headers=auth, json={"type": "User", "id": 4, "role": "assigned"})
    assert [m["id"] for m in client.get(base + "/assigned", headers=auth).get_json()] == [4]
    assert client.get(base + "/observer", headers=auth).get_json() == []
    for _attempt in range(2):
        removed = client.delete(base, headers=auth, json={"type": "User", "id": 4, "role": "assigned"})
        assert removed.status_code == 200 and removed.data == b""
    assert client.get(base, headers=auth).get_json() == []


def test_renaming_a_tree_item_keeps_its_parent_in_11_only(store, store11):
    """CommonTreeDropdown::adaptTreeFieldsFromUpdateOrAdd: 11.0 falls back to the current parent,
    10.0.12 moves an item renamed without its parent key to the top (both read in their source)."""
    for db, parent in ((store11, 1), (store, 0)):
        legacy = Api(db)
        legacy.add("Group", name="g1")
        legacy.add("Group", name="g2", groups_id=1)
        legacy.update("Group", 2, name="g2b")
        assert legacy.get("Group/2")["groups_id"] == parent


def test_failed_delete_and_team_order(store11):
    """As on a real 11.0.6: a refused delete is 500 "Failed to delete item(s)" with GLPI's message;
    the team is sorted by display name."""
    client = _client(store11)
    _status, token = _token(client)
    auth = _bearer(token)
    client.post("/api.php/v2/Administration/Entity", headers=auth, json={"name": "E1", "parent": {"id": 0}})
    client.post("/api.php/v2/Administration/Entity", headers=auth, json={"name": "E2", "parent": 1})
    refused = client.delete("/api.php/v2/Administration/Entity/1", headers=auth)
    assert refused.status_code == 500 and refused.get_json() == {
        "status": "ERROR", "title": "Failed to delete item(s)", "detail": None,
        "additional_messages": [{"priority": "error", "message": "You cannot delete an entity which contains sub-entities."}]}
    client.post("/api.php/v2/Administration/Group", headers=auth, json={"name": "g1"})
    client.post("/api.php/v2/Assistance/Ticket", headers=auth, json={"name": "t", "content": "c"})
    base = "/api.php/v2/Assistance/Ticket/1/TeamMember"
    client.post(base, headers=auth, json={"type": "User", "id": 3, "role": "requester"})
    client.post(base, headers=auth, json={"type": "Group", "id": 1, "role": "observer"})
    assert [m["display_name"] for m in client.get(base, headers=auth).get_json()] == ["g1", "post-only"]


def test_patch_moving_an_item_out_of_the_session_answers_404(store11):
    """GLPI 11.0.6's updateBySchema answers getOneBySchema: the move is written, then 404."""
    client = _client(store11)
    _status, token = _token(client)
    auth = _bearer(token)
    for name in ("A", "B"):
        client.post("/api.php/v2/Administration/Entity", headers=auth, json={"name": name, "parent": {"id": 0}})
    in_a = dict(auth, **{"GLPI-Entity": "1", "GLPI-Entity-Recursive": "false"})
    client.post("/api.php/v2/Assets/Computer", headers=in_a, json={"name": "pc", "entity": {"id": 1}})
    kept = client.patch("/api.php/v2/Assets/Computer/1", headers=in_a, json={"comment": "x"})
    assert kept.status_code == 200 and kept.get_json()["comment"] == "x"
    moved = client.patch("/api.php/v2/Assets/Computer/1", headers=in_a, json={"entity": {"id": 2}})
    assert moved.status_code == 404 and moved.get_json()["status"] == "ERROR_ITEM_NOT_FOUND"
    assert client.get("/api.php/v2/Assets/Computer/1", headers=auth).get_json()["entity"]["id"] == 2
