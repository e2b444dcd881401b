# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process emulator client of the emulator's tests (imported by conftest.py and by test
helpers: a module of its own, since ``from conftest import`` finds whichever conftest pytest
imported first when several test folders run together)."""

import base64
import sys
from pathlib import Path

EMULATOR_ROOT = str(Path(__file__).resolve().parents[1])
if EMULATOR_ROOT not in sys.path:
    sys.path.insert(0, EMULATOR_ROOT)

from werkzeug.test import Client  # noqa: E402

from glpi_emulator.app import EmulatorApp  # noqa: E402

APP_TOKEN = "emulator-test-app-token"
TOKENS = {"glpi": "emulator-test-user-token", "tech": "emulator-test-tech-token"}
PASSWORDS = {"post-only": "postonly", "normal": "normal"}  # the seeded users without a token


class Api:
    """The REST API of an emulator in process, as one user."""

    def __init__(self, store, user="glpi"):
        self.client = Client(EmulatorApp(store, APP_TOKEN))
        self.user = user
        self.headers = {}
        self.login()

    def login(self):
        """A new session (it knows the profiles and groups its user has now)."""
        if self.user in TOKENS:
            authorization = "user_token " + TOKENS[self.user]
        else:
            pair = "%s:%s" % (self.user, PASSWORDS[self.user])
            authorization = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
        answer = self.client.get("/apirest.php/initSession",
                                 headers={"App-Token": APP_TOKEN, "Authorization": authorization})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        self.headers = {"App-Token": APP_TOKEN, "Session-Token": answer.get_json()["session_token"]}

    def call(self, method, path, body=None, **query):
        answer = self.raw(method, path, body, **query)
        return answer.status_code, answer.get_json(silent=True)

    def raw(self, method, path, body=None, **query):
        """The werkzeug response (headers, non-JSON bodies)."""
        return self.client.open("/apirest.php/" + path, method=method, headers=self.headers, json=body,
                                query_string=query)

    def add(self, kind, **fields):  # not "itemtype": a field of ITILFollowup, Item_Ticket, ...
        status, body = self.call("POST", kind, {"input": fields})
        assert status == 201, body
        return body["id"]

    def get(self, path, **query):
        status, body = self.call("GET", path, **query)
        assert status == 200, body
        return body

    def update(self, kind, item_id, **fields):
        status, body = self.call("PUT", "%s/%d" % (kind, item_id), {"input": fields})
        assert status == 200, body

    def refresh_entities(self):
        status, body = self.call("POST", "changeActiveEntities", {"entities_id": 0, "is_recursive": True})
        assert status == 200, body
