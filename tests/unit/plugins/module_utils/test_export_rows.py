"""The pure parts of glpi_export: the (date_mod, id) cursor and its criteria, ISO 8601 dates,
CSV quoting and the atomic replacement of the data file."""

import csv
import io
import json
import os

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.export_rows import (
    Cursor, CsvWriter, JsonLinesWriter, csv_cell, iso_datetime, settle_point, state_start, window_criteria)
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


def matches(criteria, row):
    """How GLPI reads these criteria on a row {19: date_mod or None, 2: id}: each link joins the
    criterion to what precedes it, AND before OR as in SQL; ``contains`` with >, >=, <= or NULL."""
    terms, current = [], True
    for criterion in criteria:
        if "criteria" in criterion:
            value = matches(criterion["criteria"], row)
        else:
            value = _leaf(criterion, row[criterion["field"]])
        if criterion.get("link") == "OR":
            terms.append(current)
            current = value
        else:
            current = current and value
    return any(terms + [current])


def _leaf(criterion, actual):
    text = criterion["value"]
    if text == "NULL":
        return actual is None
    for sign, test in ((">=", lambda a, b: a >= b), ("<=", lambda a, b: a <= b), (">", lambda a, b: a > b)):
        if text.startswith(sign):
            wanted = text[len(sign):]
            if actual is None:
                return False
            return test(actual, int(wanted)) if isinstance(actual, int) else test(actual, wanted)
    raise AssertionError(criterion)


def export_run(rows, state, now, settle):
    """One incremental run as glpi_export makes it: the ids exported and the state after it."""
    after, inclusive = state_start(state)
    until = settle_point(now, settle)
    criteria = window_criteria(19, after, inclusive, until)
    exported = sorted(ident for ident, date in rows.items() if matches(criteria, {19: date, 2: ident}))
    return exported, ({"date_mod": until, "id": None} if exported else state)


def test_settle_point_and_window():
    assert settle_point("2026-12-05 10:00:30", 60) == "2026-12-05 09:59:30"
    assert settle_point("2026-12-05 10:00:30", 0) == "2026-12-05 10:00:30"
    assert window_criteria(19) == []
    assert window_criteria(19, "2026-12-05 10:00:00", False, "2026-12-05 10:05:00") == [
        {"field": 19, "searchtype": "contains", "value": ">2026-12-05 10:00:00", "link": "AND"},
        {"link": "AND", "criteria": [{"field": 19, "searchtype": "contains", "value": "NULL"},
                                     {"field": 19, "searchtype": "contains", "value": "<=2026-12-05 10:05:00", "link": "OR"}]}]
    assert window_criteria(19, "2026-12-05 10:00:00", True)[0]["value"] == ">=2026-12-05 10:00:00"


def test_state_start_reads_both_versions():
    assert state_start({"date_mod": "2026-12-05 10:15:02", "id": None}) == ("2026-12-05 10:15:02", False)
    assert state_start({"date_mod": "2026-12-05 10:15:02", "id": 97}) == ("2026-12-05 10:15:02", True)
    assert state_start(None) == (None, False)


def test_lower_id_changed_in_the_cursor_second_is_exported():
    """Ticket 97 changed at 10:15:02 and exported; then ticket 50 changed in that same second: the old
    (date_mod, id) cursor (10:15:02, 97) asked for ids above 97 in that second and skipped 50 forever."""
    rows = {97: "2026-12-05 10:15:02", 12: "2026-12-05 10:10:00", 3: None}
    first, state = export_run(rows, None, "2026-12-05 10:15:02", 5)
    assert first == [3, 12] and state == {"date_mod": "2026-12-05 10:14:57", "id": None}
    rows[50] = "2026-12-05 10:15:02"
    second, state = export_run(rows, state, "2026-12-05 10:15:09", 5)
    assert second == [50, 97] and state["date_mod"] == "2026-12-05 10:15:04"
    third, after = export_run(rows, state, "2026-12-05 10:20:00", 5)
    assert third == [] and after == state


def test_row_committed_late_by_a_slow_request_is_exported():
    """A request started at 10:00:00 (its date_mod) commits at 10:00:04, after a run at 10:00:03."""
    rows = {1: "2026-12-05 09:59:00"}
    first, state = export_run(rows, None, "2026-12-05 10:00:03", 10)
    assert first == [1]
    rows[2] = "2026-12-05 10:00:00"
    second, state = export_run(rows, state, "2026-12-05 10:00:20", 10)
    assert second == [2]


def test_old_state_exports_its_second_again():
    rows = {50: "2026-12-05 10:15:02", 97: "2026-12-05 10:15:02", 12: "2026-12-05 10:10:00"}
    exported, state = export_run(rows, {"date_mod": "2026-12-05 10:15:02", "id": 97}, "2026-12-05 10:16:00", 5)
    assert exported == [50, 97] and state == {"date_mod": "2026-12-05 10:15:55", "id": None}


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
        start = Cursor().to_dict()
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


def test_write_atomically_keeps_an_existing_files_permissions(tmp_path):
    path = str(tmp_path / "out.jsonl")
    with open(path, "w") as handle:
        handle.write("old\n")
    os.chmod(path, 0o600)    # the operator's chmod, kept by the next run
    assert write_atomically(path, lambda handle: handle.write(b"new\n") > 0) is True
    assert open(path).read() == "new\n" and oct(os.stat(path).st_mode & 0o7777) == "0o600"
    os.unlink(path)
    old = os.umask(0o027)
    try:
        assert write_atomically(path, lambda handle: handle.write(b"x\n") > 0) is True
    finally:
        os.umask(old)
    assert oct(os.stat(path).st_mode & 0o7777) == "0o640"
