# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config rows, PUT /Config, lostPassword and getMultipleItems over several itemtypes, in process, as
GLPI 10.0.12 answered them (probed on a real server)."""

SENT = ("If the given email address match an exisiting GLPI user, you will receive an email containing the "
        "informations required to reset your password. Please contact your administrator if you do not receive "
        "any email.")


def lost_password(api, body, method="PUT", with_session=False):
    headers = api.headers if with_session else {"App-Token": api.headers["App-Token"]}
    answer = api.client.open("/apirest.php/lostPassword", method=method, headers=headers, json=body)
    body = answer.get_json(silent=True)
    if isinstance(body, list) and len(body) == 2 and body[0] == "ERROR":
        body = ["ERROR", body[1].split(";")[0]]
    return answer.status_code, body


def config_rows(api):
    return dict((row["name"], row) for row in api.get("Config", range="0-999"))


def test_fresh_install_config_rows(api):
    status, body = api.call("GET", "Config", range="0-2")
    assert status == 206
    assert [(row["id"], row["context"], row["name"]) for row in body] == [
        (1, "core", "version"), (2, "core", "show_jobs_at_login"), (3, "core", "cut")]
    rows = config_rows(api)
    assert len(rows) == 270 and rows["stale_agents_status"]["context"] == "inventory"
    assert rows["stale_agents_status"]["id"] == 270


def test_put_config_without_context_stores_yet_answers_400(api):
    status, body = api.call("PUT", "Config/1", {"input": {"use_notifications": "1", "notifications_mailing": "1"}})
    assert (status, body) == (400, ["ERROR_GLPI_UPDATE", ""])
    cfg = api.get("getGlpiConfig")["cfg_glpi"]
    assert (cfg["use_notifications"], cfg["notifications_mailing"]) == ("1", "1")
    assert api.get("Config/1")["value"] == "10.0.12", "the row of the URL is not touched"
    status, body = api.call("PUT", "Config/1", {"input": {"value": "newvalue-x"}})
    assert status == 400
    added = config_rows(api)["value"]
    assert (added["id"], added["context"], added["value"]) == (271, "core", "newvalue-x"), "a new setting named 'value'"
    logs = api.get("Log", range="0-999")
    rows = [(row["itemtype"], row["items_id"], row["id_search_option"], row["old_value"], row["new_value"])
            for row in logs if row["id"] >= 694]
    assert rows == [("Config", 1, 1, "use_notifications 0", "1"), ("Config", 1, 1, "notifications_mailing 0", "1"),
                    ("Config", 1, 1, "value ", "newvalue-x")]


def test_put_config_with_context_updates_the_row(api):
    status, body = api.call("PUT", "Config/5", {"input": {"context": "core", "value": "77"}})
    assert (status, body) == (200, [{"5": True, "message": ""}])
    assert api.get("Config/5") == {"id": 5, "context": "core", "name": "list_limit_max", "value": "77"}
    assert api.call("POST", "Config", {"input": {"context": "core", "name": "x", "value": "1"}}) == (
        400, ["ERROR_GLPI_ADD", "You don't have permission to perform this action."])


def test_lost_password_while_notifications_are_off(api):
    assert lost_password(api, {"email": "x@example.com"}) == (400, ["ERROR", "Email notifications are disabled"])
    assert lost_password(api, {}, "PATCH") == (400, ["ERROR", "Email notifications are disabled"])
    assert lost_password(api, {"email": "x"}, "POST") == (400, ["ERROR", "Only HTTP verb PUT is allowed"])
    assert lost_password(api, None, "GET") == (400, ["ERROR", "Only HTTP verb PUT is allowed"])


def test_lost_password_with_notifications(api):
    api.call("PUT", "Config/1", {"input": {"use_notifications": "1", "notifications_mailing": "1"}})
    assert lost_password(api, {"email": "nobody@example.com"}) == (200, [SENT])
    assert lost_password(api, {}) == (400, ["ERROR", "email parameter missing"])
    assert lost_password(api, {"password_forget_token": "abc", "password": "x"}) == (
        400, ["ERROR", "Your password reset request has expired or is invalid. Please renew it."])
    assert lost_password(api, {"email": "x@example.com"}, with_session=True) == (400, ["ERROR", "A session is active"])


def test_lost_password_token_sets_the_password(api, login):
    api.call("PUT", "Config/1", {"input": {"use_notifications": "1", "notifications_mailing": "1"}})
    api.add("UserEmail", users_id=5, email="normal@example.com")
    assert lost_password(api, {"email": "normal@example.com"}) == (200, [SENT])
    token = api.get("User/5")["password_forget_token"]
    assert len(token) == 40
    assert lost_password(api, {"password_forget_token": token, "password": "changed"}) == (200, ["Reset password successful."])
    assert api.get("User/5")["password_forget_token"] == ""


def test_get_multiple_items_over_itemtypes(api):
    pc = api.add("Computer", name="pc-1")
    monitor = api.add("Monitor", name="mon-1")
    query = {"items[0][itemtype]": "Computer", "items[0][items_id]": pc, "items[1][itemtype]": "Monitor",
             "items[1][items_id]": monitor, "items[2][itemtype]": "Entity", "items[2][items_id]": 0, "with_logs": 1}
    body = api.get("getMultipleItems", **query)
    assert [(row["id"], row["name"]) for row in body] == [(pc, "pc-1"), (monitor, "mon-1"), (0, "Root entity")]
    assert [row["linked_action"] for row in body[0]["_logs"].values()] == [20] and body[2]["_logs"] == []
    query.update({"items[3][itemtype]": "Computer", "items[3][items_id]": 999})
    assert api.call("GET", "getMultipleItems", **query) == (404, ["ERROR_ITEM_NOT_FOUND", "Item not found"])


def test_secret_settings_have_no_value(api):
    rows = [row for row in api.get("Config", range="0-299") if row["name"] in ("smtp_oauth_options", "proxy_passwd", "smtp_passwd")]
    assert rows == [{"id": 57, "context": "core", "name": "smtp_oauth_options"},
                    {"id": 108, "context": "core", "name": "proxy_passwd"}, {"id": 109, "context": "core", "name": "smtp_passwd"}]
    assert api.get("Config/57") == {"id": 57, "context": "core", "name": "smtp_oauth_options"}
