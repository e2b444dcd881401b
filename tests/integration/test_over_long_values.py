"""Over-long values refused before any write (issue 12): GLPI 10.0 would cut a long name to 255
characters and every run would then create another item; GLPI 11.0 would answer a raw SQL
error. The modules check each value against its column first, on any server."""

import pytest

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Over-long values", "case": "glpi_item: name of 300 characters",
     "outcome": "fails naming name, limit 255 and length 300; nothing written (count and writes before/after)",
     "test": "test_too_long_name_fails_and_writes_nothing"},
    {"area": "Over-long values", "case": "glpi_item items: element 3 of 5 has a name of 300 characters",
     "outcome": "fails naming items[2], name, 300 and 255; none of the 5 written",
     "test": "test_bulk_with_one_too_long_writes_nothing"},
    {"area": "Over-long values", "case": "glpi_item: name of exactly 255 characters",
     "outcome": "created once; second run changed=false, one item", "test": "test_255_characters_work_and_are_idempotent"},
    {"area": "Over-long values", "case": "glpi_item: comment of 100,000 characters (create and update)",
     "outcome": "fails naming comment, 100000 and 65535 bytes; nothing written",
     "test": "test_huge_comment_refused"},
    {"area": "Over-long values", "case": "glpi_ticket / glpi_user / glpi_entity: name of 300 characters",
     "outcome": "fails naming the field and both numbers; nothing written", "test": "test_other_modules_refuse_long_names"},
]


def computer(fields, **options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": "Computer", "fields": fields}, **options)}


def count(glpi_server, itemtype, prefix):
    client = glpi_server.api_client()
    try:
        return len(client.list_items(itemtype, search_text={"name": prefix}))
    finally:
        client.close()


def test_too_long_name_fails_and_writes_nothing(playbook, glpi_server, counters, unique):
    prefix = "lv-long-%s-" % unique
    name = prefix + "x" * (300 - len(prefix))
    before = count(glpi_server, "Computer", prefix)
    counters.reset()
    for check in (True, False):
        run = playbook.run([computer({"name": name, "serial": "S"})], check=check)
        assert run[0]["failed"]
        assert "Computer name: 300 characters, the column holds at most 255" in run[0]["msg"]
        assert "nothing was written" in run[0]["msg"]
    assert counters.read()["writes"] == 0
    assert count(glpi_server, "Computer", prefix) == before == 0


def test_bulk_with_one_too_long_writes_nothing(playbook, glpi_server, counters, unique):
    prefix = "lv-bulk-%s-" % unique
    items = [{"name": "%s%d" % (prefix, index)} for index in range(5)]
    items[2]["name"] = prefix + "y" * (300 - len(prefix))
    counters.reset()
    run = playbook.run([{"glpi.glpi.glpi_item": {"itemtype": "Computer", "items": items}}])
    assert run[0]["failed"]
    assert "items[2] (name='%s" % prefix in run[0]["msg"]
    assert "Computer name: 300 characters, the column holds at most 255" in run[0]["msg"]
    assert counters.read()["writes"] == 0
    assert count(glpi_server, "Computer", prefix) == 0


def test_255_characters_work_and_are_idempotent(playbook, glpi_server, unique):
    prefix = "lv-255-%s-" % unique
    name = prefix + "z" * (255 - len(prefix))
    run = playbook.run([computer({"name": name}), computer({"name": name})])
    assert run[0]["changed"] and run[0]["action"] == "create"
    assert run[0]["item"]["name"] == name
    assert run[1]["changed"] is False and run[1]["id"] == run[0]["id"]
    assert count(glpi_server, "Computer", prefix) == 1
    playbook.run([computer({"name": name}, state="purged")])


def test_huge_comment_refused(playbook, glpi_server, counters, unique):
    name = "lv-comment-%s" % unique
    counters.reset()
    run = playbook.run([computer({"name": name, "comment": "c" * 100000})])
    assert run[0]["failed"]
    assert "Computer comment: 100000 characters, the column holds at most 65535 bytes" in run[0]["msg"]
    assert counters.read()["writes"] == 0
    assert count(glpi_server, "Computer", name) == 0
    run = playbook.run([computer({"name": name}), computer({"name": name, "comment": "c" * 100000})])
    assert run[0]["changed"] and run[1]["failed"]
    assert "65535 bytes" in run[1]["msg"]
    assert playbook.run([computer({"name": name})])[0]["item"]["comment"] in (None, "")
    playbook.run([computer({"name": name}, state="purged")])


def test_other_modules_refuse_long_names(playbook, glpi_server, counters, unique):
    long_name = "lv-other-%s-" % unique
    long_name += "w" * (300 - len(long_name))
    counters.reset()
    for task, text in (
            ({"glpi.glpi.glpi_ticket": {"name": long_name, "content": "long title"}}, "Ticket name: 300 characters"),
            ({"glpi.glpi.glpi_user": {"name": "lv-user-%s" % unique, "fields": {"realname": long_name}}},
             "User realname: 300 characters"),
            ({"glpi.glpi.glpi_entity": {"name": long_name}}, "Entity name: 300 characters")):
        run = playbook.run([task])
        assert run[0]["failed"] and text in run[0]["msg"] and "at most 255" in run[0]["msg"], run[0].get("msg")
    assert counters.read()["writes"] == 0
