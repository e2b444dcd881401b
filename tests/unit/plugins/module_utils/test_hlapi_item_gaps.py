"""glpi_item's options over v2 (hlapi_write.py) that used to be ignored: chunk_size bounds the
writes in flight; the session's active entities come from GET /Session in either of PHP's
array shapes; an allowed move out of scope takes GLPI 11.0.6's 404 as done and is not read back."""

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import hlapi_write
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Task
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

from test_item_decide import FakeClient, Module, fake_schemas  # noqa: F401  pylint: disable=unused-import


@pytest.mark.parametrize("chunk_size, most", [(1, 1), (2, 2), (500, hlapi_write.WORKERS)])
def test_chunk_size_bounds_the_writes_in_flight(chunk_size, most):
    client = FakeClient()
    elements = [{"name": "n%02d" % i} for i in range(40)]
    tasks = [Task(index, element, ["name"]) for index, element in enumerate(elements)]
    module = Module({"itemtype": "Computer", "items": elements, "state": "present", "chunk_size": chunk_size})
    assert hlapi_write.run_item_v2(module, client, tasks)["summary"] == {"create": 40}
    assert client.most == most


class SessionClient:
    def __init__(self, active):
        self.active = active

    def get(self, path):
        assert path == "Session"
        return {"active_entities": self.active}


@pytest.mark.parametrize("active, ids", [([0], [0]), ({"0": 0, "3": 3, "5": 5}, [0, 3, 5]), ([], [])])
def test_session_entity_ids_reads_both_php_array_shapes(active, ids):
    assert hlapi_write.session_entity_ids(SessionClient(active)) == ids


class ScopedClient(FakeClient):
    """A session on entity 1 only: GET Session says so; a PATCH to another entity answers 404."""

    def get(self, path):
        if path == "Session":
            return {"active_entities": {"1": 1}}
        return super(ScopedClient, self).get(path)

    def request(self, method, path, json_body=None, **kwargs):
        answer = super(ScopedClient, self).request(method, path, json_body=json_body, **kwargs)
        if method == "PATCH" and (json_body or {}).get("entity", {}).get("id") not in (None, 1):
            assert 404 in kwargs.get("expected", ()), "an allowed move expects GLPI 11.0.6's 404"
        return answer


@pytest.mark.parametrize("allowed", [False, True])
def test_a_move_out_of_the_session_entities(allowed, monkeypatch):
    from test_item_decide import DOC
    monkeypatch.setitem(DOC["Computer"]["properties"], "entity", {"type": "object", "itemtype": "Entity"})
    client = ScopedClient(rows=[{"id": 7, "name": "pc", "entity": {"id": 1}, "is_deleted": False}])
    warnings = []
    module = Module({"itemtype": "Computer", "id": 7, "fields": {"entities_id": 2}, "state": "present",
                     "allow_move_out_of_scope": allowed})
    module.warn = warnings.append
    tasks = [Task(0, {"entities_id": 2}, ["name", "entities_id"], ident=7)]
    if not allowed:
        with pytest.raises(GlpiInputError) as caught:
            hlapi_write.run_item_v2(module, client, tasks)
        assert "active entities (1)" in str(caught.value) and "Computer 7" in str(caught.value)
        assert [call for call in client.calls if call[0] == "PATCH"] == []
        return
    result = hlapi_write.run_item_v2(module, client, tasks)
    assert (result["action"], result["item"]) == ("update", None)
    assert [call[:2] for call in client.calls if call[0] == "PATCH"] == [("PATCH", "Assets/Computer/7")]
    assert any("outside this session's active entities" in warning for warning in warnings)
