# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Take turns with the other tasks of this host that write the same itemtype to the same GLPI.

Ansible's forks run a task in parallel processes. When several of them ensure the same objects,
each reads GLPI, finds nothing and creates: GLPI has no unique name, so the object exists twice;
and an ``expected_sha1`` checked by two writers before either writes lets both through. An
advisory lock (``fcntl.flock``) per (GLPI url, itemtype) around the read, the decision and the
write makes them take turns: the second reads what the first wrote.

The lock files live in ``~/.ansible/tmp/glpi_locks/`` (directory 0700, files 0600, named by a
SHA-256 of the url and itemtype). The operating system releases a lock when its process ends,
crashed or not. A process that holds a key takes it again without waiting (a dropdown created
while the item that names it is written). Where no lock can be taken (no ``fcntl``, a read-only
home), tasks go on without one, as they did before.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import time

try:
    import fcntl
except ImportError:  # not a POSIX host
    fcntl = None

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.glpi.plugins.module_utils.private_files import ensure_private_dir

DEFAULT_DIR = os.path.join('~', '.ansible', 'tmp', 'glpi_locks')
DEFAULT_WAIT = 600   # seconds: a holder's requests are bounded by timeout and retries
POLL = 0.02

_HELD = {}  # key -> [file descriptor, depth] of the locks this process holds


class WriteLock:
    """``with WriteLock(url, itemtype):`` the read-decide-write of one task."""

    def __init__(self, url, itemtype, directory=None, wait=DEFAULT_WAIT, debug=None, sleep=time.sleep, now=time.monotonic):
        self.key = hashlib.sha256(('%s\0%s' % (url, itemtype)).encode('utf-8')).hexdigest()
        self.directory = os.path.expanduser(directory or DEFAULT_DIR)
        self.itemtype = itemtype
        self.wait = wait
        self._debug = debug or (lambda msg: None)
        self._sleep = sleep
        self._now = now

    def __enter__(self):
        held = _HELD.get(self.key)
        if held is not None:
            held[1] += 1
            return self
        fd = self._open()
        if fd is not None:
            self._acquire(fd)
            _HELD[self.key] = [fd, 1]
        return self

    def __exit__(self, *exc):
        held = _HELD.get(self.key)
        if held is None:
            return False
        held[1] -= 1
        if held[1] == 0:
            del _HELD[self.key]
            os.close(held[0])  # closing the file releases the lock
        return False

    def _open(self):
        if fcntl is None:
            return None
        try:
            ensure_private_dir(self.directory)
            return os.open(os.path.join(self.directory, self.key + '.lock'), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            self._debug('GLPI write lock: cannot use %s (%s); going on without it' % (self.directory, exc.strerror))
            return None

    def _acquire(self, fd):
        deadline = self._now() + self.wait
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if waited:
                    self._debug('GLPI write lock: took the %s lock after waiting for another task' % self.itemtype)
                return
            except (IOError, OSError):
                if self._now() >= deadline:
                    os.close(fd)
                    raise GlpiError('another task on this host has been writing %s objects to this GLPI for more than %d s; '
                                    'nothing was written' % (self.itemtype, self.wait),
                                    hint='a fork or a parallel playbook is still running; run the task again once it ended')
                waited = True
                self._sleep(POLL)
