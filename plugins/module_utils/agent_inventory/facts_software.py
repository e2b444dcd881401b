# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``softwares`` section of the native inventory document, from ``ansible_facts.packages``.

``package_facts`` gives ``{name: [{name, version, release?, epoch?, arch, source, origin?, category?}]}``
(one element per installed version); other sources (Windows has no ``package_facts``: a registry
read, ``win_product_facts``, a custom fact) may give a list of ``{name, version, publisher...}``:
both shapes are accepted. GLPI makes each entry a Software + SoftwareVersion (name = version, arch)
linked to the computer, the publisher its manufacturer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_common import put, text
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_common import dmi_date

# package_facts' managers to the ``from`` GLPI agents write.
_SOURCES = {'apt': 'deb', 'rpm': 'rpm', 'pkg': 'pkg', 'pkgng': 'pkg', 'apk': 'apk', 'pacman': 'pacman',
            'portage': 'portage', 'pip': 'pip', 'snap': 'snap', 'flatpak': 'flatpak'}


def softwares(facts):
    """The ``softwares`` section, sorted by name, version and arch (a stable document); None when the
    facts have no packages at all (the section is then left out: GLPI keeps what it has)."""
    packages = facts.get('packages')
    if isinstance(packages, dict):
        items = []
        for name in packages:
            versions = packages[name]
            for item in versions if isinstance(versions, list) else [versions]:
                if isinstance(item, dict):
                    items.append(dict(item, name=item.get('name') or name))
    elif isinstance(packages, list):
        items = [item for item in packages if isinstance(item, dict)]
    else:
        return None
    entries = [entry for entry in (_software(item) for item in items) if entry]
    unique = dict(((entry['name'], entry.get('version', ''), entry.get('arch', '')), entry) for entry in entries)
    return [unique[key] for key in sorted(unique)]


def _software(item):
    name = text(item.get('name')) or text(item.get('display_name'))
    if name is None:
        return None
    entry = {'name': name}
    put(entry, 'version', _version(item))
    put(entry, 'arch', text(item.get('arch')) or text(item.get('architecture')))
    put(entry, 'publisher', text(item.get('publisher')) or text(item.get('vendor')) or text(item.get('origin')))
    source = text(item.get('source'))
    put(entry, 'from', _SOURCES.get(source, source) if source else None)
    put(entry, 'system_category', text(item.get('category')))
    put(entry, 'install_date', dmi_date(item.get('install_date')))
    put(entry, 'guid', text(item.get('guid')) or text(item.get('product_code')))
    return entry


def _version(item):
    """Debian: the version (it holds the revision); RPM: version-release, as GLPI agents report them."""
    version = text(item.get('version')) or text(item.get('display_version'))
    release = text(item.get('release'))
    if version and release:
        return '%s-%s' % (version, release)
    return version
