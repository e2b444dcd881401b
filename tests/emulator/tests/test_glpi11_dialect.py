# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI 11.0 mode (``--glpi-version 11.0``): each way 11.0.6's legacy API answers differently
from 10.0.12 (glpi-reference/FINDINGS-glpi11-legacy.md, checked on a real 11.0.6), next to
the 10.0 answer where the default mode must keep it."""

import json

import pytest

from glpi_emulator import __main__ as cli, dialects

API11 = "http://localhost/api.php/v1"


# -- URLs and pages --------------------------------------------------------------------------
def test_links_and_location_use_the_api_php_v1_base(api, api11):
    answer = api11.raw("POST", "Computer", {"input": {"name": "pc"}})
    assert answer.headers["Location"] == API11 + "/Computer/1"
    links = api11.get("Computer/1")["links"]
    assert {"rel": "Entity", "href": API11 + "/Entity/0"} in links
    assert api.raw("POST", "Computer", {"input": {"name": "pc"}}).headers["Location"] == \
        "http://localhost/apirest.php/Computer/1"


def test_error_documentation_url(api11):
    status, body = api11.call("GET", "Computer", range="x")
    assert status == 400
    assert body[1].endswith("view documentation in your browser at %s/#ERROR" % API11)


def test_legacy_api_also_answers_under_api_php_v1(api11):
    answer = api11.client.get("/api.php/v1/Computer", headers=api11.headers)
    assert answer.status_code == 200 and answer.get_json() == []


def test_api_php_welcome_and_status_json(api, api11):
    welcome = api11.client.get("/api.php")
    assert welcome.status_code == 200
    body = welcome.get_json()
    assert body["message"] == "Welcome to GLPI API"
    assert body["api_versions"][0]["endpoint"] == API11
    status = api11.client.get("/status.php").get_json()
    assert status["glpi"] == {"status": "OK"}
    assert api.client.get("/api.php").status_code == 403
    assert api.client.get("/status.php").get_json(silent=True) is None


# -- status codes ------------------------------------------------------------------------------
def test_unknown_searchtext_field_is_400(api, api11):
    status, body = api11.call("GET", "Computer", **{"searchText[nope]": "x"})
    assert status == 400
    assert body[0] == "ERROR_FIELD_NOT_FOUND"
    assert body[1].startswith("Field nope is not valid for Computer item.")
    assert api11.call("GET", "Computer", **{"searchText[nope]": ""})[0] == 400
    assert api.call("GET", "Computer", **{"searchText[nope]": "x"})[0] == 200


@pytest.mark.parametrize("item_id", ["0", "-1"])
def test_id_zero_or_negative_is_not_found(api, api11, item_id):
    assert api11.call("GET", "Computer/" + item_id) == (404, ["ERROR_ITEM_NOT_FOUND", "Item not found"])
    assert api.call("GET", "Computer/" + item_id)[0] == 200
    assert api11.call("GET", "Entity/0")[0] == 200


def test_itemtypes_are_case_sensitive(api, api11):
    api11.add("Computer", name="pc")
    status, body = api11.call("GET", "computer/1")
    assert status == 400 and body[0] == "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM"
    api.add("Computer", name="pc")
    assert api.call("GET", "computer/1")[0] == 200


def test_get_multiple_items_unknown_itemtype_is_404(api, api11):
    query = {"items[0][itemtype]": "Nope", "items[0][items_id]": "1"}
    assert api11.call("GET", "getMultipleItems", **query) == (404, ["ERROR_ITEM_NOT_FOUND", "Item not found"])
    assert api.raw("GET", "getMultipleItems", **query).get_data() == b""


def test_bulk_add_with_a_non_object_is_a_500_page_after_the_first_adds(api11):
    answer = api11.raw("POST", "Computer", {"input": [{"name": "first"}, "oops"]})
    assert answer.status_code == 500
    assert answer.content_type.startswith("text/html")
    assert [row["name"] for row in api11.get("Computer")] == ["first"]


def test_search_criteria_not_an_array_is_a_500_page(api, api11):
    answer = api11.raw("GET", "search/Computer", criteria="abc")
    assert answer.status_code == 500 and b"An unexpected error occurred" in answer.get_data()
    assert api.raw("GET", "search/Computer", criteria="abc").status_code == 200


def _entity_chain(one):
    """upe-A > upe-B > upe-C under the root, as users_profiles_entities.json builds it."""
    ids = []
    parent = 0
    for name in ("upe-A", "upe-B", "upe-C"):
        ids.append(one.add("Entity", name=name, entities_id=parent))
        one.refresh_entities()
        parent = ids[-1]
    return ids


def test_moving_an_entity_under_its_child_is_refused(api, api11):
    a11, b11, _c11 = _entity_chain(api11)
    assert api11.call("PUT", "Entity/%d" % a11, {"input": {"entities_id": b11}}) == (400, ["ERROR_GLPI_UPDATE", ""])
    assert api11.get("Entity/%d" % a11)["entities_id"] == 0
    a10, b10, _c10 = _entity_chain(api)
    assert api.call("PUT", "Entity/%d" % a10, {"input": {"entities_id": b10}})[0] == 500


def test_a_cycle_the_stale_sons_cache_lets_through_answers_200(api, api11):
    for one, status in ((api11, 200), (api, 500)):
        a, b, c = _entity_chain(one)
        one.update("Entity", c, entities_id=0)
        one.update("Entity", a, entities_id=c)
        assert one.call("PUT", "Entity/%d" % c, {"input": {"entities_id": b}})[0] == status


# -- stored text -------------------------------------------------------------------------------
def test_text_is_stored_and_returned_raw(api, api11):
    api11.add("Computer", name="a<b>&c")
    assert api11.get("Computer/1")["name"] == "a<b>&c"
    api.add("Computer", name="a<b>&c")
    assert api.get("Computer/1")["name"] == "a&#60;b&#62;&#38;c"


def test_search_finds_text_with_html_characters(api11):
    api11.add("Computer", name="<script>x")
    api11.add("Computer", name="plain")
    body = api11.get("search/Computer", **{"criteria[0][field]": "1", "criteria[0][searchtype]": "contains",
                                           "criteria[0][value]": "<script>"})
    assert body["totalcount"] == 1 and body["data"][0]["1"] == "<script>x"
    assert [r["name"] for r in api11.get("Computer", **{"searchText[name]": "<script>"})] == ["<script>x"]


def test_tree_names_are_not_encoded(api11):
    child = api11.add("Entity", name="child", entities_id=0)
    api11.refresh_entities()
    api11.add("Computer", name="pc", entities_id=child)
    assert api11.get("Computer/1", expand_dropdowns="1")["entities_id"] == "Root entity > child"


def test_over_long_name_is_refused(api, api11):
    status, body = api11.call("POST", "Computer", {"input": {"name": "x" * 300}})
    assert status == 400 and body[0] == "ERROR_GLPI_ADD"
    assert body[1].startswith("MySQL query error: Data too long for column 'name' at row 1 (1406) in SQL query "
                              "\"INSERT INTO `glpi_computers` (")
    assert api11.add("Computer", name="next") == 1  # measured on 11.0.6: a 1406 refusal burns no id (a 1062 does)
    assert api.call("POST", "Computer", {"input": {"name": "x" * 300}})[0] == 201


def test_duplicate_entity_answers_the_mysql_error(api, api11):
    api11.add("Entity", name="dup", entities_id=0)
    status, body = api11.call("POST", "Entity", {"input": {"name": "dup", "entities_id": 0}})
    assert status == 400
    assert body[1].startswith("MySQL query error: Duplicate entry '0-dup' for key 'unicity' (1062) in SQL query ")
    api.add("Entity", name="dup", entities_id=0)
    assert api.call("POST", "Entity", {"input": {"name": "dup", "entities_id": 0}})[1][1] == \
        "Duplicate entry '0-dup' for key 'unicity'"


def test_entity_ids_are_auto_increment(api11):
    first = api11.add("Entity", name="one", entities_id=0)
    api11.call("POST", "Entity", {"input": {"name": "one", "entities_id": 0}})
    assert api11.add("Entity", name="two", entities_id=0) == first + 2


# -- fields --------------------------------------------------------------------------------------
def test_asset_groups_are_lists(api, api11):
    g1, g2 = api11.add("Group", name="g1"), api11.add("Group", name="g2")
    pc = api11.add("Computer", name="pc", groups_id=g1, groups_id_tech=[g1, g2])
    fields = api11.get("Computer/%d" % pc)
    assert (fields["groups_id"], fields["groups_id_tech"]) == ([g1], [g1, g2])
    assert not [link for link in fields["links"] if link["rel"] == "Group"]
    api11.update("Computer", pc, groups_id=0)
    assert api11.get("Computer/%d" % pc)["groups_id"] == []
    row = api11.get("Computer")[0]
    assert "groups_id" not in row and "groups_id_tech" not in row
    api.add("Group", name="g1")
    assert api.get("Computer/%d" % api.add("Computer", name="pc", groups_id=1))["groups_id"] == 1


def test_full_session_keys(api, api11):
    session = api11.get("getFullSession")["session"]
    assert "glpiroot" not in session and "glpifold_search" not in session
    assert session["glpibackcreated"] == "1"
    assert session["glpitoast_location"] == "bottom-right"
    assert session["glpiactiveprofile"]["computer"] == 4095
    session10 = api.get("getFullSession")["session"]
    assert "glpiroot" in session10 and session10["glpiactiveprofile"]["computer"] == 255


def test_user_fields(api, api11):
    user = api11.get("User/2")
    assert "display_options" not in user and "fold_search" not in user
    assert user["toast_location"] is None and user["2fa_unenforced"] == 0
    assert list(user).index("set_followup_tech") == list(user).index("set_default_tech") + 1
    assert user["timeline_order"] is None
    assert "display_options" in api.get("User/2")


def test_root_entity_fields(api, api11):
    root = api11.get("Entity/0")
    assert (root["use_domains_alert"], root["send_domains_alert_close_expiries_delay"],
            root["send_domains_alert_expired_delay"]) == (0, 30, 1)
    assert root["custom_css_code"] == "" and root["inquest_max_rate"] == 5
    assert list(root).index("url_base") == list(root).index("mailing_signature") + 1
    child_id = api11.add("Entity", name="child", entities_id=0)
    api11.refresh_entities()
    child = api11.get("Entity/%d" % child_id)
    assert child["is_user_autoupdate"] == -2 and child["use_domains_alert"] == -2
    root10 = api.get("Entity/0")
    assert root10["use_domains_alert"] == -2 and "url_base" not in root10


def test_network_ports(api, api11):
    for one in (api, api11):
        pc = one.add("Computer", name="pc")
        one.add("NetworkPort", itemtype="Computer", items_id=pc, instantiation_type="NetworkPortEthernet",
                name="eth0", logical_number=1)
    port = api11.get("Computer/1", with_networkports="1")["_networkports"]["NetworkPortEthernet"][0]
    assert port["networkports_id_opposite"] is None
    assert port["links"][0] == {"rel": None, "href": API11 + "//1"}
    port10 = api.get("Computer/1", with_networkports="1")["_networkports"]["NetworkPortEthernet"][0]
    assert "networkports_id_opposite" not in port10 and port10["links"][0]["rel"] == "UNKNOWN"


def test_glpi_config(api, api11, store11):
    cfg = api11.get("getGlpiConfig")["cfg_glpi"]
    assert "url_base_api" not in cfg and len(cfg) == 383
    assert store11.query("SELECT COUNT(*) FROM glpi_configs")[0][0] == 296
    assert "url_base_api" in api.get("getGlpiConfig")["cfg_glpi"]


# -- messages ------------------------------------------------------------------------------------
def test_add_messages(api, api11):
    assert api11.call("POST", "Ticket", {"input": {"name": "t", "content": "c"}})[1]["message"] == \
        "Item successfully added: t"
    assert api.call("POST", "Ticket", {"input": {"name": "t", "content": "c"}})[1]["message"] == \
        "Item successfully added: t (1)"
    assert api11.call("POST", "Computer", {"input": {"name": "a<b>&c"}})[1]["message"] == \
        "Item successfully added: a&lt;b&gt;&amp;c"


def test_massive_action_link_markup(api, api11, login):
    for one in (api, api11):
        one.add("Computer", name="a<b")
    body = {"ids": [1, 999999], "input": {"field": "comment", "comment": "x"}}
    _status, answer = api11.call("POST", "applyMassiveAction/Computer/MassiveAction:update", body)
    assert answer["messages"] == [
        '<a href="/front/computer.form.php?id=1" data-bs-toggle="tooltip" data-bs-placement="bottom" '
        'title="a&lt;b">a&lt;b</a>: Authorization error']
    _status, answer = api.call("POST", "applyMassiveAction/Computer/MassiveAction:update", body)
    assert answer["messages"] == ["<a  href='/front/computer.form.php?id=1'  title=\"a&amp;#60;b\">a&#60;b</a>: "
                                  "Authorization error"]


# -- search and paging --------------------------------------------------------------------------
def test_search_default_sort_is_zero_and_rows_come_by_id(api, api11):
    for name in ("b", "a"):
        api11.add("Computer", name=name)
    body = api11.get("search/Computer")
    assert body["sort"] == [0]
    assert [row["1"] for row in body["data"]] == ["b", "a"]
    assert api.get("search/Computer")["sort"] == ["1"]


def test_inverted_range_returns_every_row(api, api11):
    for i in range(6):
        api11.add("Computer", name="pc%d" % i)
        api.add("Computer", name="pc%d" % i)
    answer = api11.raw("GET", "Computer", range="5-2")
    assert answer.status_code == 206 and len(answer.get_json()) == 6
    assert answer.headers["Content-Range"] == "5-2/6"
    assert api.call("GET", "Computer", range="5-2") == (206, [])


def test_search_with_an_inverted_range_is_a_500_page(api, api11):
    for one in (api, api11):
        for i in range(6):
            one.add("Computer", name="pc%d" % i)
    assert api11.raw("GET", "search/Computer", range="4-2").status_code == 500
    assert api11.raw("GET", "search/Computer", range="3-2").status_code == 206
    assert api.raw("GET", "search/Computer", range="4-2").status_code == 206


def test_lowercase_order_is_ignored(api, api11):
    for one in (api, api11):
        for i in range(3):
            one.add("Computer", name="pc%d" % i)
    assert [r["id"] for r in api11.get("Computer", order="desc")] == [1, 2, 3]
    assert [r["id"] for r in api11.get("Computer", order="DESC")] == [3, 2, 1]
    assert [r["id"] for r in api.get("Computer", order="desc")] == [3, 2, 1]


# -- choosing the version -------------------------------------------------------------------------
def test_version_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(dialects.ENV_VAR, "11.0")
    assert dialects.get().version == "11.0"
    monkeypatch.delenv(dialects.ENV_VAR)
    assert dialects.get().version == "10.0"
    with pytest.raises(ValueError):
        dialects.get("9.5")


def test_cli_option_and_environment(monkeypatch):
    seen = {}

    class FakeServer:
        effective_port = 1

        def run(self):
            pass

        def close(self):
            pass

    def fake_store(path, tokens, version):
        seen["version"] = version
        return type("S", (), {"dialect": dialects.get(version)})()

    monkeypatch.setattr(cli, "Store", fake_store)
    monkeypatch.setattr(cli, "EmulatorApp", lambda store, token, oauth_server=None: None)
    monkeypatch.setattr(cli, "create_server", lambda *a, **k: FakeServer())
    monkeypatch.setenv(dialects.ENV_VAR, "11.0")
    cli.main([])
    assert seen["version"] == "11.0"
    cli.main(["--glpi-version", "10.0"])
    assert seen["version"] == "10.0"
    monkeypatch.delenv(dialects.ENV_VAR)
    cli.main([])
    assert seen["version"] == "10.0"
    assert json.dumps(dialects.VERSIONS) == '["10.0", "11.0"]'
