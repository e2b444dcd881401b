# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private cache of GLPI session tokens shared by the tasks of a play.

Every Ansible module runs in its own process; without a cache each task pays an initSession
(about 34 ms with a user_token, about 92 ms with a password on the reference server) and leaves
a session behind. The cache keeps one session per (url, account, entity, profile) in
``~/.ansible/tmp/glpi_sessions/`` (directory 0700, files 0600). The file name is a sha256 of
that tuple: it never holds a token or a password, and nothing here logs a token.

A file holds ``{"session_token", "created", "last_used", "active_entity"}``. Entries unused
for longer than ``max_idle`` seconds are treated as expired (PHP's default session lifetime is
1440 s). When GLPI answers ERROR_SESSION_TOKEN_INVALID the client logs in again and replaces the
entry. Writes are atomic (temporary file + rename) so parallel forks never read half a file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import time

from ansible_collections.glpi.glpi.plugins.module_utils.private_files import read_private_json, write_private_json

DEFAULT_DIR = os.path.join('~', '.ansible', 'tmp', 'glpi_sessions')
DEFAULT_MAX_IDLE = 1200
_FORMAT = 'glpi-session-cache-v1'


def cache_key(url, identity, entity=None, entity_recursive=None, profile=None):
    """sha256 hex of the tuple; identity already hashes any secret it contains."""
    parts = [_FORMAT, url or '', identity or '', '' if entity is None else str(entity),
             '' if entity_recursive is None else str(bool(entity_recursive)), '' if profile is None else str(profile)]
    return hashlib.sha256('\0'.join(parts).encode('utf-8')).hexdigest()


class SessionCache:
    """File-per-key store of session tokens. Every method swallows OS errors: the cache is an optimisation."""

    def __init__(self, directory=None, max_idle=DEFAULT_MAX_IDLE, debug=None, now=time.time):
        self.directory = os.path.expanduser(directory or DEFAULT_DIR)
        self.max_idle = max_idle
        self._debug = debug or (lambda msg: None)
        self._now = now

    def _path(self, key):
        return os.path.join(self.directory, key + '.json')

    def load(self, key):
        """The stored entry (dict) or None when absent, unreadable, or idle too long."""
        entry = read_private_json(self._path(key), debug=lambda msg: self._debug('GLPI session cache: ' + msg))
        if not isinstance(entry, dict) or not isinstance(entry.get('session_token'), str):
            return None
        if self._now() - float(entry.get('last_used') or 0) > self.max_idle:
            self._debug('GLPI session cache: cached session unused for more than %ss, not reused' % self.max_idle)
            self.drop(key)
            return None
        return entry

    def store(self, key, session_token, active_entity=None, created=None):
        """Write (or replace) the entry atomically with mode 0600."""
        now = self._now()
        entry = {'session_token': session_token, 'created': created or now, 'last_used': now,
                 'active_entity': active_entity}
        try:
            write_private_json(self._path(key), entry)
        except (OSError, IOError) as exc:
            self._debug('GLPI session cache: cannot write in %s (%s); continuing without cache' % (self.directory, exc.strerror))
            return None
        return entry

    def touch(self, key, entry):
        """Refresh last_used (so that a busy session is not considered idle)."""
        return self.store(key, entry['session_token'], active_entity=entry.get('active_entity'), created=entry.get('created'))

    def drop(self, key):
        try:
            os.unlink(self._path(key))
        except OSError:
            pass
