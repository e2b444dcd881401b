# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client's connection for the inventory and lookup plugins (controller only).

::

    client = GlpiClient(options_from_plugin(self.get_option), log=DisplayLog(display))

The options are those of ``module_utils/options.py`` (documented for plugins by the
``glpi.glpi.connection.PLUGINS`` fragment, whose ``env:`` entries ``get_option`` resolves), so
modules and plugins read the same ``GLPI_*`` environment variables.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.options import glpi_argument_spec


def options_from_plugin(get_option):
    """Build the client options from a plugin's ``get_option`` (inventory, lookup).

    Options the plugin does not declare are left to their defaults.
    """
    options = {}
    for name, spec in glpi_argument_spec().items():
        try:
            value = get_option(name)
        except KeyError:
            value = None
        if value is None:
            value = spec.get('default')
        options[name] = value
    if options.get('timeout') is not None:
        options['timeout'] = int(options['timeout'])
    if options.get('retries') is not None:
        options['retries'] = int(options['retries'])
    return options


class DisplayLog:
    """Client log for plugins: debug at -vvv, warnings as Ansible warnings."""

    def __init__(self, display, prefix='glpi.glpi: '):
        self.display = display
        self.prefix = prefix

    def debug(self, msg):
        self.display.vvv(self.prefix + msg)

    def warn(self, msg):
        self.display.warning(self.prefix + msg)
