# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small JSON files private to the current user (directory 0700, files 0600), written
atomically: what the session cache and the search options cache keep between tasks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat
import tempfile


def ensure_private_dir(directory):
    # exist_ok: parallel forks create the directory at the same moment; the losers of that race
    # must not fail (they would go on without the session cache or the write lock).
    if not os.path.isdir(directory):
        os.makedirs(directory, mode=0o700, exist_ok=True)
    if stat.S_IMODE(os.stat(directory).st_mode) & 0o077:
        os.chmod(directory, 0o700)


def open_lock_file(path):
    """A descriptor on ``path`` (0600, in a private directory) to ``flock``; OSError when it cannot be opened."""
    ensure_private_dir(os.path.dirname(path))
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


def read_private_json(path, debug=None):
    """The decoded file, or None when it is absent, unreadable, not JSON, or readable by
    others or owned by someone else (then it is not trusted)."""
    try:
        st = os.stat(path)
        if stat.S_IMODE(st.st_mode) & 0o077 or (hasattr(os, 'getuid') and st.st_uid != os.getuid()):
            if debug:
                debug('ignoring %s: not private to this user' % path)
            return None
        with open(path, 'r') as handle:
            return json.load(handle)
    except (OSError, IOError, ValueError):
        return None


def write_private_json(path, data):
    """Write ``data`` to ``path`` (temporary file + rename, mode 0600, directory 0700) so that parallel
    readers never see half a file. No fsync: a cache lost in a crash is only read again.
    Raises OSError/IOError on failure."""
    ensure_private_dir(os.path.dirname(path))

    def fill(handle):
        handle.write(json.dumps(data).encode('utf-8'))
        return True
    write_atomically(path, fill, mode=0o600, sync=False)


def write_atomically(path, fill, mode=None, sync=True):
    """Replace ``path`` with what ``fill(handle)`` writes to a binary temporary file in the same
    directory, once it is complete: renamed over ``path``, and with ``sync`` fsync'ed first (the
    directory after). ``fill`` returns False to keep ``path`` as it was. ``mode``: the file's
    permissions (None: those of ``path`` when it exists, else 0666 less the umask, as for a new file).
    Returns whether ``path`` was replaced; on an exception the temporary file is removed and ``path``
    untouched."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(path), suffix='.tmp')
    try:
        if mode is None and os.path.exists(path):
            mode = os.stat(path).st_mode & 0o7777
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, 'wb') as handle:
            keep = fill(handle)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        if not keep:
            os.unlink(tmp)
            return False
        os.rename(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    if sync:
        _fsync_directory(directory)
    return True


def _fsync_directory(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
