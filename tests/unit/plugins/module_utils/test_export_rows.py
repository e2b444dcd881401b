"""The pure parts of glpi_export: the (date_mod, id) cursor and its criteria, ISO 8601 dates,
CSV quoting and the atomic replacement of the data file."""

import csv
import io
import json
import os

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.export_rows import (
    Cursor, CsvWriter, JsonLinesWriter, csv_cell, iso_datetime)
from ansible_collections.glpi.glpi.plugins.module_utils.private_files import write_atomically


@pytest.mark.parametrize("value, expected", [
    ("2026-12-05 10:04:59", "2026-12-05T10:04:59"),
    ("2026-12-05 10:04", "2026-12-05T10:04:00"),
    ("2026-12-05", "2026-12-05"),
    (None, None),
    ("not a date", "not a date"),
    (17, 17),
])
def test_iso_datetime(value, expected):
    assert iso_datetime(value) == expected


def test_cursor_advances_on_date_then_id():
    cursor = Cursor()
    assert cursor.empty and cursor.criteria(19, 2) == []
    for date, ident in [("2026-12-05 10:00:00", 9), ("2026-12-05 10:00:00", 3), ("2026-12-05 09:59:59", 50),
                        ("2026-12-05 10:00:00", 12), (None, 99)]:
        cursor.advance(date, ident)
    assert cursor.to_dict() == {"date_mod": "2026-12-05 10:00:00", "id": 12}
    assert Cursor.from_dict(cursor.to_dict()).key() == cursor.key()
    assert Cursor.from_dict(None).empty


def test_cursor_criteria_same_second_safe():
    criteria = Cursor("2026-12-05 10:00:00", 12).criteria(19, 2)
    assert criteria == [{"link": "AND", "criteria": [
        {"criteria": [{"field": 19, "searchtype": "contains", "value": ">=2026-12-05 10:00:00"},
                      {"field": 19, "searchtype": "contains", "value": "<=2026-12-05 10:00:00", "link": "AND"},
                      {"field": 2, "searchtype": "contains", "value": ">12", "link": "AND"}]},
        {"field": 19, "searchtype": "contains", "value": ">2026-12-05 10:00:00", "link": "OR"}]}]


def test_cursor_criteria_without_date():
    assert Cursor(None, 7).criteria(None, 2) == [{"field": 2, "searchtype": "contains", "value": ">7", "link": "AND"}]
    group = Cursor(None, 7).criteria(19, 2)[0]["criteria"]
    assert group[0]["criteria"][0]["value"] == "NULL" and group[1]["value"] == ">0000-00-00 00:00:00"


@pytest.mark.parametrize("value, cell", [
    (None, ""), (True, "1"), (False, "0"), (3, "3"), ("a", "a"),
    (["10.0.0.1", "10.0.0.2"], '["10.0.0.1","10.0.0.2"]'), ({"a": "é"}, '{"a":"é"}'),
])
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_csv_quoting_round_trips():
    handle = io.BytesIO()
    writer = CsvWriter(handle)
    tricky = {"id": 1, "name": 'a "quoted", name', "comment": "two\nlines", "ip": ["10.0.0.1"], "serial": None}
    writer.write(tricky)
    writer.write({"id": 2, "name": "plain", "extra": "dropped"})
    text = handle.getvalue().decode("utf-8")
    assert text.startswith('id,name,comment,ip,serial\r\n1,"a ""quoted"", name","two\nlines",')
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["name"] == 'a "quoted", name' and rows[0]["comment"] == "two\nlines" and rows[0]["serial"] == ""
    assert rows[1] == {"id": "2", "name": "plain", "comment": "", "ip": "", "serial": ""}


def test_json_lines_one_object_a_line():
    handle = io.BytesIO()
    writer = JsonLinesWriter(handle)
    writer.write({"id": 1, "name": "é\nx"})
    writer.write({"id": 2})
    lines = handle.getvalue().decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"id": 1, "name": "é\nx"}, {"id": 2}]


def test_write_atomically_keeps_old_file_on_failure_and_on_nothing(tmp_path):
    path = str(tmp_path / "out.jsonl")
    with open(path, "w") as handle:
        handle.write("old\n")

    def failing(handle):
        handle.write(b"new partial\n")
        raise RuntimeError("page 2 failed")

    with pytest.raises(RuntimeError):
        write_atomically(path, failing)
    assert write_atomically(path, lambda handle: False) is False
    assert open(path).read() == "old\n" and os.listdir(str(tmp_path)) == ["out.jsonl"]
    assert write_atomically(path, lambda handle: handle.write(b"new\n") > 0, mode=0o600) is True
    assert open(path).read() == "new\n" and oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_export_refuses_v2_naming_api_version():
    from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
    from ansible_collections.glpi.glpi.plugins.module_utils.export import run_export_v2
    with pytest.raises(GlpiInputError) as caught:
        run_export_v2(None, None)
    assert caught.value.option == "api_version" and "use api_version: v1" in str(caught.value)


def test_write_error_mid_way_names_path_and_rows(tmp_path, monkeypatch):
    from ansible_collections.glpi.glpi.plugins.module_utils import export
    from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

    class Page:
        requests = 0
        params = {"itemtype": "Computer", "format": "jsonl"}
        path = str(tmp_path / "c.jsonl")
        state_file = None
        cursor = Cursor()
        since = None

        def pages(self):
            yield [{"Computer.id": 1}, {"Computer.id": 2}]

        class query:   # noqa: N801  a stand-in for SearchQuery
            row_filter = None

    def full_disk(path, fill, mode=None):
        fill(__import__("io").BytesIO())
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_atomically", full_disk)
    page = Page()
    page.record = lambda row: row
    with pytest.raises(GlpiInputError) as caught:
        export.Export.run(page, check_mode=False)
    assert caught.value.option == "path" and "after 2 rows fetched" in str(caught.value)
    assert "No space left" in str(caught.value)
