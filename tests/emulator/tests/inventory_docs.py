# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Native inventory documents and a sender for the emulator's inventory tests (the shape of the
Linux agent document of the findings: hardware, bios, OS, a CPU, two memories, a disk, a volume,
``lo`` + ``eno1``, software)."""

import copy
import gzip
import json
import zlib

AGENT_ID = "3f1b2c4d-0000-4000-8000-000000000001"


def linux_document(deviceid="holdout-linux-01-2026-12-04-10-00-00", name="holdout-linux-01", serial="HOLD0001",
                   uuid="4c4c4544-0000-1000-8000-000000000001", mac="00:11:22:33:44:55", ip="192.0.2.10"):
    content = {
        "versionclient": "GLPI-Agent_v1.7",
        "hardware": {"name": name, "uuid": uuid, "lastloggeduser": "alice", "chassis_type": "Desktop",
                     "memory": 16000},
        "bios": {"ssn": serial, "smanufacturer": "Dell Inc.", "smodel": "OptiPlex 7080", "bmanufacturer": "Dell Inc.",
                 "bversion": "1.2.3", "bdate": "2023-01-01"},
        "operatingsystem": {"full_name": "Debian GNU/Linux 12 (bookworm)", "name": "Debian", "version": "12 (bookworm)",
                            "arch": "x86_64", "kernel_name": "linux", "kernel_version": "6.1.0-18-amd64",
                            "boot_time": "2026-12-04 08:00:00"},
        "cpus": [{"name": "Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz", "speed": 2900, "core": 8, "thread": 16,
                  "manufacturer": "Intel"}],
        "memories": [{"capacity": 8192, "type": "DDR4", "description": "SODIMM", "speed": "2933", "serialnumber": "M1",
                      "numslots": 1},
                     {"capacity": 8192, "type": "DDR4", "description": "SODIMM", "speed": "2933", "serialnumber": "M2",
                      "numslots": 2}],
        "storages": [{"model": "PM981a", "name": "nvme0n1", "disksize": 512000, "manufacturer": "Samsung",
                      "serial": "S1"}],
        "drives": [{"type": "/", "volumn": "/dev/nvme0n1p2", "filesystem": "ext4", "total": 480000, "free": 300000}],
        "networks": [{"description": "lo", "mac": "00:00:00:00:00:00", "ipaddress": "127.0.0.1", "ipmask": "255.0.0.0",
                      "ipsubnet": "127.0.0.0", "type": "loopback", "virtualdev": True},
                     {"description": "eno1", "mac": mac, "ipaddress": ip, "ipmask": "255.255.255.0",
                      "ipsubnet": "192.0.2.0", "ipgateway": "192.0.2.1", "speed": "1000", "type": "ethernet",
                      "virtualdev": False}],
        "softwares": [{"name": "bash", "version": "5.2.15-2+b2", "arch": "amd64", "publisher": "Debian",
                       "install_date": "2026-01-10"},
                      {"name": "curl", "version": "7.88.1-10+deb12u5", "arch": "amd64", "publisher": "Debian"},
                      {"name": "openssh-server", "version": "1:9.2p1-2", "arch": "amd64", "publisher": "Debian"}],
    }
    return {"action": "inventory", "deviceid": deviceid, "itemtype": "Computer", "content": content}


def changed_document(document):
    """The findings' v2: IP .10 -> .77, curl removed, bash's version changed, htop added."""
    doc = copy.deepcopy(document)
    content = doc["content"]
    content["networks"][1]["ipaddress"] = "192.0.2.77"
    softwares = [s for s in content["softwares"] if s["name"] != "curl"]
    for soft in softwares:
        if soft["name"] == "bash":
            soft["version"] = "5.2.15-2+b7"
    softwares.append({"name": "htop", "version": "3.2.2-2", "arch": "amd64", "publisher": "Debian"})
    content["softwares"] = softwares
    return doc


def send(api, document, compression=None, agent_id=True, path="/front/inventory.php", headers=None, raw=None):
    """POST a document; (status, parsed JSON body or text, response)."""
    data = raw if raw is not None else json.dumps(document).encode("utf-8")
    sent = {"User-Agent": "GLPI-Agent_v1.7"}
    content_type = "application/json"
    if compression == "gzip":
        data, content_type = gzip.compress(data), "application/x-compress-gzip"
    elif compression == "zlib":
        data, content_type = zlib.compress(data), "application/x-compress-zlib"
    if agent_id:
        sent["GLPI-Agent-ID"] = AGENT_ID
    sent.update(headers or {})
    sent.setdefault("Content-Type", content_type)
    answer = api.client.post(path, data=data, headers=sent)
    body = answer.get_data()
    if answer.headers.get("Content-Type", "").startswith("application/x-compress-gzip"):
        body = gzip.decompress(body)
    elif answer.headers.get("Content-Type", "").startswith("application/x-compress-zlib"):
        body = zlib.decompress(body)
    text = body.decode("utf-8")
    try:
        return answer.status_code, json.loads(text), answer
    except ValueError:
        return answer.status_code, text, answer


def enable(api, **settings):
    """PUT Config/1 in context inventory: 400 ERROR_GLPI_UPDATE, but stored (GLPI's quirk)."""
    settings.setdefault("enabled_inventory", 1)
    status, body = api.call("PUT", "Config/1", {"input": dict(settings, config_context="inventory")})
    assert (status, body) == (400, ["ERROR_GLPI_UPDATE", ""])
