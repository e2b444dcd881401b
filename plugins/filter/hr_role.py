# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: hr_role
short_description: What the roles glpi.glpi.hr_onboarding and glpi.glpi.hr_offboarding compute between their tasks
version_added: 0.1.0
description:
  - Internal to the HR roles, not a stable interface. From a role's inputs and the results its tasks
    registered, computes one value - the filters of its listings, the plan of each user, the check of
    every input before the first write, the C(users) of its glpi_user task, the assets of its bulk
    writes, the message it fails with, or its result fact.
author:
  - glpi.glpi contributors (@glpi-ansible)
options:
  _input:
    description: The role's inputs and registered results (see the role's vars/main.yml).
    type: dict
    required: true
  role:
    description: The role.
    type: str
    required: true
    choices: [onboarding, offboarding]
  what:
    description: The value to compute, the name of a method of the role's class in plugins/plugin_utils (check, result, ...).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Check every input of the role (in the role's tasks)
  ansible.builtin.set_fact:
    __hr_onboarding_checked: "{{ __hr_onboarding_state | glpi.glpi.hr_role('onboarding', 'check') }}"
"""

RETURN = r"""
_value:
  description: The value asked for.
  type: raw
"""

from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_onboarding import compute
from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_tickets import TicketedOffboarding, TicketedOnboarding

# The roles' classes with their tickets (hr_tickets.py extends hr_onboarding.py and hr_offboarding.py).
ROLES = {'onboarding': TicketedOnboarding, 'offboarding': TicketedOffboarding}


def hr_role(state, role, what):
    return compute(ROLES[role], state, what)


class FilterModule(object):
    def filters(self):
        return {'hr_role': hr_role}
