"""Search option names (search_options.py) against the real GLPI 10.0.12 option dumps."""

import json
import os
import stat
from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import (
    SearchFields, SearchOptions, SearchOptionsCache, snake)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SCHEMA = os.path.join(REPO, "tests", "emulator", "glpi_emulator", "schema")


def dump(itemtype):
    with open(os.path.join(SCHEMA, "%s.json" % itemtype)) as handle:
        return json.load(handle)["search_options"]


def fake_client(url="https://glpi.example.com/apirest.php"):
    client = mock.create_autospec(GlpiClient, instance=True)
    client.base_url = url
    client.list_search_options.side_effect = dump
    return client


@pytest.fixture
def computer():
    return SearchOptions("Computer", dump("Computer"))


@pytest.mark.parametrize("name, oid", [
    ("name", "1"), ("serial", "5"), ("date_mod", "19"), ("id", "2"),
    ("locations_id", "3"), ("Location.completename", "3"), ("Computer.Location.completename", "3"),
    ("manufacturers_id", "23"), ("users_id_tech", "24"), ("entities_id", "80"), ("states_id", "31"),
    ("Infocom.buy_date", "37"), ("Item_OperatingSystem.OperatingSystem.name", "45"),
    (5, "5"), ("5", "5"), (" serial ", "5"),
])
def test_accepted_names(computer, name, oid):
    assert computer.find(name) == [oid]


def test_canonical_keys(computer):
    assert computer.key("1") == "name"
    assert computer.key("3") == "locations_id"
    assert computer.key("80") == "entities_id"
    assert computer.key("101") == "Location.address"
    assert computer.key("21") == "NetworkPort.mac"
    assert computer.id_option() == "2"


def test_names_as_written_first_then_any_case_and_unknowns_are_empty(computer):
    assert computer.find("SERIAL") == ["5"]
    assert computer.find("location.COMPLETENAME") == ["3"]
    assert computer.find("nosuch") == []
    assert computer.find(True) == []
    assert computer.find(99999) == []


def test_shared_uids_are_ambiguous_and_keyed_by_id(computer):
    assert computer.find("Computer_Item.id") == ["1429", "1430", "1431", "1432"]
    assert computer.key("1430") == "1430"


def test_the_items_own_column_wins_a_shared_uid():
    location = SearchOptions("Location", dump("Location"))
    assert location.find("completename") == ["1"]
    assert location.key("1") == "completename"
    assert location.find("Location.address") == ["15", "101"]
    assert location.find("address") == ["15"], "the option whose short name it is"


def test_fk_alias_only_for_the_dropdown_label():
    computer = SearchOptions("Computer", dump("Computer"))
    # Computer.Location.address is a Location column but not the dropdown itself.
    assert "101" not in computer.find("locations_id")
    assert computer.find("networkports_id") == []


def test_unknown_name_fails_with_suggestions(tmp_path):
    fields = SearchFields(fake_client(), cache=SearchOptionsCache(str(tmp_path)))
    with pytest.raises(GlpiInputError) as err:
        fields.resolve("Computer", "serail", "criteria[0].field")
    text = str(err.value)
    assert "serail" in text and "closest valid names" in text and "serial" in text
    assert err.value.option == "criteria[0].field"


def test_ambiguous_name_lists_the_ids(tmp_path):
    fields = SearchFields(fake_client(), cache=SearchOptionsCache(str(tmp_path)))
    with pytest.raises(GlpiInputError) as err:
        fields.resolve("Computer", "Computer_Item.id")
    assert "1429" in str(err.value) and "1432" in str(err.value)


def test_disk_cache_is_private_and_shared_between_clients(tmp_path):
    directory = str(tmp_path / "opts")
    first = fake_client()
    assert SearchFields(first, cache=SearchOptionsCache(directory)).resolve("Computer", "serial") == "5"
    assert first.list_search_options.call_count == 1
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    files = os.listdir(directory)
    assert len(files) == 1 and stat.S_IMODE(os.stat(os.path.join(directory, files[0])).st_mode) == 0o600
    assert "glpi.example.com" not in files[0]
    second = fake_client()
    assert SearchFields(second, cache=SearchOptionsCache(directory)).resolve("Computer", "locations_id") == "3"
    assert second.list_search_options.call_count == 0


def test_cache_keys_differ_by_server_and_expire(tmp_path):
    now = [1000.0]
    cache = SearchOptionsCache(str(tmp_path), ttl=60, now=lambda: now[0])
    cache.store("https://a/apirest.php", "Computer", {"1": {"uid": "Computer.name", "table": "glpi_computers"}})
    assert cache.load("https://a/apirest.php", "Computer")
    assert cache.load("https://b/apirest.php", "Computer") is None
    now[0] += 61
    assert cache.load("https://a/apirest.php", "Computer") is None


def test_a_name_missing_from_the_cache_refreshes_once(tmp_path):
    cache = SearchOptionsCache(str(tmp_path))
    cache.store("https://glpi.example.com/apirest.php", "Computer",
                {"1": {"uid": "Computer.name", "table": "glpi_computers", "field": "name"}})
    client = fake_client()
    fields = SearchFields(client, cache=cache)
    assert fields.resolve("Computer", "name") == "1"
    assert client.list_search_options.call_count == 0
    assert fields.resolve("Computer", "serial") == "5"
    assert client.list_search_options.call_count == 1
    with pytest.raises(GlpiInputError):
        fields.resolve("Computer", "nosuch")
    assert client.list_search_options.call_count == 1


def test_cache_ignores_files_others_can_read(tmp_path):
    cache = SearchOptionsCache(str(tmp_path))
    cache.store("u", "Computer", {"1": {"uid": "Computer.name", "table": "t"}})
    path = os.path.join(str(tmp_path), os.listdir(str(tmp_path))[0])
    os.chmod(path, 0o644)
    assert cache.load("u", "Computer") is None


def test_disabled_cache(tmp_path):
    client = fake_client()
    fields = SearchFields(client, cache=SearchOptionsCache(False))
    fields.resolve("Computer", "serial")
    SearchFields(client, cache=SearchOptionsCache(False)).resolve("Computer", "serial")
    assert client.list_search_options.call_count == 2


def test_snake():
    assert snake("OperatingSystemVersion") == "operating_system_version"
    assert snake("IPAddress") == "ip_address"
    assert snake("Glpi\\SocketModel") == "socket_model"


@pytest.mark.parametrize("name, short", [
    ("name", "name"), ("id", "id"), ("serial", "serial"), ("location", "location"), ("state", "state"),
    ("entity", "entity"), ("type", "type"), ("model", "model"), ("manufacturer", "manufacturer"),
    ("operating_system", "operating_system"), ("os", "operating_system"), ("ip_addresses", "ip_addresses"),
    ("ip", "ip_addresses"), ("mac_addresses", "mac_addresses"), ("domain", "domain"), ("user_tech", "user_tech"),
    ("location_town", "location_town"), ("contract_location", "contract_location"),
    ("locations_id", "location"), ("states_id", "state"), ("computertypes_id", "type"), ("users_id_tech", "user_tech"),
    ("entities_id", "entity"), ("31", "state"), ("126", "ip_addresses"), ("Computer.Location.completename", "location"),
    ("Location.completename", "location"), ("Inventory number", "otherserial"), ("number_of_monitors", "number_of_monitors"),
])
def test_short_names(computer, name, short):
    found = computer.find(name)
    assert len(found) == 1 and computer.short_name(found[0]) == short


def test_short_names_are_unique_and_name_their_own_option(computer):
    assert [computer.short_name(o) for o in ("1", "2", "3", "31", "80", "126")] == \
        ["name", "id", "location", "state", "entity", "ip_addresses"]
    shorts = [computer.short_name(o) for o in computer.ids()]
    assert len(set(shorts)) == len(shorts)
    assert all(computer.find(computer.short_name(o)) == [o] for o in computer.ids())
    assert computer.is_list_valued("126") and not computer.is_list_valued("3")
    assert computer.foreign_key("3") == "locations_id" and computer.foreign_key("5") is None


@pytest.mark.parametrize("itemtype", ["NetworkEquipment", "Printer", "Phone"])
def test_same_short_names_on_other_itemtypes(itemtype):
    opts = SearchOptions(itemtype, dump(itemtype))
    for short in ("location", "state", "entity", "type", "model", "manufacturer", "ip_addresses", "domain"):
        found = opts.find(short)
        assert len(found) == 1 and opts.short_name(found[0]) == short, short
    assert opts.short_name(opts.resolve("%stypes_id" % itemtype.lower())) == "type"


@pytest.mark.parametrize("itemtype", ["Computer", "NetworkEquipment", "Printer", "Phone", "Peripheral", "Monitor"])
def test_display_names_never_hide_a_column_or_short_name(itemtype):
    opts = SearchOptions(itemtype, dump(itemtype))
    # "State" is the display name of the location's state (104) on most assets: it must stay the status.
    assert opts.short_name(opts.find("State")[0]) == "state"
    assert opts.short_name(opts.find("Serial")[0]) == "serial"


def test_every_short_name_finds_its_own_option_on_the_asset_types():
    for itemtype in ("Computer", "NetworkEquipment", "Printer", "Phone", "Peripheral", "Monitor", "Software", "Location", "Ticket"):
        opts = SearchOptions(itemtype, dump(itemtype))
        assert [o for o in opts.ids() if opts.find(opts.short_name(o)) != [o]] == [], itemtype


def test_unknown_short_name_suggests_the_close_ones(computer):
    with pytest.raises(GlpiInputError) as err:
        computer.resolve("locaton", "filters")
    text = str(err.value)
    assert "'locaton'" in text and "filters" in text and "location" in text
    assert err.value.option == "filters"
