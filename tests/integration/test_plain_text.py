"""Text with < > & and quotes reads back as plain text on GLPI 10.0 (which stores it HTML-encoded,
&#60; &#62; &#38;) and on 11.0 (which stores it as typed): in glpi_item's results and diffs,
glpi_item_info records, glpi_search rows and glpi_lookup values; raw_text gives GLPI's own text."""

import uuid

import pytest

pytestmark = pytest.mark.integration

SPECIAL = "<b>&\"' x"


def glpi10_encoded(text):
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


@pytest.fixture
def names(glpi_server):
    tag = uuid.uuid4().hex[:8]
    yield {"tag": tag, "name": "pt-%s %s" % (tag, SPECIAL), "comment": "a & b <c> %s" % tag}
    client = glpi_server.api_client()
    try:
        found = client.list_items("Computer", search_text={"name": "pt-%s" % tag})
        if found:
            client.delete("Computer", [row["id"] for row in found], force_purge=True)
    finally:
        client.close()


def item(fields, **options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": "Computer", "fields": fields}, **options)}


def info(**options):
    return {"glpi.glpi.glpi_item_info": dict({"itemtype": "Computer"}, **options)}


def test_glpi_item_results_and_diffs_are_plain(playbook, names):
    name, comment = names["name"], names["comment"]
    run = playbook.run([item({"name": name, "comment": comment}), item({"name": name, "comment": comment}),
                        item({"name": name, "comment": comment + " 2"})], diff=True)
    created, again, updated = run.results
    assert created["action"] == "create" and created["item"]["name"] == name and created["item"]["comment"] == comment
    assert created["diff"]["after"] == {"name": name, "comment": comment}
    assert again["action"] == "unchanged" and again["item"]["name"] == name
    assert updated["action"] == "update" and updated["changed_fields"] == ["comment"]
    assert updated["diff"]["before"]["comment"] == comment and updated["diff"]["after"]["comment"] == comment + " 2"
    assert updated["item"]["comment"] == comment + " 2"


def test_info_records_are_plain_and_raw_on_request(playbook, names):
    name = names["name"]
    ident = playbook.run([item({"name": name, "comment": names["comment"]})])[0]["id"]
    run = playbook.run([info(id=ident), info(fields={"name": name}), info(filters={"name": "pt-%s" % names["tag"]}),
                        info(id=ident, raw_text=True), info(id=ident, expand_dropdowns=True)])
    by_id, by_fields, listed, raw, expanded = run.results
    assert by_id["record"]["name"] == name and by_id["record"]["comment"] == names["comment"]
    assert by_fields["id"] == ident and by_fields["record"]["name"] == name
    assert [record["name"] for record in listed["records"]] == [name]
    assert expanded["record"]["name"] == name
    assert raw["record"]["name"] in (name, glpi10_encoded(name)), "GLPI 10.0 encodes, 11.0 does not"
    assert raw["sha1"] == by_id["sha1"] == by_fields["sha1"], "the sha1 is GLPI's whatever the text form"


def test_search_rows_are_plain_and_raw_on_request(playbook, names):
    name = names["name"]
    playbook.run([item({"name": name, "comment": names["comment"]})])
    criteria = [{"field": "name", "searchtype": "contains", "value": "pt-%s" % names["tag"]}]
    run = playbook.run([{"glpi.glpi.glpi_search": {"itemtype": "Computer", "criteria": criteria, "display": ["comment"]}},
                        {"glpi.glpi.glpi_search": {"itemtype": "Computer", "criteria": criteria, "display": ["comment"],
                                                   "raw_text": True}}])
    plain, raw = run.results
    assert plain["count"] == 1, plain
    assert plain["records"][0]["name"] == name and plain["records"][0]["comment"] == names["comment"], plain["records"]
    assert raw["records"][0]["name"] in (name, glpi10_encoded(name)), raw["records"]


def test_lookup_values_are_plain_and_raw_on_request(playbook, names, glpi_server):
    name = names["name"]
    ident = playbook.run([item({"name": name})])[0]["id"]
    env = {"GLPI_URL": glpi_server.base_url, "GLPI_APP_TOKEN": glpi_server.app_token, "GLPI_USER_TOKEN": glpi_server.user_token}
    run = playbook.run([
        {"ansible.builtin.set_fact": {"value": "{{ lookup('glpi.glpi.glpi_lookup', 'Computer', id=%d).name }}" % ident}},
        {"ansible.builtin.set_fact": {"value": "{{ query('glpi.glpi.glpi_lookup', 'Computer', filters={'name': 'pt-%s'})"
                                               " | map(attribute='name') | list }}" % names["tag"]}},
        {"ansible.builtin.set_fact": {"value": "{{ lookup('glpi.glpi.glpi_lookup', 'Computer', id=%d, raw_text=true).name }}"
                                               % ident}},
    ], extra_env=env)
    by_id, listed, raw = [result["ansible_facts"]["value"] for result in run.results]
    assert by_id == name and listed == [name]
    assert raw in (name, glpi10_encoded(name))
