# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/connection.py: the client options and log of the inventory and lookup plugins."""
from __future__ import absolute_import, division, print_function

from ansible_collections.glpi.glpi.plugins.plugin_utils import connection as opts


def test_options_from_plugin_defaults_and_types():
    values = {'url': 'https://g', 'user_token': 't', 'timeout': '7'}

    def get_option(name):
        if name == 'profile':
            raise KeyError(name)  # a plugin that does not declare it
        return values.get(name)

    options = opts.options_from_plugin(get_option)
    assert options['url'] == 'https://g' and options['timeout'] == 7
    assert options['validate_certs'] is True and options['session_cache'] is True and options['retries'] == 3
    assert options['profile'] is None


def test_display_log():
    class Display:
        def __init__(self):
            self.lines = []

        def vvv(self, msg):
            self.lines.append(('vvv', msg))

        def warning(self, msg):
            self.lines.append(('warning', msg))

    display = Display()
    dlog = opts.DisplayLog(display)
    dlog.debug('d')
    dlog.warn('w')
    assert display.lines == [('vvv', 'glpi.glpi: d'), ('warning', 'glpi.glpi: w')]
