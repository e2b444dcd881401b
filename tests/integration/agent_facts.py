"""Recorded hosts' facts for the glpi_agent_inventory tests (the builder's fixtures), made unique to a run."""

import json
import os
import uuid

FACTS_DIR = os.path.join(os.path.dirname(__file__), '..', 'unit', 'fixtures', 'agent_inventory')


def unique_facts(name, suffix):
    """The facts of tests/unit/fixtures/agent_inventory/NAME.json with their own name, serial, uuid and machine id:
    the real servers are shared by runs, and GLPI's import rules match computers by serial + uuid."""
    with open(os.path.join(FACTS_DIR, '%s.json' % name)) as handle:
        facts = json.load(handle)
    for key in ('hostname', 'product_serial', 'machine_id'):
        if facts.get(key):
            facts[key] = '%s-%s' % (facts[key], suffix)
    facts['product_uuid'] = str(uuid.uuid4())
    return facts
