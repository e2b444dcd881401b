"""glpi.glpi.glpi_export against glpi_server: JSON Lines and CSV content, criteria, since, the state
file round trip (second run only the changes, third run nothing: changed=false, file untouched),
changes in the same second across pages, check mode, bad input, and a failure mid-way that keeps
the previous file and state (fault injection, emulator only)."""

import csv
import json
import os
import time
import uuid

import pytest

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "glpi_export: unknown field in fields", "test": "test_bad_input",
     "outcome": "fails naming fields[0] and the value with the closest names; no file written"},
    {"area": "Bad input", "case": "glpi_export: path in a missing directory", "test": "test_bad_input",
     "outcome": "fails naming path and the directory before any search; nothing written"},
    {"area": "Bad input", "case": "glpi_export: format not jsonl or csv", "test": "test_bad_input",
     "outcome": "fails naming format and the value; nothing written"},
    {"area": "Faults", "case": "glpi_export: HTTP 500 on the second search page", "test": "test_failure_mid_way_keeps_file_and_state",
     "outcome": "fails naming the rows fetched and HTTP 500; the previous file and state file unchanged, no temporary file left"},
]


def export(**options):
    return {"glpi.glpi.glpi_export": dict({"itemtype": "Computer"}, **options)}


@pytest.fixture
def fleet(glpi_server):
    """Five computers named exp-<tag>-N (created in one request: mostly the same second)."""
    tag = uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    location = client.add("Location", {"name": "loc-%s & co" % tag})["id"]
    rows = [{"name": "exp-%s-%d" % (tag, n), "serial": 'S"%d,x' % n, "locations_id": location,
             "comment": "a <b> & c\nline 2"} for n in range(5)]
    ids = [answer["id"] for answer in client.add("Computer", rows)]
    yield {"tag": tag, "ids": ids, "client": client, "location": "loc-%s & co" % tag,
           "criteria": [{"field": "name", "value": "^exp-%s-" % tag}]}
    client.delete("Computer", ids, force_purge=True)
    client.delete("Location", [location], force_purge=True)
    client.close()


@pytest.fixture
def out(tmp_path):
    """A directory of its own (the playbook fixture writes its files in tmp_path)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def touch(client, ids, comment):
    """An update that moves date_mod (GLPI keeps it when nothing changes)."""
    client.update("Computer", [{"id": ident, "comment": comment} for ident in ids])


def test_jsonl_and_csv_content(playbook, fleet, out):
    jsonl, csvfile = str(out / "c.jsonl"), str(out / "c.csv")
    fields = ["serial", "locations_id", "comment", "date_mod"]
    run = playbook.run([
        export(fields=fields, criteria=fleet["criteria"], path=jsonl, page_size=2),
        export(fields=fields, criteria=fleet["criteria"], path=csvfile, format="csv"),
    ])
    first, second = run.results
    assert not first.get("failed"), first
    assert first["changed"] is True and first["rows"] == 5 and first["pages"] == 3 and first["format"] == "jsonl"
    assert second["changed"] is True and second["rows"] == 5 and second["pages"] == 1
    records = read_jsonl(jsonl)
    assert sorted(r["id"] for r in records) == sorted(fleet["ids"])
    one = records[0]
    assert one["locations_id"].endswith(fleet["location"])          # plain text, not &#38;
    assert one["comment"] == "a <b> & c\nline 2"
    assert one["serial"].startswith('S"')
    assert "T" in one["date_mod"] and len(one["date_mod"]) == 19    # ISO 8601, server time
    assert first["cursor"]["id"] == max(fleet["ids"]) or first["cursor"]["date_mod"] is not None
    rows = read_csv(csvfile)
    assert [r["id"] for r in rows] == [str(r["id"]) for r in records]
    assert rows[0]["comment"] == "a <b> & c\nline 2" and rows[0]["serial"] == one["serial"]
    assert list(rows[0])[:1] == list(one)[:1]


def test_check_mode_counts_without_writing(playbook, fleet, out):
    path, state = str(out / "c.jsonl"), str(out / "state.json")
    result = playbook.run([export(criteria=fleet["criteria"], path=path, state_file=state, settle=0)], check=True).results[0]
    assert result["changed"] is False and result["rows"] == 5
    assert not os.path.exists(path) and not os.path.exists(state)


def test_state_file_round_trip_and_same_second(playbook, fleet, out):
    path, state = str(out / "c.jsonl"), str(out / "state.json")
    task = export(criteria=fleet["criteria"], fields=["comment"], path=path, state_file=state, page_size=1, settle=0)
    first = playbook.run([task]).results[0]
    assert first["rows"] == 5 and first["changed"] is True and first["start"] == {"date_mod": None, "id": None}
    with open(state) as handle:
        saved = json.load(handle)
    assert saved["cursor"] == first["cursor"] and saved["itemtype"] == "Computer"
    time.sleep(1.1)
    touch(fleet["client"], fleet["ids"][1:3], "changed together")    # one request: the same second
    second = playbook.run([task]).results[0]
    assert second["changed"] is True and second["rows"] == 2 and second["start"] == first["cursor"]
    assert sorted(r["id"] for r in read_jsonl(path)) == sorted(fleet["ids"][1:3])
    assert all(r["comment"] == "changed together" for r in read_jsonl(path))
    before = os.stat(path).st_mtime_ns, open(path).read()
    third = playbook.run([task]).results[0]
    assert third["changed"] is False and third["rows"] == 0 and third["cursor"] == second["cursor"]
    assert (os.stat(path).st_mtime_ns, open(path).read()) == before   # left as it was
    with open(state) as handle:
        assert json.load(handle)["cursor"] == second["cursor"]


def test_settle_leaves_the_last_seconds_to_the_next_run(playbook, fleet, out):
    """Rows changed in the last ``settle`` seconds (the fleet was just created) wait for a later run."""
    path, state = str(out / "c.jsonl"), str(out / "state.json")
    run = playbook.run([export(criteria=fleet["criteria"], path=path, state_file=state),
                        export(criteria=fleet["criteria"], path=path, state_file=state, settle=0)])
    waiting, settled = run.results
    assert waiting["changed"] is False and waiting["rows"] == 0 and waiting["cursor"] == {"date_mod": None, "id": None}
    assert settled["rows"] == 5 and settled["cursor"]["id"] is None
    with open(state) as handle:
        assert json.load(handle)["cursor"] == settled["cursor"]
    assert all(r["date_mod"].replace("T", " ") <= settled["cursor"]["date_mod"] for r in read_jsonl(path))


def test_since(playbook, fleet, out):
    path = str(out / "c.jsonl")
    client = fleet["client"]
    marks = [row["date_mod"] for row in (client.get_item("Computer", ident) for ident in fleet["ids"])]
    run = playbook.run([
        export(criteria=fleet["criteria"], path=path, since=max(marks)),
        export(criteria=fleet["criteria"], path=path, since="2000-01-01T00:00:00"),
    ])
    later, everything = run.results
    assert later["changed"] is False and later["rows"] == 0 and later["since"] == max(marks)
    assert everything["rows"] == 5 and everything["since"] == "2000-01-01 00:00:00"


def test_bad_input(playbook, fleet, out):
    path = str(out / "c.jsonl")
    run = playbook.run([
        export(fields=["no_such_field"], path=path),
        export(path=str(out / "missing" / "c.jsonl")),
        export(path=path, format="xml"),
        export(path=path, criteria=[{"field": "date_mod", "searchtype": "morethan", "value": "yesterday-ish"}]),
    ])
    unknown, missing, bad_format, bad_date = run.results
    assert unknown["failed"] and "fields[0]" in unknown["msg"] and "no_such_field" in unknown["msg"]
    assert missing["failed"] and "path" in missing["msg"] and "does not exist" in missing["msg"]
    assert bad_format["failed"] and "format" in bad_format["msg"] and "xml" in bad_format["msg"]
    assert bad_date["failed"] and "yesterday-ish" in bad_date["msg"]
    assert os.listdir(str(out)) == []


@pytest.mark.fault_injection
def test_failure_mid_way_keeps_file_and_state(playbook, fleet, glpi_server, emulator_only, out):
    path, state = str(out / "c.jsonl"), str(out / "state.json")
    task = export(criteria=fleet["criteria"], fields=["comment"], path=path, state_file=state, page_size=2, settle=0)
    assert playbook.run([task]).results[0]["rows"] == 5
    before = open(path).read(), open(state).read()
    time.sleep(1.1)
    touch(fleet["client"], fleet["ids"], "changed again")
    glpi_server.faults(fail_next={"count": 1, "skip": 1, "status": 500, "methods": ["GET"], "path_regex": "^search/Computer"})
    try:
        failed = playbook.run([task]).results[0]
    finally:
        glpi_server.clear_faults()
    assert failed["failed"] and "stopped after 2 rows fetched" in failed["msg"] and "500" in failed["msg"]
    assert (open(path).read(), open(state).read()) == before
    assert sorted(os.listdir(str(out))) == ["c.jsonl", "state.json"]
    again = playbook.run([task]).results[0]
    assert again["rows"] == 5 and all(r["comment"] == "changed again" for r in read_jsonl(path))


def test_dropdown_ids(playbook, fleet, out):
    """Each dropdown column gets its id under <key>_id; a completename two locations share (a name holding
    " > ") gets a null id and is reported; dropdown_ids=false gives names only, without the listings."""
    client, tag = fleet["client"], fleet["tag"]
    location = client.get_item("Computer", fleet["ids"][1])["locations_id"]
    parent = client.add("Location", {"name": "par-%s" % tag})["id"]
    twin = client.add("Location", {"name": "par-%s > dup" % tag})["id"]
    inner = client.add("Location", {"name": "dup", "locations_id": parent})["id"]
    shared = "par-%s > dup" % tag
    try:
        client.update("Computer", [{"id": fleet["ids"][0], "locations_id": inner}])
        jsonl, csvfile, names = str(out / "c.jsonl"), str(out / "c.csv"), str(out / "n.jsonl")
        run = playbook.run([
            export(fields=["locations_id"], criteria=fleet["criteria"], path=jsonl),
            export(fields=["locations_id"], criteria=fleet["criteria"], path=csvfile, format="csv"),
            export(fields=["locations_id"], criteria=fleet["criteria"], path=names, dropdown_ids=False),
        ])
        first, second, plain = run.results
        assert not first.get("failed"), first
        records = dict((r["id"], r) for r in read_jsonl(jsonl))
        for ident in fleet["ids"][1:]:
            assert records[ident]["locations_id"] == fleet["location"] and records[ident]["locations_id_id"] == location
        assert records[fleet["ids"][0]]["locations_id"] == shared
        assert records[fleet["ids"][0]]["locations_id_id"] is None
        assert all(isinstance(r["entities_id_id"], int) for r in records.values() if r.get("entities_id"))
        report = first["dropdown_ids"]["locations_id"]
        assert report["itemtype"] == "Location" and report["ambiguous"] == [shared]
        assert report["missing"] == [] and report["requests"] >= 1
        assert first["requests"] == first["pages"] + sum(one["requests"] for one in first["dropdown_ids"].values())
        header = list(read_csv(csvfile)[0])
        assert header.index("locations_id_id") == header.index("locations_id") + 1
        assert plain["dropdown_ids"] == {} and plain["requests"] == plain["pages"]
        assert not any(key.endswith("_id_id") for r in read_jsonl(names) for key in r)
        assert tag in records[fleet["ids"][1]]["name"]
    finally:
        client.update("Computer", [{"id": fleet["ids"][0], "locations_id": location}])
        client.delete("Location", [inner, twin, parent], force_purge=True)


def test_dropdown_ids_without_the_right_to_read_the_dropdown(playbook, fleet, glpi_server, out):
    """GLPI's Technician profile searches computers but may not read locations (GET Location: 403
    ERROR_RIGHT_MISSING): the export goes on, with null ids and the refusal reported."""
    if not glpi_server.tech_token:
        pytest.skip("needs the technician's token (GLPI_TECH_TOKEN)")
    path = str(out / "c.jsonl")
    result = playbook.run([export(fields=["locations_id"], criteria=fleet["criteria"], path=path,
                                  user_token=glpi_server.tech_token)]).results[0]
    assert not result.get("failed"), result
    assert result["rows"] == 5 and all(r["locations_id_id"] is None for r in read_jsonl(path))
    report = result["dropdown_ids"]["locations_id"]
    assert report["denied"] and report["missing"] == [] and report["requests"] == 1
