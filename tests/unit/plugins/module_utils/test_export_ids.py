"""glpi_export's dropdown ids: names matched back to ids from one listing of each dropdown itemtype,
in plain text on both sides, listed only when a row names one; shared names and unknown names give
null ids and are reported, never guessed."""

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiPermissionError
from ansible_collections.glpi.glpi.plugins.module_utils.export_ids import DropdownIds, id_key

LOCATIONS = [{"id": 3, "completename": "Paris"}, {"id": 4, "completename": "Paris &#62; F2 &#38; co"},
             {"id": 5, "completename": "Lab"}, {"id": 6, "completename": "Lab"}]
OPTIONS = {3: {"table": "glpi_locations", "field": "completename", "fk": "locations_id"},
           31: {"table": "glpi_states", "field": "completename", "fk": "states_id"},
           1: {"table": "glpi_computers", "field": "name", "fk": None}}


class FakeClient:
    def __init__(self):
        self.paths = []

    def iter_pages(self, path):
        self.paths.append(path)
        if path == "State":
            raise GlpiPermissionError("Permission denied", method="GET", path=path, status=403, code="ERROR_RIGHT_MISSING")
        rows = LOCATIONS if path == "Location" else [{"id": 1, "completename": "In use"}]
        yield rows[:2]
        yield rows[2:]


class FakeOpts:
    def foreign_key(self, oid):
        return OPTIONS.get(oid, {}).get("fk")

    def option(self, oid):
        return OPTIONS.get(oid)


KEYS = {"name": 1, "locations_id": 3, "states_id": 31, "serial": None}


def test_ids_next_to_names_and_one_listing_a_run():
    client = FakeClient()
    ids = DropdownIds(client, FakeOpts())
    first = ids.add({"name": "pc", "locations_id": "Paris > F2 & co", "serial": "S"}, KEYS)
    assert list(first) == ["name", "locations_id", "locations_id_id", "serial"]
    assert first["locations_id_id"] == 4
    assert ids.add({"locations_id": "Paris"}, KEYS)["locations_id_id"] == 3
    assert ids.add({"locations_id": "Paris &#62; F2 &#38; co"}, KEYS)["locations_id_id"] == 4   # raw_text
    assert client.paths == ["Location"] and ids.requests == 2


def test_empty_columns_list_nothing():
    client = FakeClient()
    ids = DropdownIds(client, FakeOpts())
    assert ids.add({"locations_id": None, "states_id": ""}, KEYS) == {
        "locations_id": None, "locations_id_id": None, "states_id": "", "states_id_id": None}
    assert client.paths == [] and ids.report()["locations_id"]["requests"] == 0


def test_shared_and_unknown_names_get_null_ids_and_are_reported():
    ids = DropdownIds(FakeClient(), FakeOpts())
    assert ids.add({"locations_id": "Lab"}, KEYS)["locations_id_id"] is None
    assert ids.add({"locations_id": "Nowhere"}, KEYS)["locations_id_id"] is None
    assert ids.add({"locations_id": ["Paris", "Lab"]}, KEYS)["locations_id_id"] == [3, None]
    assert ids.report() == {"locations_id": {"itemtype": "Location", "listed": 4, "requests": 2,
                                             "ambiguous": ["Lab"], "missing": ["Nowhere"], "denied": None}}


def test_a_column_already_named_like_the_id_is_kept():
    ids = DropdownIds(FakeClient(), FakeOpts())
    record = {"locations_id": "Paris", "locations_id_id": "theirs"}
    assert ids.add(record, KEYS) == record
    assert id_key("users_id_tech") == "users_id_tech_id"


def test_no_right_to_list_gives_null_ids_and_says_so():
    ids = DropdownIds(FakeClient(), FakeOpts())
    assert ids.add({"states_id": "In use"}, KEYS)["states_id_id"] is None
    assert ids.add({"states_id": "Other"}, KEYS)["states_id_id"] is None
    report = ids.report()["states_id"]
    assert report["denied"] == "Permission denied" and report["missing"] == [] and report["requests"] == 1
