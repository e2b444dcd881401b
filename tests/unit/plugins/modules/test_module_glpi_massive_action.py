"""glpi_massive_action's run() and massive.py against a mocked client: only the items that
differ are sent, per-id statuses from GLPI's counts and messages, check mode, bad input."""

import pytest

import module_harness
from ansible_collections.glpi.glpi.plugins.module_utils.client import ApiResponse
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiBatchError, GlpiInputError, GlpiNotFoundError, failure_result)
from ansible_collections.glpi.glpi.plugins.module_utils import massive
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields, SearchOptionsCache
from ansible_collections.glpi.glpi.plugins.modules import glpi_massive_action

OPTIONS = {
    "common": {"name": "Characteristics"},
    "1": {"name": "Name", "table": "glpi_computers", "field": "name", "uid": "Computer.name"},
    "2": {"name": "ID", "table": "glpi_computers", "field": "id", "uid": "Computer.id"},
    "3": {"name": "Location", "table": "glpi_locations", "field": "completename", "uid": "Computer.Location.completename"},
    "5": {"name": "Serial number", "table": "glpi_computers", "field": "serial", "uid": "Computer.serial"},
    "16": {"name": "Comments", "table": "glpi_computers", "field": "comment", "uid": "Computer.comment"},
    "24": {"name": "Technician in charge", "table": "glpi_users", "field": "name", "uid": "Computer.users_id_tech.User.name"},
    "70": {"name": "User", "table": "glpi_users", "field": "name", "uid": "Computer.User.name"},
    "101": {"name": "Address", "table": "glpi_locations", "field": "address", "uid": "Computer.Location.address"},
}
ACTIVE = [{"key": "MassiveAction:update", "label": "Update"}, {"key": "MassiveAction:delete", "label": "Put in trashbin"},
          {"key": "MassiveAction:amend_comment", "label": "Amend comment"}]
RELIABILITY_CASES = [
    {"area": "Over-long values", "case": "glpi_massive_action (mocked GLPI): update value of 100,000 characters",
     "outcome": "GlpiInputError naming value, comment and the limit; no applyMassiveAction sent", "test": "test_update_value_checked_before_any_write"},
    {"area": "Entity scope", "case": "glpi_massive_action (mocked GLPI): entities_id update of 3 items, 2 moving out of the active entities",
     "outcome": "refused naming both items and the target, nothing sent; with allow_move_out_of_scope sent with a warning each",
     "test": "test_entity_move_out_of_scope"},
]
TRASH = [{"key": "MassiveAction:purge", "label": "Delete permanently"}, {"key": "MassiveAction:restore", "label": "Restore"}]


def link(ident, name):
    return "<a  href='/front/computer.form.php?id=%s'  title=\"%s\">%s</a>" % (ident, name, name)


class FakeGlpi(module_harness.FakeGlpi):
    def __init__(self, rows, answer=None):
        super(FakeGlpi, self).__init__({"Computer": rows})
        self.rows = dict((row["id"], row) for row in self.table("Computer"))
        self.answer = answer
        self.posts = []
        self.client.list_search_options.return_value = OPTIONS
        self.client.request.side_effect = self.request
        self.client.search.return_value = []

    def request(self, method, path, params=None, json_body=None, **kwargs):
        if path.startswith("getMassiveActions"):
            return ApiResponse(200, {}, TRASH if (params or {}).get("is_deleted") else ACTIVE)
        if path == "getMultipleItems":
            wanted = [item["items_id"] for item in params["items"]]
            if any(ident not in self.rows for ident in wanted):
                raise GlpiNotFoundError("Item not found", status=404, code="ERROR_ITEM_NOT_FOUND")
            return ApiResponse(200, {}, [dict(self.rows[ident]) for ident in wanted])
        if path.startswith("applyMassiveAction"):
            self.posts.append((path, json_body))
            if self.answer:
                return ApiResponse(self.answer[0], {}, self.answer[1])
            return ApiResponse(200, {}, {"ok": len(json_body["ids"]), "noaction": 0, "ko": 0, "noright": 0, "messages": []})
        raise AssertionError(path)


def computers(count, comment="old", is_deleted=0):
    return [{"id": n, "name": "pc-%d" % n, "comment": comment, "serial": None, "locations_id": 0, "is_deleted": is_deleted}
            for n in range(1, count + 1)]


def run(glpi, **params):
    params = dict(dict(itemtype="Computer", action="MassiveAction:update"), **params)
    return module_harness.run(glpi_massive_action, glpi.client, **params)


@pytest.fixture(autouse=True)
def private_search_options_cache(monkeypatch, tmp_path):
    """Keep listSearchOptions of the fake server out of the user's disk cache."""
    monkeypatch.setattr(glpi_massive_action, "SearchFields",
                        lambda client: SearchFields(client, cache=SearchOptionsCache(directory=str(tmp_path))))


# -- search options ---------------------------------------------------------------
@pytest.mark.parametrize("field, expected", [
    ("comment", 16), ("serial", 5), ("locations_id", 3), ("users_id", 70), ("users_id_tech", 24),
    ("Location.address", 101), ("16", 16),
])
def test_update_option_from_field_names(field, expected, tmp_path):
    fields = SearchFields(FakeGlpi([]).client, cache=SearchOptionsCache(directory=str(tmp_path)))
    assert massive.update_option(fields, "Computer", field) == expected


# -- update ------------------------------------------------------------------------
def test_update_sends_only_the_items_that_differ():
    rows = computers(4)
    rows[0]["comment"] = rows[2]["comment"] = "new"
    glpi = FakeGlpi(rows)
    result = run(glpi, ids=[1, 2, 3, 4], field="comment", value="new")
    assert glpi.posts == [("applyMassiveAction/Computer/MassiveAction:update",
                           {"ids": [2, 4], "input": {"field": "comment", "comment": "new", "search_options": {"Computer": 16}}})]
    assert result["changed_ids"] == [2, 4] and result["skipped_ids"] == [1, 3]
    assert result["summary"] == {"ok": 2, "noaction": 2, "ko": 0, "noright": 0}


def test_update_in_glpi_input_form():
    glpi = FakeGlpi(computers(1))
    run(glpi, ids=[1], input={"field": "comment", "comment": "new"})
    assert glpi.posts[0][1]["input"] == {"field": "comment", "comment": "new", "search_options": {"Computer": 16}}


def test_nothing_to_do_sends_nothing():
    glpi = FakeGlpi(computers(3, comment="same"))
    result = run(glpi, ids=[1, 2, 3], field="comment", value="same")
    assert result["changed"] is False and glpi.posts == []


def test_check_mode_reports_the_ids_without_posting():
    rows = computers(3)
    rows[1]["comment"] = "new"
    glpi = FakeGlpi(rows)
    result = run(glpi, check_mode=True, ids=[1, 2, 3], field="comment", value="new")
    assert result["changed"] and result["changed_ids"] == [1, 3]
    assert glpi.posts == []


def test_missing_id_fails_with_the_report_and_is_never_sent():
    glpi = FakeGlpi(computers(2))
    with pytest.raises(GlpiBatchError) as caught:
        run(glpi, ids=[1, 2, 999], field="comment", value="new")
    result = failure_result(caught.value)
    assert result["changed"] is True and result["error"]["written"] == ["Computer 1", "Computer 2"]
    assert glpi.posts[0][1]["ids"] == [1, 2]
    assert result["failed_ids"] == [999] and result["changed_ids"] == [1, 2]
    assert "999" in result["msg"]
    assert [r["status"] for r in result["results"]] == ["ok", "ok", "noright"]


def test_glpi_messages_are_tied_to_ids():
    answer = (207, {"ok": 1, "noaction": 0, "ko": 1, "noright": 1,
                    "messages": [link(2, "pc-2") + ": Failed operation", link(3, "pc-3") + ": Authorization error"]})
    glpi = FakeGlpi(computers(3), answer=answer)
    with pytest.raises(GlpiBatchError) as caught:
        run(glpi, ids=[1, 2, 3], field="comment", value="new")
    statuses = dict((r["id"], (r["status"], r["message"])) for r in caught.value.result["results"])
    assert statuses == {1: ("ok", ""), 2: ("ko", "pc-2: Failed operation"), 3: ("noright", "pc-3: Authorization error")}


def test_counts_without_links_are_settled_by_reading_back():
    rows = computers(2)
    answer = (207, {"ok": 1, "noaction": 0, "ko": 1, "noright": 0, "messages": ["It has sub-items"]})
    glpi = FakeGlpi(rows, answer=answer)
    original = glpi.request

    def request(method, path, params=None, json_body=None, **kwargs):
        response = original(method, path, params=params, json_body=json_body, **kwargs)
        if path.startswith("applyMassiveAction"):
            glpi.rows[2]["comment"] = "new"  # GLPI applied id 2 only
        return response
    glpi.client.request.side_effect = request
    with pytest.raises(GlpiBatchError) as caught:
        run(glpi, ids=[1, 2], field="comment", value="new")
    statuses = dict((r["id"], r["status"]) for r in caught.value.result["results"])
    assert statuses == {1: "ko", 2: "ok"}
    assert caught.value.result["changed_ids"] == [2]


def test_dropdown_value_by_name():
    glpi = FakeGlpi(computers(1))
    glpi.tables["Location"] = [{"id": 7, "name": "Paris", "completename": "Paris"}]
    run(glpi, ids=[1], field="locations_id", value="Paris")
    assert glpi.posts[0][1]["input"] == {"field": "locations_id", "locations_id": 7, "search_options": {"Computer": 3}}


# -- trash --------------------------------------------------------------------------
def test_delete_skips_the_trash_and_restore_skips_the_active():
    rows = computers(2)
    rows[0]["is_deleted"] = 1
    glpi = FakeGlpi(rows)
    assert run(glpi, action="delete", ids=[1, 2])["changed_ids"] == [2]
    assert run(glpi, action="MassiveAction:restore", ids=[1, 2])["changed_ids"] == [1]
    assert [post[1]["ids"] for post in glpi.posts] == [[2], [1]]


def test_purge_skips_missing_ids():
    glpi = FakeGlpi(computers(1))
    result = run(glpi, action="MassiveAction:purge", ids=[1, 999])
    assert result["changed_ids"] == [1] and result["skipped_ids"] == [999]
    assert glpi.posts[0][1] == {"ids": [1]}


def test_other_actions_are_applied_every_time_with_their_input():
    glpi = FakeGlpi(computers(2))
    result = run(glpi, action="MassiveAction:amend_comment", ids=[1, 2], input={"amendment": "x"})
    assert glpi.posts[0][1] == {"ids": [1, 2], "input": {"amendment": "x"}}
    assert result["changed_ids"] == [1, 2]


def test_chunks():
    glpi = FakeGlpi(computers(5))
    run(glpi, ids=[1, 2, 3, 4, 5], field="comment", value="new", chunk_size=2)
    assert [post[1]["ids"] for post in glpi.posts] == [[1, 2], [3, 4], [5]]


def test_criteria_resolve_field_names():
    glpi = FakeGlpi(computers(2))
    glpi.client.search.return_value = [{"Computer.id": 1}, {"Computer.id": "2"}]
    result = run(glpi, criteria=[{"field": "serial", "value": "X"},
                                 {"field": "locations_id", "searchtype": "contains", "value": "Paris", "link": "AND"}],
                 field="comment", value="new")
    params = glpi.client.search.call_args[0][1]
    assert params["criteria"] == [{"field": 5, "searchtype": "contains", "value": "X"},
                                  {"field": 3, "searchtype": "contains", "value": "Paris", "link": "AND"}]
    assert params["forcedisplay"] == [2] and "is_deleted" not in params
    assert result["ids"] == [1, 2]


def test_criteria_of_a_purge_look_in_the_trash_too():
    glpi = FakeGlpi(computers(2))
    glpi.client.search.side_effect = [[{"Computer.id": 1}], [{"Computer.id": 2}]]
    result = run(glpi, action="purge", criteria=[{"field": "name", "value": "pc"}])
    assert [bool(call[0][1].get("is_deleted")) for call in glpi.client.search.call_args_list] == [False, True]
    assert result["changed_ids"] == [1, 2]


# -- bad input --------------------------------------------------------------------
def test_unknown_action_lists_the_valid_ones():
    glpi = FakeGlpi(computers(1))
    with pytest.raises(GlpiInputError) as caught:
        run(glpi, action="MassiveAction:nosuch", ids=[1])
    assert "MassiveAction:update (Update)" in caught.value.message
    assert "MassiveAction:purge" in caught.value.message
    assert glpi.posts == []


@pytest.mark.parametrize("params, word", [
    ({"field": "comment"}, "value"),
    ({"value": "x"}, "field"),
    ({"field": "no_such", "value": "x"}, "no_such"),
    ({"action": "delete", "field": "comment", "value": "x"}, "MassiveAction:update"),
    ({"field": "is_deleted", "value": 1}, "restore"),
    ({"field": "comment", "value": "x", "chunk_size": 0}, "chunk_size"),
])
def test_bad_input_is_refused_before_writing(params, word):
    glpi = FakeGlpi(computers(1))
    with pytest.raises(GlpiInputError, match=word):
        run(glpi, ids=[1], **params)
    assert glpi.posts == []


def test_update_value_checked_before_any_write():
    glpi = FakeGlpi(computers(2))
    with pytest.raises(GlpiInputError) as caught:
        run(glpi, ids=[1, 2], field="comment", value="c" * 100000)
    assert "Computer comment: 100000 characters, the column holds at most 65535 bytes" in str(caught.value)
    assert caught.value.option == "value" and not glpi.posts


@pytest.mark.parametrize("allowed", [False, True])
def test_entity_move_out_of_scope(allowed):
    glpi = FakeGlpi([dict(row, entities_id=1) for row in computers(3)])
    glpi.rows[3]["entities_id"] = 7
    glpi.client.get_active_entities.return_value = {"active_entities": [{"id": 1}]}
    params = dict(ids=[1, 2, 3], field="entities_id", value=7, input={"search_options": {"Computer": 80}},
                  allow_move_out_of_scope=allowed)
    if not allowed:
        with pytest.raises(GlpiInputError) as caught:
            run(glpi, **params)
        assert "moving Computer 1 to entity 7; Computer 2 to entity 7 would put it outside" in str(caught.value)
        assert "active entities (1)" in str(caught.value) and not glpi.posts
        return
    result = run(glpi, **params)
    assert result["changed_ids"] == [1, 2] and len(result["warnings"]) == 2 and glpi.posts[0][1]["ids"] == [1, 2]
