# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An :class:`emulator_api.Api` for a user a test created (login and password, Basic auth)."""
import base64

from emulator_api import APP_TOKEN, Api


class UserApi(Api):
    def __init__(self, store, user, password):
        self.password = password
        super().__init__(store, user)

    def login(self):
        pair = base64.b64encode(("%s:%s" % (self.user, self.password)).encode()).decode()
        answer = self.client.get("/apirest.php/initSession",
                                 headers={"App-Token": APP_TOKEN, "Authorization": "Basic " + pair})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        self.headers = {"App-Token": APP_TOKEN, "Session-Token": answer.get_json()["session_token"]}
