"""Reading items (item_reader.py) against a mocked client: glpi_item's matching rules, requests."""

from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.item_reader import ItemReader

ROWS = [{"id": 1, "name": "web_01", "locations_id": 7, "is_deleted": 0},
        {"id": 2, "name": "web-01", "locations_id": 0, "is_deleted": 0},
        {"id": 3, "name": "dup", "is_deleted": 0}, {"id": 4, "name": "dup", "is_deleted": 0}]
TRASH = [{"id": 9, "name": "gone", "is_deleted": 1}]


@pytest.fixture
def client():
    fake = mock.create_autospec(GlpiClient, instance=True)

    def list_items(itemtype, search_text=None, is_deleted=None, params=None, **kwargs):
        if itemtype == "Location":
            return [{"id": 7, "name": "Paris", "completename": "Paris"}]
        return list(TRASH) if is_deleted else list(ROWS)
    fake.list_items.side_effect = list_items
    fake.get_item.side_effect = lambda itemtype, ident, **params: dict(
        [r for r in ROWS + TRASH if r["id"] == ident][0], _params=params) if ident in (1, 2, 3, 4, 9) else None
    fake.get_sub_items.return_value = [{"id": 50}]
    return fake


def test_by_fields_is_exact_and_resolves_dropdown_names(client):
    reader = ItemReader(client, "Computer")
    assert reader.by_fields({"name": "web_01"})["id"] == 1
    assert reader.by_fields({"name": "web_01", "locations_id": "Paris"})["id"] == 1
    assert reader.by_fields({"name": "WEB_01"}) is None
    assert not client.get_item.called, "a plain read needs no second request"


def test_by_fields_searches_anchored(client):
    ItemReader(client, "Computer").by_fields({"name": "web_01"})
    assert client.list_items.call_args_list[0][1]["search_text"] == {"name": "^web_01$"}


def test_by_fields_returns_a_trashed_item_when_no_active_one(client):
    assert ItemReader(client, "Computer").by_fields({"name": "gone"})["id"] == 9


def test_ambiguity_lists_the_ids(client):
    with pytest.raises(GlpiInputError) as err:
        ItemReader(client, "Computer").by_fields({"name": "dup"})
    assert "ids 3, 4" in str(err.value) and err.value.option == "fields"


def test_by_fields_rereads_for_expand_and_related(client):
    row = ItemReader(client, "Computer", expand_dropdowns=True, related=["networkports"]).by_fields({"name": "web_01"})
    assert row["_params"] == {"expand_dropdowns": True, "with_networkports": True}


def test_by_id_reads_once_with_flags_and_sub_items(client):
    reader = ItemReader(client, "Computer", related=["infocoms"], sub_itemtypes=["NetworkPort", "Infocom"])
    row = reader.by_id(1)
    assert client.get_item.call_count == 1
    assert row["_params"] == {"with_infocoms": True}
    assert row["_sub_items"] == {"NetworkPort": [{"id": 50}], "Infocom": [{"id": 50}]}
    assert not reader.plain
    assert reader.by_id(12345) is None


def test_listing_passes_filters_trash_and_expand(client):
    reader = ItemReader(client, "Computer", expand_dropdowns=True)
    assert [r["id"] for r in reader.all(filters={"name": "^web"})] == [1, 2, 3, 4]
    kwargs = client.list_items.call_args[1]
    assert kwargs["search_text"] == {"name": "^web"} and kwargs["params"] == {"expand_dropdowns": True}
    assert kwargs["is_deleted"] is None
    assert [r["id"] for r in reader.all(is_deleted=True)] == [9]
    assert not client.get_item.called


def test_listing_with_related_reads_each_item(client):
    rows = ItemReader(client, "Computer", related=["networkports"]).all()
    assert client.get_item.call_count == 4
    assert all(r["_params"] == {"with_networkports": True} for r in rows)


def test_unknown_related_and_empty_fields_are_refused(client):
    with pytest.raises(GlpiInputError, match="related"):
        ItemReader(client, "Computer", related=["nope"])
    with pytest.raises(GlpiInputError, match="fields"):
        ItemReader(client, "Computer").by_fields({})
