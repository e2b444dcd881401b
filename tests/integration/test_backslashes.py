"""Text with backslashes (issue 12). GLPI 10.0 reads a text whose backslashes all come in pairs
(or escape a quote or an n) as already SQL-escaped and stores it unescaped: ``a\\\\b`` becomes
``a\\b``, ``a\\nb`` a line break (measured on 10.0.12, name and comment, POST and PUT). A task
writing such a value would never find its item again and would create another on every run, so
on GLPI 10.0 the modules refuse it before any write, naming the field, the value and what GLPI
would store. GLPI 11.0.6 stores every one as typed: there it is written once and found again.
Backslashes GLPI 10.0 keeps (one alone, three, ``\\t``) work on both versions.
"""

import pytest

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "glpi_item: name or comment with paired backslashes (a\\\\b, a\\nb, it\\'s)",
     "outcome": "GLPI 10.0: fails naming the field, the value and what 10.0 would store, nothing written; "
                "11.0: created once, second run unchanged", "test": "test_item_paired_backslashes"},
    {"area": "Bad input", "case": "glpi_item items: one element of three with a\\\\b",
     "outcome": "GLPI 10.0: fails naming items[1], none written; 11.0: three created, second run unchanged",
     "test": "test_items_paired_backslashes"},
    {"area": "Bad input", "case": "glpi_item: backslashes GLPI 10.0 keeps (a\\b, three, a\\tb, a\\\\b with a bare quote)",
     "outcome": "created once and found again on both versions (no duplicate)", "test": "test_item_kept_backslashes"},
    {"area": "Bad input", "case": "glpi_user / glpi_entity / glpi_ticket: name or content with a\\\\b",
     "outcome": "GLPI 10.0: fails naming the field, nothing written; 11.0: written once, second run unchanged",
     "test": "test_other_modules_paired_backslashes"},
    {"area": "Over-long values", "case": "glpi_massive_action update: comment of 100,000 characters, name of 300, comment a\\\\b",
     "outcome": "fails naming the field and the limit (or, on GLPI 10.0, what it would store) before any write; "
                "a\\\\b is written on 11.0", "test": "test_massive_update_values_checked"},
]

B = "\\"


def item(fields, **options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": "Computer", "fields": fields}, **options)}


def glpi10(glpi_server):
    client = glpi_server.api_client()
    try:
        return client.request("GET", "getGlpiConfig").body["cfg_glpi"]["version"].startswith("10.")
    finally:
        client.close()


def count(glpi_server, itemtype, text):
    client = glpi_server.api_client()
    try:
        return len(client.list_items(itemtype, search_text={"name": text}))
    finally:
        client.close()


def refused(result, field, asked):
    assert result.get("failed"), result
    assert "%s: %r would be stored by GLPI 10.0 as" % (field, asked) in result["msg"], result["msg"]
    assert "nothing was written" in result["msg"]


@pytest.mark.parametrize("field, tail", [("name", "a" + B * 2 + "b"), ("name", "a" + B + "nb"), ("comment", "it" + B + "'s")])
def test_item_paired_backslashes(playbook, glpi_server, counters, unique, field, tail):
    name = "bs-%s-%s" % (unique, field)
    fields = {"name": name + " " + tail} if field == "name" else {"name": name, "comment": tail}
    asked = fields[field]
    counters.reset()
    run = playbook.run([item(fields), item(fields)])
    if glpi10(glpi_server):
        refused(run[0], field, asked)
        assert counters.read()["writes"] == 0 and count(glpi_server, "Computer", name) == 0
        return
    assert run[0]["action"] == "create" and run[0]["item"][field] == asked, run[0]
    assert run[1]["changed"] is False and run[1]["id"] == run[0]["id"]
    assert count(glpi_server, "Computer", name) == 1
    playbook.run([item({"name": fields["name"]}, state="purged")])


def test_items_paired_backslashes(playbook, glpi_server, counters, unique):
    names = ["bsi-%s-%d" % (unique, index) for index in range(3)]
    names[1] += " C:" + B * 2 + "dir"
    task = {"glpi.glpi.glpi_item": {"itemtype": "Computer", "items": [{"name": name} for name in names]}}
    counters.reset()
    run = playbook.run([task, task])
    if glpi10(glpi_server):
        assert "items[1]" in run[0]["msg"]
        refused(run[0], "name", names[1])
        assert counters.read()["writes"] == 0 and count(glpi_server, "Computer", "bsi-%s" % unique) == 0
        return
    assert [result["action"] for result in run[0]["results"]] == ["create"] * 3
    assert run[1]["changed"] is False and [r["id"] for r in run[1]["results"]] == [r["id"] for r in run[0]["results"]]
    assert count(glpi_server, "Computer", "bsi-%s" % unique) == 3
    playbook.run([item({"name": name}, state="purged") for name in names])


def test_item_kept_backslashes(playbook, glpi_server, unique):
    tails = ["a" + B + "b", "a" + B * 3 + "b", "a" + B + "tb", "a" + B * 2 + 'b "q"']
    names = ["bsk-%s-%d %s" % (unique, index, tail) for index, tail in enumerate(tails)]
    run = playbook.run([item({"name": name, "comment": name}) for name in names] * 2)
    for index, name in enumerate(names):
        first, again = run[index], run[len(names) + index]
        assert first["action"] == "create" and first["item"]["name"] == name and first["item"]["comment"] == name, first
        assert again["changed"] is False and again["id"] == first["id"], again
    assert count(glpi_server, "Computer", "bsk-%s" % unique) == len(names)
    playbook.run([item({"name": name}, state="purged") for name in names])


def test_other_modules_paired_backslashes(playbook, glpi_server, counters, unique):
    pair = "x" + B * 2 + "y"
    cases = [
        ({"glpi.glpi.glpi_user": {"name": "bsu-%s" % unique, "fields": {"realname": pair}}}, "realname", pair, "User"),
        ({"glpi.glpi.glpi_entity": {"name": "bse-%s %s" % (unique, pair)}}, "name", "bse-%s %s" % (unique, pair), "Entity"),
        ({"glpi.glpi.glpi_ticket": {"name": "bst-%s %s" % (unique, pair), "content": "body"}}, "name",
         "bst-%s %s" % (unique, pair), "Ticket"),
        ({"glpi.glpi.glpi_ticket": {"name": "bsc-%s" % unique, "content": "path " + pair}}, "content", "path " + pair, "Ticket"),
    ]
    old = glpi10(glpi_server)
    for task, field, asked, itemtype in cases:
        counters.reset()
        run = playbook.run([task, task])
        if old:
            refused(run[0], field, asked)
            assert counters.read()["writes"] == 0
            continue
        assert run[0]["changed"] and not run[0].get("failed"), run[0]
        assert run[1]["changed"] is False and run[1]["id"] == run[0]["id"], run[1]
        options = dict(list(task.values())[0], state="absent" if itemtype == "User" else "purged")
        if itemtype == "Entity":
            options["state"] = "absent"
        playbook.run([{list(task)[0]: options}])
    if old:
        assert count(glpi_server, "Ticket", "bst-%s" % unique) + count(glpi_server, "Ticket", "bsc-%s" % unique) == 0
        assert count(glpi_server, "Entity", "bse-%s" % unique) == 0 and count(glpi_server, "User", "bsu-%s" % unique) == 0


@pytest.mark.parametrize("field, value, expected", [
    ("comment", "c" * 100000, "comment: 100000 characters, the column holds at most 65535 bytes"),
    ("name", "n" * 300, "name: 300 characters, the column holds at most 255"),
    ("comment", "a" + B * 2 + "b", "comment: 'a\\\\\\\\b' would be stored by GLPI 10.0 as 'a\\\\b'")])
def test_massive_update_values_checked(playbook, glpi_server, counters, unique, field, value, expected):
    name = "bsm-%s-%s" % (unique, field)
    ident = playbook.run([item({"name": name})])[0]["id"]
    counters.reset()
    task = {"itemtype": "Computer", "action": "update", "ids": [ident], "field": field, "value": value}
    run = playbook.run([{"glpi.glpi.glpi_massive_action": task}, item({"name": name})])
    if "stored by GLPI 10.0" in expected and not glpi10(glpi_server):
        assert run[0]["changed"] and run[1]["item"][field] == value, run[0]
    else:
        assert run[0].get("failed") and expected in run[0]["msg"] and "nothing was written" in run[0]["msg"], run[0]
        assert counters.read()["writes"] == 0 and run[1]["item"][field] in ("", None, name)
    playbook.run([item({"name": name}, state="purged")])
