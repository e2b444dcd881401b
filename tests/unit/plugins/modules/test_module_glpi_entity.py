"""glpi_entity's run() and the entity tree helpers against a mocked client: what is read,
what is written and in which order, check mode, and the tree rules refused before writing."""

import pytest

import module_harness
from ansible_collections.glpi.glpi.plugins.module_utils.client import ApiResponse
from ansible_collections.glpi.glpi.plugins.module_utils.entities import (
    ITEM_CHECKS, EntityTree, collation_key, count_items, split_path)
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiConflictError, GlpiError, GlpiInputError, GlpiPermissionError)
from ansible_collections.glpi.glpi.plugins.modules import glpi_entity

ROOT = {"id": 0, "name": "Root entity", "completename": "Root entity", "entities_id": None, "comment": None,
        "town": None, "state": None}
EUROPE = {"id": 1, "name": "Europe", "completename": "Root entity &#62; Europe", "entities_id": 0, "comment": None,
          "town": None, "state": None}
PARIS = {"id": 2, "name": "Paris", "completename": "Root entity &#62; Europe &#62; Paris", "entities_id": 1,
         "comment": "HQ", "town": "Paris", "state": None}
JOSE = {"id": 3, "name": "Jos&#233;", "completename": "Root entity &#62; Jos&#233;", "entities_id": 0,
        "comment": None, "town": None, "state": None}


class FakeGlpi(module_harness.FakeGlpi):
    def __init__(self, rows=(ROOT, EUROPE, PARIS, JOSE), items=None):
        super(FakeGlpi, self).__init__()
        self.rows = dict((row["id"], dict(row)) for row in rows)
        self.items = items or {}
        self.next_id = 10
        self.calls = []
        client = self.client
        client.list_items.side_effect = lambda itemtype, **kw: [dict(r) for r in self.rows.values()]
        client.get_item.side_effect = lambda itemtype, ident, **kw: dict(self.rows[ident]) if ident in self.rows else None
        client.add.side_effect = self.add
        client.update.side_effect = self.update
        client.delete.side_effect = self.delete
        client.refresh_entities.side_effect = lambda: self.calls.append(("refresh",))
        client.request.side_effect = self.request

    def add(self, itemtype, body):
        self.calls.append(("add", body["name"], body["entities_id"]))
        ident, self.next_id = self.next_id, self.next_id + 1
        parent = self.rows[body["entities_id"]]
        self.rows[ident] = dict(body, id=ident, completename=parent["completename"] + " &#62; " + body["name"])
        return {"id": ident, "message": ""}

    def update(self, itemtype, body):
        self.calls.append(("update", dict(body)))
        self.rows[body["id"]].update(body)
        return [{str(body["id"]): True, "message": ""}]

    def delete(self, itemtype, body, force_purge=False):
        self.calls.append(("delete", body, force_purge))
        return [{str(i): True, "message": ""} for i in (body if isinstance(body, list) else [body])]

    def request(self, method, path, params=None, **kwargs):
        entity_id = int(params["searchText[entities_id]"].strip("^$"))
        count = self.items.get((path, entity_id, bool(params.get("is_deleted"))), 0)
        if not count:
            return ApiResponse(200, {}, [])
        return ApiResponse(206, {"Content-Range": "0-0/%d" % count}, [{"id": 1, "entities_id": entity_id}])

    def writes(self):
        return [call for call in self.calls if call[0] in ("add", "update", "delete")]


def run(glpi, **params):
    return module_harness.run(glpi_entity, glpi.client, **params)


# -- helpers ---------------------------------------------------------------------
def test_split_path_keeps_names_with_bare_gt():
    assert split_path("Root entity > R>D >  Lab") == ["Root entity", "R>D", "Lab"]
    with pytest.raises(GlpiInputError, match="path"):
        split_path("Europe >  > Paris")


def test_collation_key_is_case_accent_and_trailing_space_blind():
    assert collation_key("José ") == collation_key("jose") == collation_key("JOSE")
    assert collation_key("Straße") != collation_key("Strasse")


def test_tree_paths_with_or_without_root_and_parents():
    tree = EntityTree(FakeGlpi().client).load()
    assert tree.find(tree.full_segments(["Europe", "Paris"]))["id"] == 2
    assert tree.find(tree.full_segments(["Root entity", "Europe", "Paris"]))["id"] == 2
    assert tree.parent_segments("Europe") == ["Root entity", "Europe"]
    assert tree.parent_segments("1") == ["Root entity", "Europe"]
    assert tree.parent_segments("Nowhere") == ["Root entity", "Nowhere"]
    assert tree.descendants(0) == [2, 1, 3]
    assert tree.is_same_or_descendant(2, 1) and not tree.is_same_or_descendant(1, 2)


def test_count_items_uses_content_range_and_checks_the_trash():
    glpi = FakeGlpi(items={("Computer", 2, False): 3, ("Printer", 2, True): 1})
    assert count_items(glpi.client, 2) == {"Computer": 3, "Printer": 1}


def test_count_items_warns_when_a_type_cannot_be_read():
    glpi = FakeGlpi()
    glpi.client.request.side_effect = GlpiPermissionError("no")
    warnings = []
    assert count_items(glpi.client, 2, warn=warnings.append) == {}
    assert len(warnings) == len(ITEM_CHECKS)


# -- present ---------------------------------------------------------------------
def test_unchanged_reads_the_tree_once_and_writes_nothing():
    glpi = FakeGlpi()
    result = run(glpi, path="Europe > Paris", town="Paris", comment="HQ")
    assert result["changed"] is False and result["action"] == "unchanged" and result["id"] == 2
    assert glpi.client.list_items.call_count == 1
    assert glpi.writes() == []


def test_create_parents_top_down_with_a_refresh_after_each():
    glpi = FakeGlpi()
    result = run(glpi, path="Root entity > Europe > France > Lyon", create_parents=True, town="Lyon")
    assert result["action"] == "create" and result["created_parents"] == ["Root entity > Europe > France"]
    # a refresh before reading the tree (the session may predate some entities), then one per creation
    assert glpi.calls == [("refresh",), ("add", "France", 1), ("refresh",), ("add", "Lyon", 10), ("refresh",)]
    assert glpi.rows[11]["town"] == "Lyon" and "town" not in glpi.rows[10]
    assert result["entity"]["id"] == 11


def test_missing_parent_needs_create_parents():
    glpi = FakeGlpi()
    with pytest.raises(GlpiInputError, match="create_parents"):
        run(glpi, name="Lyon", parent="Root entity > Europe > France")
    assert glpi.writes() == []


def test_check_mode_plans_the_creations_and_writes_nothing():
    glpi = FakeGlpi()
    result = run(glpi, path="Asia > Tokyo", create_parents=True, check_mode=True, diff=True)
    assert result["changed"] and result["id"] is None
    assert result["created_parents"] == ["Root entity > Asia"]
    assert result["diff"] == {"before": {}, "after": {"name": "Tokyo", "parent": "Root entity > Asia"}}
    assert glpi.writes() == []


def test_update_sends_only_the_changed_field_and_reads_back():
    glpi = FakeGlpi()
    result = run(glpi, name="Paris", parent="Europe", comment="Head office", town="Paris", diff=True)
    assert glpi.writes() == [("update", {"id": 2, "comment": "Head office"})]
    assert result["changed_fields"] == ["comment"]
    assert result["diff"]["before"]["comment"] == "HQ" and result["diff"]["after"]["comment"] == "Head office"


def test_region_is_glpi_state_field():
    glpi = FakeGlpi()
    run(glpi, path="Europe > Paris", region="Ile-de-France")
    assert glpi.writes() == [("update", {"id": 2, "state": "Ile-de-France"})]


def test_update_that_glpi_ignores_is_an_error():
    glpi = FakeGlpi()
    glpi.client.update.side_effect = lambda itemtype, body: [{str(body["id"]): True, "message": ""}]
    with pytest.raises(GlpiConflictError, match="did not change comment"):
        run(glpi, path="Europe > Paris", comment="new")


@pytest.mark.parametrize("fields, word", [({"entities_id": 3}, "entities_id"), ({"no_such": 1}, "no_such"),
                                          ({"state": "x"}, "repeats")])
def test_bad_fields_are_refused_before_writing(fields, word):
    glpi = FakeGlpi()
    extra = {"region": "y"} if word == "repeats" else {}
    with pytest.raises(GlpiInputError, match=word):
        run(glpi, path="Europe > Paris", fields=fields, **extra)
    assert glpi.writes() == []


def test_name_clashing_by_collation_is_refused():
    glpi = FakeGlpi()
    with pytest.raises(GlpiInputError, match="same name"):
        run(glpi, name="jose")
    assert glpi.writes() == []


def test_glpi_duplicate_entry_becomes_a_clear_conflict():
    glpi = FakeGlpi()
    glpi.client.add.side_effect = GlpiConflictError("Duplicate item", status=400, code="ERROR_GLPI_ADD",
                                                    glpi_message="Duplicate entry '0-Hidden' for key 'unicity'")
    with pytest.raises(GlpiConflictError) as caught:
        run(glpi, name="Hidden")
    assert "cannot see it" in caught.value.message and "Hidden" in caught.value.message


def test_move_under_a_descendant_is_refused():
    glpi = FakeGlpi()
    for parent in ("2", "Root entity > Europe > Paris", "1"):
        with pytest.raises(GlpiInputError, match="descendants"):
            run(glpi, id=1, parent=parent)
    assert glpi.writes() == []


def test_move_and_rename_by_id():
    glpi = FakeGlpi()
    result = run(glpi, id=2, parent="Root entity", name="Paris FR")
    assert glpi.writes() == [("update", {"id": 2, "entities_id": 0, "name": "Paris FR"})]
    assert result["completename"] == "Root entity > Paris FR"
    assert result["changed_fields"] == ["name", "parent"]


# -- absent ------------------------------------------------------------------------
def test_absent_refuses_children_then_deletes_them_deepest_first():
    glpi = FakeGlpi()
    with pytest.raises(GlpiInputError, match="sub-entities"):
        run(glpi, path="Europe", state="absent")
    result = run(glpi, path="Europe", state="absent", remove_children=True)
    assert glpi.writes() == [("delete", [2, 1], True)]
    assert result["deleted"] == ["Root entity > Europe > Paris", "Root entity > Europe"]


def test_absent_refuses_items_unless_orphans_are_allowed():
    glpi = FakeGlpi(items={("Computer", 2, False): 4, ("Profile_User", 2, False): 1})
    with pytest.raises(GlpiInputError) as caught:
        run(glpi, path="Europe > Paris", state="absent")
    assert "4 Computer" in caught.value.message and "1 Profile_User" in caught.value.message
    run(glpi, path="Europe > Paris", state="absent", allow_orphaned_items=True)
    assert glpi.writes() == [("delete", 2, True)]


def test_absent_of_a_missing_entity_is_unchanged():
    glpi = FakeGlpi()
    result = run(glpi, path="Nowhere > Else", state="absent")
    assert result["changed"] is False and glpi.writes() == []


@pytest.mark.parametrize("params", [{"id": 0}, {"path": "Root entity"}])
def test_root_entity_is_never_deleted(params):
    glpi = FakeGlpi()
    with pytest.raises(GlpiInputError, match="root entity"):
        run(glpi, state="absent", remove_children=True, allow_orphaned_items=True, **params)
    assert glpi.writes() == []


def test_check_mode_absent_reports_without_deleting():
    glpi = FakeGlpi()
    result = run(glpi, path="Europe > Paris", state="absent", check_mode=True)
    assert result["changed"] and result["deleted"] == ["Root entity > Europe > Paris"]
    assert glpi.writes() == []


def test_glpi_refusing_hidden_children_is_explained():
    glpi = FakeGlpi()
    glpi.client.delete.side_effect = GlpiError("GLPI refused to delete the item", status=400, code="ERROR_GLPI_DELETE",
                                               glpi_message="You cannot delete an entity which contains sub-entities.")
    with pytest.raises(GlpiConflictError, match="cannot see"):
        run(glpi, path="Europe > Paris", state="absent")


def test_failure_after_a_created_parent_reports_changed():
    glpi = FakeGlpi()
    created = []

    def add(itemtype, body):
        if created:
            raise GlpiError("GLPI refused", status=400, code="ERROR_GLPI_ADD")
        created.append(body)
        return {"id": 10, "message": ""}
    glpi.client.add.side_effect = add
    with pytest.raises(GlpiError) as failure:
        run(glpi, path="Root entity > Europe > France > Lyon", create_parents=True)
    assert failure.value.changed is True  # France was created before Lyon failed
    assert failure.value.written == ["entity 'Root entity > Europe > France' (id 10) created"]
    assert "written before this failure: entity 'Root entity > Europe > France' (id 10) created" in str(failure.value)
