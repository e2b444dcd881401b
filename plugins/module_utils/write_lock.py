# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Take turns with the other tasks of this host that write the same objects to the same GLPI.

Ansible's forks run a task in parallel processes. When several of them ensure the same objects,
each reads GLPI, finds nothing and creates: GLPI has no unique name, so the object exists twice;
and an ``expected_sha1`` checked by two writers before either writes lets both through. An
advisory lock (``fcntl.flock``) around the read, the decision and the write makes them take
turns: the second reads what the first wrote.

Locks are striped: an object's match values (its name, serial, ...) pick one of ``STRIPES``
locks per (GLPI url, itemtype), so forks writing different objects rarely wait for each other
(a lock per itemtype made 20 forks on 20 computers read and write one after the other). A task
takes the stripes of all its objects in sorted order, so two bulk tasks cannot deadlock.

The lock files live in ``~/.ansible/tmp/glpi_locks/`` (directory 0700, files 0600, named by a
SHA-256 of the url, itemtype and stripe). The operating system releases a lock when its process ends,
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
from ansible_collections.glpi.glpi.plugins.module_utils.private_files import open_lock_file

DEFAULT_DIR = os.path.join('~', '.ansible', 'tmp', 'glpi_locks')
DEFAULT_WAIT = 600   # seconds: a holder's requests are bounded by timeout and retries
POLL = 0.02
STRIPES = 64

_HELD = {}  # key -> [file descriptor, depth] of the locks this process holds


class WriteLock:
    """``with WriteLock(url, itemtype, objects):`` the read-decide-write of one task.

    ``objects`` are strings that name the objects written (their match values); ``None``
    locks every object of the itemtype."""

    def __init__(self, url, itemtype, objects=None, directory=None, wait=DEFAULT_WAIT, debug=None, sleep=time.sleep,
                 now=time.monotonic):
        stripes = ['all'] if objects is None else sorted(set('%d' % stripe_of(name) for name in objects))
        self.keys = [hashlib.sha256(('%s\0%s\0%s' % (url, itemtype, stripe)).encode('utf-8')).hexdigest()
                     for stripe in stripes]
        self.keys.sort()
        self.directory = os.path.expanduser(directory or DEFAULT_DIR)
        self.itemtype = itemtype
        self.wait = wait
        self._debug = debug or (lambda msg: None)
        self._sleep = sleep
        self._now = now
        self._taken = []

    def __enter__(self):
        deadline = self._now() + self.wait
        for key in self.keys:
            held = _HELD.get(key)
            if held is not None:
                held[1] += 1
            else:
                fd = self._open(key)
                if fd is None:
                    continue
                self._acquire(fd, deadline)
                _HELD[key] = [fd, 1]
            self._taken.append(key)
        return self

    def __exit__(self, *exc):
        while self._taken:
            key = self._taken.pop()
            held = _HELD[key]
            held[1] -= 1
            if held[1] == 0:
                del _HELD[key]
                os.close(held[0])  # closing the file releases the lock
        return False

    def _open(self, key):
        if fcntl is None:
            return None
        try:
            return open_lock_file(os.path.join(self.directory, key + '.lock'))
        except OSError as exc:
            self._debug('GLPI write lock: cannot use %s (%s); going on without it' % (self.directory, exc.strerror))
            return None

    def _acquire(self, fd, deadline):
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if waited:
                    self._debug('GLPI write lock: took a %s lock after waiting for another task' % self.itemtype)
                return
            except (IOError, OSError):
                if self._now() >= deadline:
                    os.close(fd)
                    self.__exit__()
                    raise GlpiError('another task on this host has been writing these %s objects to this GLPI for more than %g s; '
                                    'nothing was written' % (self.itemtype, self.wait),
                                    hint='a fork or a parallel playbook is still running; run the task again once it ended')
                waited = True
                self._sleep(POLL)


def stripe_of(name):
    """The stripe of an object's match values: case and surrounding spaces do not matter, as in GLPI's search."""
    return int(hashlib.sha256(name.strip().lower().encode('utf-8')).hexdigest()[:8], 16) % STRIPES
