# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI 11.0's agent authentication on the inventory endpoint (auth_required: client_credentials
with the ``inventory`` OAuth scope, basic_auth) and the Computer webhooks an inventory raises
(glpi-reference-11/NATIVE-INVENTORY.md B2 and its side-effect section); 10.0 has neither."""

import base64
import json

import pytest

from glpi_emulator import oauth
from inventory_docs import enable, linux_document, send

REQUIRED = "Authorization header required to send an inventory"
NO_SCOPE = 'Access denied. Agent must authenticate using client credentials and have the "inventory" OAuth scope'
WRONG_BASIC = "Access denied. Wrong login or password for basic authentication."
OK = {"expiration": "24", "status": "ok"}


def _token(api, scope, grant="client_credentials"):
    form = {"grant_type": grant, "client_id": oauth.DEMO_CLIENT_ID, "client_secret": oauth.DEMO_CLIENT_SECRET,
            "scope": scope}
    if grant == "password":
        form.update(username="glpi", password="glpi")
    answer = api.client.post("/api.php/token", data=form)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert "refresh_token" not in body or grant == "password"
    return body["access_token"]


def _error(message):
    return {"status": "error", "message": message, "expiration": 24}


@pytest.fixture
def oauth_required(api11):
    enable(api11, auth_required="client_credentials")
    return api11


@pytest.fixture
def basic_required(api11):
    enable(api11, auth_required="basic_auth", basic_auth_login="agent", basic_auth_password="agentpw")
    return api11


def _basic(login, password):
    return "Basic " + base64.b64encode(("%s:%s" % (login, password)).encode()).decode()


def test_client_credentials_refusals(oauth_required):
    api = oauth_required
    assert send(api, linux_document())[:2] == (401, _error(REQUIRED))
    assert send(api, linux_document(), headers={"Authorization": "Bearer not-a-jwt"})[:2] == (401, _error(REQUIRED))
    assert send(api, linux_document(), headers={"Authorization": _basic("agent", "x")})[:2] == (401, _error(REQUIRED))
    bearer = {"Authorization": "Bearer " + _token(api, "api")}
    status, body, answer = send(api, linux_document(), headers=bearer)
    assert (status, body) == (401, _error(NO_SCOPE))
    assert "WWW-Authenticate" not in answer.headers
    assert api.get("Computer") == []


def test_client_credentials_401_compressed_like_the_request(oauth_required):
    status, body, answer = send(oauth_required, linux_document(), compression="gzip")
    assert (status, body) == (401, _error(REQUIRED))
    assert answer.headers["Content-Type"] == "application/x-compress-gzip"


@pytest.mark.parametrize("grant", ["client_credentials", "password"])
def test_inventory_scope_accepted_whatever_the_grant(oauth_required, grant):
    bearer = {"Authorization": "Bearer " + _token(oauth_required, "inventory", grant)}
    assert send(oauth_required, linux_document(), headers=bearer)[:2] == (200, OK)
    status, body, answer = send(oauth_required, linux_document(), compression="gzip", agent_id=False, headers=bearer)
    assert (status, body) == (200, {"RESPONSE": "SEND"})
    assert [c["id"] for c in oauth_required.get("Computer")] == [1]


def test_get_checks_come_before_authentication(oauth_required):
    assert oauth_required.client.get("/front/inventory.php").status_code == 405


def test_basic_auth(basic_required):
    api = basic_required
    challenge = 'Basic realm="basic"'
    status, body, answer = send(api, linux_document())
    assert (status, body, answer.headers.get("WWW-Authenticate")) == (401, _error(REQUIRED), challenge)
    status, body, answer = send(api, linux_document(), headers={"Authorization": _basic("agent", "wrong")})
    assert (status, body, answer.headers.get("WWW-Authenticate")) == (401, _error(WRONG_BASIC), challenge)
    bearer = {"Authorization": "Bearer " + _token(api, "inventory")}
    assert send(api, linux_document(), headers=bearer)[:2] == (401, _error(WRONG_BASIC))
    assert send(api, linux_document(), headers={"Authorization": _basic("agent", "agentpw")})[:2] == (200, OK)


def test_glpi_10_has_no_agent_authentication(api):
    enable(api, auth_required="client_credentials")
    assert send(api, linux_document())[:2] == (200, OK)


# -- webhooks -----------------------------------------------------------------------------------
def _queued(api):
    return [(q["event"], q["items_id"]) for q in api.get("QueuedWebhook", range="0-999")]


def test_inventory_raises_computer_webhooks(api11):
    enable(api11)
    for event in ("new", "update"):
        api11.add("Webhook", name="wh-" + event, itemtype="Computer", event=event, url="http://127.0.0.1:9/x",
                  is_active=1)
    send(api11, linux_document())
    assert _queued(api11) == [("new", 1), ("update", 1)]
    send(api11, linux_document())  # identical: one more update
    assert _queued(api11)[2:] == [("update", 1)]
    api11.update("Computer", 1, serial="MANUAL-EDIT")
    send(api11, linux_document())  # the duplicate: new + update of computer 2
    assert _queued(api11)[4:] == [("new", 2), ("update", 2)]
    body = json.loads(api11.get("QueuedWebhook/1")["body"])
    assert (body["event"], body["item"]["name"]) == ("new", "holdout-linux-01")


def test_refused_submissions_raise_nothing(api11):
    enable(api11, auth_required="client_credentials")
    api11.add("Webhook", name="wh", itemtype="Computer", event="update", url="http://127.0.0.1:9/x", is_active=1)
    send(api11, linux_document())
    assert _queued(api11) == []
