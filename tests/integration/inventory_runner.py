# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the glpi.glpi.glpi_inventory plugin once per case, as ansible-inventory does, in one
process: ``python inventory_runner.py COLLECTIONS_PATH WORKDIR < cases.json``.

Each case is ``{"faults": {...} or null, "faults_url": ".../_emulator/faults", "config": {...}}``:
the faults are set (POST) before the plugin parses the config, read back (GET) and cleared
(DELETE) after it. The retry backoff is cut to a tenth. Prints a JSON list with, per case, ``hosts`` (sorted) or ``error`` (the
message), and ``faults_left``. One process for every case: a fresh ansible-inventory costs
seconds, and the collection finder is installed here before anything imports the collection.
"""

import json
import os
import sys
import urllib.request


def control(url, method, body=None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as answer:
        return json.loads(answer.read().decode("utf-8") or "null")


def main(collections_path, workdir):
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
    _AnsibleCollectionFinder(paths=[collections_path], scan_sys_paths=False)._install()  # pylint: disable=protected-access
    import yaml
    from ansible.errors import AnsibleError
    from ansible.inventory.data import InventoryData
    from ansible.parsing.dataloader import DataLoader
    from ansible.plugins.loader import inventory_loader
    from ansible_collections.glpi.glpi.plugins.module_utils import client

    client.BACKOFF_BASE = 0.05  # the tests check that the plugin retries, not how long it waits
    plugin = inventory_loader.get("glpi.glpi.glpi_inventory")
    results = []
    for index, case in enumerate(json.load(sys.stdin)):
        path = os.path.join(workdir, "case-%d.glpi.yml" % index)
        with open(path, "w") as handle:
            yaml.safe_dump(dict(case["config"], plugin="glpi.glpi.glpi_inventory"), handle)
        if case.get("faults"):
            control(case["faults_url"], "POST", case["faults"])
        result = {}
        try:
            inventory = InventoryData()
            plugin.parse(inventory, DataLoader(), path, cache=False)
            result["hosts"] = sorted(inventory.hosts)
        except AnsibleError as exc:
            result["error"] = str(exc)
        result["faults_left"] = control(case["faults_url"], "GET")
        control(case["faults_url"], "DELETE")
        results.append(result)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
