"""glpi_item_info through its main() against a mocked client: text comes out plain
(GLPI 10.0 sends it HTML-encoded) unless raw_text is set, and the sha1 stays GLPI's."""

from unittest import mock

import module_harness
from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.text import glpi_sha1
from ansible_collections.glpi.glpi.plugins.modules import glpi_item_info

ROW = {"id": 7, "name": "web &#60;b&#62; &#38; 'q'", "comment": None, "ticket_tco": "0.0000", "is_deleted": 0,
       "links": [{"rel": "Entity", "href": "http://glpi.test/apirest.php/Entity/0"}]}


def execute(client, **args):
    return module_harness.execute(glpi_item_info, client, **dict({"itemtype": "Computer"}, **args))


def a_client(listed=None):
    client = mock.create_autospec(GlpiClient, instance=True)
    client.get_item.side_effect = lambda itemtype, ident, **params: "f" * 40 if params.get("get_sha1") else dict(ROW)
    client.list_items.return_value = [dict(listed or ROW)]
    return client


def test_record_is_plain_text_and_sha1_of_what_glpi_sent():
    result = execute(a_client(), id=7)
    assert result["record"]["name"] == "web <b> & 'q'"
    assert result["sha1"] == glpi_sha1(ROW)


def test_raw_text_gives_glpis_own_text():
    result = execute(a_client(), id=7, raw_text=True)
    assert result["record"] == ROW and result["sha1"] == glpi_sha1(ROW)


def test_found_by_fields_the_sha1_is_asked_from_glpi():
    """A listing row is not GET Itemtype/id's answer (GLPI 11 lists assets without groups_id)."""
    client = a_client(listed=dict((k, v) for k, v in ROW.items() if k != "links"))
    result = execute(client, fields={"name": "web <b> & 'q'"})
    assert result["id"] == 7 and result["sha1"] == "f" * 40
    client.get_item.assert_called_once_with("Computer", 7, get_sha1=True)
