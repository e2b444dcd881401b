# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make ``ansible_collections.glpi.glpi`` importable from plain pytest at the repo root.

ansible-test copies the collection under ``.../ansible_collections/glpi/glpi``; plain pytest
does not. This conftest makes ``<tmp>/ansible_collections/glpi/glpi`` a symlink to the repo
(outside the repo, so pytest never walks into a loop and nothing needs git-ignoring), puts
``<tmp>`` first on ``sys.path`` and installs ansible-core's collection finder on it, so that
``from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient`` works in
tests exactly as it does in modules. Under ansible-test (already inside an
``ansible_collections`` tree) it does nothing.
"""

from __future__ import absolute_import, division, print_function

import hashlib
import os
import sys
import tempfile

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')


def _inside_collection_tree():
    parts = REPO_ROOT.split(os.sep)
    return len(parts) >= 3 and parts[-3] == 'ansible_collections'


def _collections_root():
    if _inside_collection_tree():
        return os.sep.join(REPO_ROOT.split(os.sep)[:-3])
    tag = hashlib.sha256(REPO_ROOT.encode('utf-8')).hexdigest()[:12]
    base = os.path.join(tempfile.gettempdir(), 'glpi-glpi-pytest-%s-%s' % (os.getuid() if hasattr(os, 'getuid') else 0, tag))
    namespace_dir = os.path.join(base, 'ansible_collections', 'glpi')
    link = os.path.join(namespace_dir, 'glpi')
    if not os.path.isdir(namespace_dir):
        os.makedirs(namespace_dir, exist_ok=True)
    if os.path.islink(link) and os.readlink(link) != REPO_ROOT:
        os.unlink(link)
    if not os.path.exists(link):
        try:
            os.symlink(REPO_ROOT, link)
        except FileExistsError:  # another pytest process won the race
            pass
    return base


def _install():
    root = _collections_root()
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
    except ImportError:  # ansible-core absent: plain namespace packages still work for module_utils
        return
    # pylint: disable=protected-access
    finder = _AnsibleCollectionFinder(paths=[root], scan_sys_paths=False)
    finder._install()


_install()
