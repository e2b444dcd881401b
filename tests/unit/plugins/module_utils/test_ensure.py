"""Planning and writing of the resource layer against a mocked client."""

from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Ensurer, Task
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiConflictError, GlpiError, GlpiInputError, GlpiPartialError)

ROW = {"id": 5, "name": "web-01", "serial": "A", "comment": "x &#38; y", "is_deleted": 0, "is_dynamic": 0,
       "locations_id": 0, "entities_id": 0}


def client_with(rows, trashed=()):
    client = mock.create_autospec(GlpiClient, instance=True)

    def list_items(itemtype, search_text=None, is_deleted=None, params=None, **kwargs):
        if itemtype == "Location":
            return [{"id": 3, "name": "Paris", "completename": "Paris"}]
        return list(trashed) if is_deleted else list(rows)
    client.list_items.side_effect = list_items
    client.get_item.return_value = dict(ROW)
    return client


def plan(client, fields, state="present", **kwargs):
    ensurer = Ensurer(client, "Computer", **kwargs)
    tasks = ensurer.plan([Task(0, fields, ["name"], state)])
    return ensurer, tasks


def test_unchanged_needs_one_read_and_no_write():
    client = client_with([dict(ROW)])
    ensurer, tasks = plan(client, {"name": "web-01", "comment": "x & y"})
    ensurer.apply(tasks)
    assert tasks[0].action == "unchanged"
    assert client.list_items.call_count == 1
    assert not client.add.called and not client.update.called and not client.delete.called


def test_update_sends_only_changed_fields():
    client = client_with([dict(ROW)])
    client.update.return_value = [{"5": True, "message": ""}]
    ensurer, tasks = plan(client, {"name": "web-01", "serial": "B", "comment": "x & y"})
    ensurer.apply(tasks)
    client.update.assert_called_once_with("Computer", {"serial": "B", "id": 5})
    assert tasks[0].outcome_id == 5


def test_check_mode_plans_but_never_writes():
    client = client_with([])
    ensurer, tasks = plan(client, {"name": "new"}, check_mode=True)
    ensurer.apply(tasks)
    assert tasks[0].action == "create"
    assert not client.add.called


def test_similar_names_are_not_a_match():
    client = client_with([dict(ROW, name="WEB-01"), dict(ROW, id=6, name="web_01")])
    _ensurer, tasks = plan(client, {"name": "web-01"})
    assert tasks[0].action == "create"


def test_ambiguous_match_names_the_ids():
    client = client_with([dict(ROW), dict(ROW, id=9)])
    with pytest.raises(GlpiInputError) as error:
        plan(client, {"name": "web-01"})
    assert "5, 9" in str(error.value)


def test_unknown_field_refused_before_write():
    client = client_with([dict(ROW)])
    with pytest.raises(GlpiInputError) as error:
        plan(client, {"name": "web-01", "colour": "red"})
    assert "colour" in str(error.value)
    assert not client.update.called


def test_dropdown_name_resolved():
    client = client_with([dict(ROW)])
    client.update.return_value = [{"5": True, "message": ""}]
    _ensurer, tasks = plan(client, {"name": "web-01", "locations_id": "Paris"})
    assert tasks[0].changes == {"locations_id": 3}


def test_dynamic_item_protected():
    client = client_with([dict(ROW, is_dynamic=1)])
    with pytest.raises(GlpiInputError) as error:
        plan(client, {"name": "web-01", "serial": "B"})
    assert "allow_dynamic_changes" in str(error.value)
    _ensurer, tasks = plan(client, {"name": "web-01", "serial": "B"}, allow_dynamic_changes=True)
    assert tasks[0].action == "update"


def test_trashed_match_is_restored():
    client = client_with([], trashed=[dict(ROW, is_deleted=1)])
    _ensurer, tasks = plan(client, {"name": "web-01"})
    assert tasks[0].action == "restore"


def test_absent_trashes_and_purged_purges():
    client = client_with([dict(ROW)])
    assert plan(client, {"name": "web-01"}, state="absent")[1][0].action == "trash"
    assert plan(client, {"name": "web-01"}, state="purged")[1][0].action == "purge"
    client = client_with([])
    assert plan(client, {"name": "web-01"}, state="absent")[1][0].action == "unchanged"


def test_sha1_mismatch_refuses():
    client = client_with([dict(ROW)])
    client.get_item.return_value = "0" * 40
    ensurer = Ensurer(client, "Computer")
    with pytest.raises(GlpiConflictError):
        ensurer.plan([Task(0, {"name": "web-01", "serial": "B"}, ["name"], expected_sha1="f" * 40)])


def test_partial_bulk_create_reported_per_item():
    client = client_with([])
    client.add.side_effect = GlpiPartialError("partial", results=[{"id": 7, "message": "ok"},
                                                                  {"id": False, "message": "no right"}])
    ensurer = Ensurer(client, "Computer")
    tasks = ensurer.apply(ensurer.plan([Task(0, {"name": "a"}, ["name"]), Task(1, {"name": "b"}, ["name"])]))
    results = ensurer.results(tasks)
    assert [r["action"] for r in results] == ["create", "failed"]
    assert results[1]["error"] == "no right"


def test_lost_create_answer_looks_before_creating_again():
    created = []
    client = client_with([])

    def list_items(itemtype, search_text=None, is_deleted=None, params=None, **kwargs):
        return [dict(ROW, id=40 + n, name=name) for n, name in enumerate(created)] if not is_deleted else []

    def add(itemtype, body):
        created.extend(entry["name"] for entry in (body if isinstance(body, list) else [body]))
        raise GlpiError("502 Bad Gateway", status=502, maybe_applied=True)
    client.list_items.side_effect = list_items
    client.add.side_effect = add
    ensurer = Ensurer(client, "Computer", warn=lambda m: None)
    tasks = ensurer.plan([Task(0, {"name": "a"}, ["name"]), Task(1, {"name": "b"}, ["name"])])
    ensurer.apply(tasks)
    assert client.add.call_count == 1
    assert [task.outcome_id for task in tasks] == [40, 41]


def test_missing_dropdown_created_only_after_validation_and_never_in_check_mode():
    client = client_with([])

    def list_items(itemtype, search_text=None, is_deleted=None, params=None, **kwargs):
        return []
    client.list_items.side_effect = list_items
    client.add.side_effect = [{"id": 11}, {"id": 12}, {"id": 40, "message": ""}]

    ensurer = Ensurer(client, "Computer", check_mode=True, create_missing_dropdowns=True)
    tasks = ensurer.apply(ensurer.plan([Task(0, {"name": "a", "locations_id": "Paris > Floor 3"}, ["name"])]))
    assert ensurer.created_dropdowns == ["(new Location 'Paris')", "(new Location 'Floor 3')"]
    assert not client.add.called
    assert ensurer.results(tasks)[0]["after"]["locations_id"] == "(new Location 'Floor 3')"

    ensurer = Ensurer(client, "Computer", create_missing_dropdowns=True)
    ensurer.apply(ensurer.plan([Task(0, {"name": "a", "locations_id": "Paris > Floor 3"}, ["name"])]))
    assert [c.args for c in client.add.call_args_list] == [
        ("Location", {"name": "Paris"}), ("Location", {"name": "Floor 3", "locations_id": 11}),
        ("Computer", {"name": "a", "locations_id": 12})]


def test_missing_dropdown_not_created_when_a_later_item_is_invalid():
    client = client_with([])
    client.list_items.side_effect = lambda itemtype, **kwargs: [] if itemtype != "Computer" else [dict(ROW)]
    ensurer = Ensurer(client, "Computer", create_missing_dropdowns=True)
    with pytest.raises(GlpiInputError):
        ensurer.plan([Task(0, {"name": "new", "manufacturers_id": "Framework"}, ["name"]),
                      Task(1, {"name": "web-01", "colour": "red"}, ["name"])])
    assert not client.add.called


def test_a_batch_of_creations_learns_the_columns_once():
    client = client_with([])
    client.add.return_value = [{"id": 100 + n, "message": ""} for n in range(20)]
    ensurer = Ensurer(client, "Computer")
    ensurer.apply(ensurer.plan([Task(n, {"name": "new-%d" % n}, ["name"]) for n in range(20)]))
    ranged = [c for c in client.list_items.call_args_list if (c.kwargs.get("params") or {}).get("range")]
    assert len(ranged) == 1
    assert client.list_items.call_count == 3  # active + trash listings (preload), then the columns


def test_lost_create_answer_never_posts_twice_even_when_nothing_is_found():
    client = client_with([])
    client.add.side_effect = GlpiError("504 Gateway Time-out", status=504, maybe_applied=True)
    ensurer = Ensurer(client, "Computer", warn=lambda m: None)
    tasks = ensurer.apply(ensurer.plan([Task(0, {"name": "a"}, ["name"])]))
    assert client.add.call_count == 1
    result = ensurer.results(tasks)[0]
    assert result["action"] == "failed" and "answer was lost (HTTP 504)" in result["error"]


def test_reported_item_of_a_listed_row_is_read_again_for_its_sha1():
    """A listing row is not what GET Itemtype/id answers (GLPI 11 lists assets without groups_id):
    the item reported with its sha1 is read by id, in check mode too; a row read by id is not."""
    from ansible_collections.glpi.glpi.plugins.module_utils.text import glpi_sha1
    listed = dict(ROW)
    client = client_with([listed])
    full = dict(ROW, groups_id=[], links=[{"rel": "Entity", "href": "http://h/apirest.php/Entity/0"}])
    client.get_item.return_value = full
    for check_mode in (False, True):
        ensurer, tasks = plan(client, {"name": "web-01"}, check_mode=check_mode)
        result = ensurer.results(ensurer.apply(tasks), fetch_items=True)[0]
        assert result["item"] == full and result["sha1"] == glpi_sha1(full)
    client.get_item.reset_mock()
    ensurer = Ensurer(client, "Computer")
    tasks = ensurer.plan([Task(0, {"name": "web-01"}, ["name"], ident=5)])
    ensurer.results(ensurer.apply(tasks), fetch_items=True)
    assert client.get_item.call_count == 1, "read by id once, not again"


@pytest.mark.parametrize("href, itemtype, reread", [
    ("http://h/apirest.php/Entity/0", "Computer", False),     # GLPI 10.0: list rows are what a read by id gives
    ("http://h/api.php/v1/Entity/0", "Computer", True),       # GLPI 11.0: list rows lack groups_id
    ("http://h/apirest.php/Entity/0", "Entity", True),        # GLPI 10.0 changes Entity fields on a read by id
    ("http://h/api.php/v1/Entity/0", "User", False),          # GLPI 11.0: only assignable assets lack their groups
    ("http://h/api.php/v1/Entity/0", "Glpi\\CustomAsset\\RackServerAsset", True),  # custom assets are assignable
])
def test_listed_row_is_read_again_only_when_it_differs_from_a_read_by_id(href, itemtype, reread):
    from ansible_collections.glpi.glpi.plugins.module_utils.resource import listed_as_read
    row = dict(ROW, links=[{"rel": "Entity", "href": href}])
    assert listed_as_read(itemtype, row) is not reread
    client = client_with([row])
    ensurer = Ensurer(client, itemtype)
    tasks = ensurer.plan([Task(0, {"name": "web-01"}, ["name"])])
    ensurer.results(ensurer.apply(tasks), fetch_items=True)
    assert client.get_item.called is reread


def test_over_long_values_refused_before_any_request():
    client = client_with([])
    ensurer = Ensurer(client, "Computer", option="items")
    tasks = [Task(index, {"name": "pc-%d" % index}, ["name"]) for index in range(5)]
    tasks[2] = Task(2, {"name": "n" * 300}, ["name"])
    with pytest.raises(GlpiInputError) as caught:
        ensurer.plan(tasks)
    assert "items[2] (name='%s...'): Computer name: 300 characters, the column holds at most 255" % ("n" * 40) \
        in str(caught.value)
    assert not client.mock_calls


def test_over_long_new_dropdown_name_refused_before_any_write():
    client = client_with([])
    client.list_items.side_effect = lambda *args, **kwargs: []
    ensurer = Ensurer(client, "Computer", create_missing_dropdowns=True)
    with pytest.raises(GlpiInputError) as caught:
        ensurer.plan([Task(0, {"name": "pc", "locations_id": "L" * 256}, ["name"])])
    assert "Location name: 256 characters, the column holds at most 255" in str(caught.value)
    assert not client.add.called


def test_run_writes_under_the_write_lock_and_check_mode_takes_none(monkeypatch):
    taken = []

    class Lock:
        def __init__(self, url, itemtype, objects, **kwargs):
            taken.append((url, itemtype, objects))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False
    monkeypatch.setattr("ansible_collections.glpi.glpi.plugins.module_utils.ensure.WriteLock", Lock)
    client = client_with([])
    client.base_url = "http://glpi.test/apirest.php"
    client.add.return_value = {"id": 40, "message": ""}
    Ensurer(client, "Computer", check_mode=True).run([Task(0, {"name": "a"}, ["name"])])
    assert taken == [("http://glpi.test/apirest.php", "Computer", [])] and not client.add.called  # no object: no lock
    tasks = Ensurer(client, "Computer").run([Task(0, {"name": "a"}, ["name"])])
    assert taken[1:] == [("http://glpi.test/apirest.php", "Computer", ["name='a'"])] and tasks[0].outcome_id == 40


@pytest.mark.parametrize("option", ["fields", "glpi_user"])
def test_over_long_value_message_names_the_field(option):
    """glpi_user (option glpi_user) and glpi_item (option fields) give the same message."""
    ensurer = Ensurer(client_with([]), "User", option=option)
    with pytest.raises(GlpiInputError) as caught:
        ensurer.plan([Task(0, {"name": "u" * 300}, ["name"])])
    assert str(caught.value).startswith("User name: 300 characters, the column holds at most 255; nothing was written")
    assert caught.value.option == "name"


def test_a_batch_result_carries_no_item_nor_sha1(monkeypatch):
    """glpi_item returns neither for items: computing the sha1 of 1,000 rows cost more than reading them."""
    from ansible_collections.glpi.glpi.plugins.module_utils import ensure
    client = client_with([dict(ROW)])
    ensurer, tasks = plan(client, {"name": "web-01"})
    monkeypatch.setattr(ensure, "item_sha1", mock.Mock(side_effect=AssertionError("sha1 computed")))
    result = ensurer.results(ensurer.apply(tasks), with_items=False)[0]
    assert result["action"] == "unchanged" and result["item"] is None and result["sha1"] is None
