"""The glpi.glpi.glpi_lookup lookup plugin against glpi_server: connection from GLPI_* variables
or from keyword options, by id, by exact fields (glpi_item's rules), filters, errors."""

import uuid

import pytest


pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def objects(glpi_server):
    tag = uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    try:
        location = client.add("Location", {"name": "lk-loc-%s" % tag})["id"]
        ids = [a["id"] for a in client.add("Computer", [
            {"name": "lk-%s-web_01" % tag, "serial": "L1", "locations_id": location},
            {"name": "lk-%s-web-01" % tag, "serial": "L2"},
            {"name": "lk-%s-dup" % tag}, {"name": "lk-%s-dup" % tag}])]
        yield {"tag": tag, "ids": ids, "location": "lk-loc-%s" % tag}
        client.delete("Computer", ids, force_purge=True)
    finally:
        client.close()


def env_of(server):
    return {"GLPI_URL": server.base_url, "GLPI_APP_TOKEN": server.app_token, "GLPI_USER_TOKEN": server.user_token}


def fact(expression):
    return {"ansible.builtin.set_fact": {"value": expression}}


def test_lookup_by_fields_id_and_filters_with_env_connection(playbook, objects, glpi_server):
    tag, ids = objects["tag"], objects["ids"]
    run = playbook.run([
        fact("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', fields={'name': 'lk-%s-web_01'}) }}" % tag),
        fact("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', fields={'name': 'lk-%s-web_01', 'locations_id': '%s'}).id }}"
             % (tag, objects["location"])),
        fact("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', id=%d, expand_dropdowns=true).locations_id }}" % ids[0]),
        fact("{{ query('glpi.glpi.glpi_lookup', 'Computer', filters={'name': '^lk-%s-'}) | map(attribute='id') | sort }}" % tag),
        fact("{{ query('glpi.glpi.glpi_lookup', 'Computer', fields={'name': 'LK-%s-WEB_01'}) }}" % tag),
    ], extra_env=env_of(glpi_server))
    by_fields, by_fields_and_dropdown, expanded, listing, none = run.results
    assert by_fields["ansible_facts"]["value"]["id"] == ids[0], "web_01 must not match web-01"
    assert int(by_fields_and_dropdown["ansible_facts"]["value"]) == ids[0]
    assert expanded["ansible_facts"]["value"].endswith(objects["location"])
    assert listing["ansible_facts"]["value"] == sorted(ids)
    assert none["ansible_facts"]["value"] == []


def test_lookup_with_keyword_connection_options(playbook, objects, glpi_server):
    expression = ("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', id=%d, url='%s', app_token='%s', user_token='%s').name }}"
                  % (objects["ids"][1], glpi_server.base_url, glpi_server.app_token, glpi_server.user_token))
    run = playbook.run([fact(expression)])
    assert run[0]["ansible_facts"]["value"] == "lk-%s-web-01" % objects["tag"]


def test_lookup_errors_are_clear(playbook, objects, glpi_server):
    run = playbook.run([
        fact("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', fields={'name': 'lk-%s-dup'}) }}" % objects["tag"]),
        fact("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', id=1, fields={'name': 'x'}) }}"),
    ], extra_env=env_of(glpi_server))
    ambiguous, exclusive = run.results
    assert ambiguous["failed"]
    assert str(objects["ids"][2]) in ambiguous["msg"] and str(objects["ids"][3]) in ambiguous["msg"]
    assert exclusive["failed"] and "mutually exclusive" in exclusive["msg"]
    assert glpi_server.user_token not in ambiguous["msg"]


def test_lookup_self_service_cannot_read_computers(playbook, glpi_server):
    run = playbook.run([fact("{{ query('glpi.glpi.glpi_lookup', 'Computer', filters={'name': 'x'}) }}")],
                       extra_env={"GLPI_URL": glpi_server.base_url, "GLPI_APP_TOKEN": glpi_server.app_token,
                                  "GLPI_USERNAME": "post-only", "GLPI_PASSWORD": "postonly"})
    assert run[0]["failed"]
    assert "Permission denied" in run[0]["msg"] and "ERROR_RIGHT_MISSING" in run[0]["msg"]
