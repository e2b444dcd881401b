#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_agent_inventory
short_description: Submit hosts' facts to GLPI as a native (glpi-agent) inventory
version_added: 0.1.0
description:
  - Builds GLPI's native inventory document (the JSON format of glpi-agent) from the facts Ansible gathered
    (hardware, BIOS, operating system, processors, memory, storage, file systems, network interfaces with their
    IPv4/IPv6 addresses and MAC, and the software list when M(ansible.builtin.package_facts) ran), validates it
    against the inventory schema and POSTs it, gzip-compressed, to GLPI's inventory endpoint
    C(<GLPI>/front/inventory.php), as an agent would. GLPI's import rules then create or update the computer.
  - Runs on the controller, in the action plugin (no module is sent to the managed host, so C(delegate_to) is not
    needed); the facts come from the task's host (O(facts)), from several hosts' C(hostvars) (O(hosts)), or a
    prebuilt document (O(document)).
  - Before sending, reads GLPI's state of the device (its Agent by C(deviceid), then the computer) through the legacy
    REST API (O(url), O(app_token), O(user_token) or O(username)/O(password)) to report an honest C(changed), a diff,
    and to refuse the locked-field duplicate trap. O(read_state=false) skips the reads (no API tokens needed).
  - GLPI 10.0 and 11.0. GLPI 11's optional agent authentication is O(inventory_auth).
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
attributes:
  check_mode:
    support: full
    details: Builds and validates the documents and reads GLPI's state (the diff, the trap), sends nothing.
  diff_mode:
    support: full
    details: >-
      The comparable projection of GLPI's computer (before) and of the document (after): name, serial, uuid,
      manufacturer, model, type, operating system, software, IP and MAC addresses, disks, processors and memory.
options:
  facts:
    description:
      - The facts of the host to inventory, as C(ansible_facts) holds them (keys without the C(ansible_) prefix).
      - Default the task host's C(ansible_facts), with C(packages) when M(ansible.builtin.package_facts) ran.
      - Mutually exclusive with O(hosts) and O(document).
    type: dict
  hosts:
    description:
      - Inventory hostnames whose facts (C(hostvars[host].ansible_facts)) are submitted by this one task, O(parallel)
        at a time. Run the task once (C(run_once) set to V(true)) or on C(localhost).
      - A host without facts fails alone (C(gather facts first)); the others are still sent. The task fails when any
        host failed, and its message names the hosts sent and not sent.
    type: list
    elements: str
  document:
    description:
      - A prebuilt native inventory document (keys C(action), C(deviceid), C(itemtype) and C(content)), sent as
        it is after the schema validation. O(deviceid), O(tag) and O(include_loopback) do not apply to it.
    type: dict
  deviceid:
    description:
      - The agent's device id GLPI knows this host by. Default derived from the machine id, else the product UUID,
        else the hostname; the same facts give the same id on every run.
      - Not with O(hosts).
    type: str
  tag:
    description: The inventory tag (GLPI can use it in its entity rules).
    type: str
  include_loopback:
    description: Include the loopback interface and its addresses. GLPI 11 stores C(lo) as a local port without address.
    type: bool
    default: false
  inventory_url:
    description:
      - The inventory endpoint. Default C(<site root>/front/inventory.php), the site root taken from O(url) (without
        C(/apirest.php) or C(/api.php)). GLPI 11 also answers on C(<site root>/Inventory).
    type: str
  inventory_auth:
    description:
      - How the submission authenticates (GLPI 11, Administration > Inventory > Authorization header).
      - V(none), the default, and the only way on GLPI 10.0, whose endpoint is anonymous.
      - V(oauth2) sends a bearer token of the OAuth2 client_credentials grant with the scope C(inventory), asked from
        C(<site root>/api.php/token) with O(client_id) and O(client_secret) (the OAuth client must allow that grant
        and scope).
      - V(basic) sends O(inventory_username) and O(inventory_password).
    type: str
    choices: [none, oauth2, basic]
    default: none
  inventory_username:
    description: The login of GLPI 11's basic authentication for agents (O(inventory_auth=basic)).
    type: str
  inventory_password:
    description:
      - The password of GLPI 11's basic authentication for agents.
      - Set it in GLPI through the UI; a password stored through the API (PUT Config) stays unencrypted and GLPI then
        refuses every login.
    type: str
  skip_unchanged:
    description:
      - Do not send a document whose projection equals GLPI's computer (action C(skipped)).
      - By default an unchanged document is sent anyway, as an agent does (GLPI then refreshes the computer's
        last inventory date); C(changed) stays false. Skipping also saves the Computer C(update) webhook GLPI 11
        raises for every accepted submission.
    type: bool
    default: false
  allow_duplicate:
    description:
      - Send even when the computer the agent points to has a serial or UUID that differs from the document's
        (typically edited in GLPI, which locks the field). GLPI's import rule then does not match it and
        GLPI creates a second computer, re-pointing the agent to it. Without this option that host fails and
        nothing is sent for it.
    type: bool
    default: false
  parallel:
    description: How many submissions run at once with O(hosts) (1 to 32).
    type: int
    default: 8
  read_state:
    description:
      - Read GLPI's state before and after sending (needs the API connection options). With V(false) nothing is read;
        C(changed) is true for every document sent, no diff, no duplicate trap check, and no C(computer_id).
    type: bool
    default: true
notes:
  - GLPI's native inventory must be enabled (Administration > Inventory, "Enable inventory"); it is off after a GLPI 10.0
    install. Through the API, C(PUT apirest.php/Config/1) with
    the input C(config_context=inventory) and C(enabled_inventory=1) stores it (GLPI answers 400 but stores the value).
  - On GLPI 11, Administration > Inventory > Authorization header chooses the agent authentication; for V(oauth2) create an
    OAuth client (Setup > OAuth clients) with the client_credentials grant and the C(inventory) scope.
  - C(changed) is true when GLPI's computer differs from the document in what the diff shows, or when GLPI has no
    computer for this device yet. Values that move on every run (free space, uptime, boot time) are stored by GLPI but
    a change in them alone is not reported as a change.
  - Every accepted submission, even unchanged, updates the computer's last inventory date and, on GLPI 11, raises
    the Computer C(update) webhook; O(skip_unchanged) avoids both.
  - A resubmission of the same document is idempotent in GLPI (same computer, same ports, addresses and software
    links), so a submission whose answer broke off, or that a proxy answered 502 or 503, is sent again (up to
    O(retries) times, with a warning). One that got no answer within O(timeout) (or a 504) is not, as GLPI may still
    be importing it (two imports of a new device at once could make two computers); that host fails as maybe sent,
    with C(changed=true).
  - The state read uses the legacy REST API only (O(api_version=v2) is not used for it).
seealso:
  - name: GLPI inventory format
    description: The JSON schema of the native inventory.
    link: https://github.com/glpi-project/inventory_format
"""

EXAMPLES = r"""
- name: Inventory every host of the play in GLPI (the action runs on the controller)
  glpi.glpi.glpi_agent_inventory:
    url: https://glpi.example.com
    app_token: "{{ glpi_app_token }}"
    user_token: "{{ glpi_user_token }}"

- name: Gather the software list of every host
  ansible.builtin.package_facts:

- name: Submit every host's facts from one task, 16 at a time
  glpi.glpi.glpi_agent_inventory:
    hosts: "{{ ansible_play_hosts }}"
    parallel: 16
  run_once: true
  register: glpi_agent

- name: GLPI 11 requiring OAuth2 client credentials for agents
  glpi.glpi.glpi_agent_inventory:
    url: https://glpi.example.com
    user_token: "{{ glpi_user_token }}"
    inventory_auth: oauth2
    client_id: "{{ glpi_inventory_client_id }}"
    client_secret: "{{ glpi_inventory_client_secret }}"

- name: What would change in GLPI (run with --check --diff)
  glpi.glpi.glpi_agent_inventory:
    url: https://glpi.example.com
    user_token: "{{ glpi_user_token }}"
  check_mode: true
  diff: true

- name: Send without reading GLPI's state (no API token; changed is always true)
  glpi.glpi.glpi_agent_inventory:
    url: https://glpi.example.com
    read_state: false
"""

RETURN = r"""
deviceid:
  description: The device id the host was submitted as (one host).
  returned: without O(hosts)
  type: str
  sample: web-01-4c4c4544004e
computer_id:
  description: The id of the GLPI computer the agent points to after the submission (before it in check mode).
  returned: without O(hosts), when O(read_state) and GLPI has the computer
  type: int
  sample: 42
action:
  description:
    - V(created) (GLPI had no computer for this device), V(updated), V(unchanged) (sent, nothing changed),
      V(skipped) (unchanged and O(skip_unchanged)), or V(sent) (O(read_state=false)).
    - In check mode, what would happen.
  returned: without O(hosts)
  type: str
  sample: updated
sent:
  description: Whether the document was sent.
  returned: without O(hosts)
  type: bool
results:
  description: One entry per host of O(hosts).
  returned: with O(hosts)
  type: list
  elements: dict
  contains:
    host:
      description: The inventory hostname.
      type: str
    deviceid:
      description: Its device id.
      type: str
    computer_id:
      description: The GLPI computer id (see RV(computer_id)).
      type: int
    action:
      description: As RV(action).
      type: str
    changed:
      description: Whether GLPI's computer changed (or would).
      type: bool
    failed:
      description: Whether this host failed.
      type: bool
    msg:
      description: Why it failed.
      type: str
    sent:
      description: Whether its document was sent.
      type: bool
counts:
  description: How many hosts had each action, how many failed, and how many documents were C(submitted).
  returned: with O(hosts)
  type: dict
  sample: {"created": 1, "updated": 2, "unchanged": 5, "skipped": 0, "sent": 0, "failed": 1, "submitted": 8}
"""

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.module import run_module


def run(module, client):
    # The action plugin of the same name runs the task on the controller; this only runs when it is bypassed.
    raise GlpiInputError('glpi_agent_inventory runs on the controller through its action plugin: call it as '
                         'glpi.glpi.glpi_agent_inventory')


def argument_spec():
    return dict(
        facts=dict(type="dict"),
        hosts=dict(type="list", elements="str"),
        document=dict(type="dict"),
        deviceid=dict(type="str"),
        tag=dict(type="str"),
        include_loopback=dict(type="bool", default=False),
        inventory_url=dict(type="str"),
        inventory_auth=dict(type="str", default="none", choices=["none", "oauth2", "basic"]),
        inventory_username=dict(type="str"),
        inventory_password=dict(type="str", no_log=True),
        skip_unchanged=dict(type="bool", default=False),
        allow_duplicate=dict(type="bool", default=False),
        parallel=dict(type="int", default=8),
        read_state=dict(type="bool", default=True),
    )


MUTUALLY_EXCLUSIVE = [("facts", "hosts", "document"), ("deviceid", "hosts")]


def main():
    run_module(argument_spec(), run, mutually_exclusive=MUTUALLY_EXCLUSIVE)


if __name__ == "__main__":
    main()
