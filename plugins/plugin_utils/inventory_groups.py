# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""compose, groups and keyed_groups without per-host Jinja when an expression is a plain variable.

ansible-core's Constructable templates every entry for every host. When a keyed_groups ``key``, a
``groups`` condition or a ``compose`` expression is only a variable name or a dotted path into
dicts (``glpi_location``, ``facts.site``), its value is read from the host's variables and the
group name is made once per distinct value, following the rules of
``Constructable._add_host_to_keyed_groups`` (prefix, separator, default_value, trailing_separator,
leading_separator, parent_group, the ``_sanitize_group_name`` of the plugin). Anything else (a
filter, an operator, a missing variable, a value of another type, a template in parent_group,
use_extra_vars) goes to ansible-core's own code for that entry and host, errors included.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from collections.abc import Mapping

_PLAIN_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$')
# words Jinja reads as literals, operators or tests, and ansible-core's per-host magic variables
_NOT_VARIABLES = frozenset(('true', 'false', 'none', 'True', 'False', 'None', 'and', 'or', 'not', 'in', 'is', 'if', 'else',
                            'inventory_hostname', 'inventory_hostname_short', 'group_names', 'omit', 'undef'))
_CONDITION_RE = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(==|!=)\s*(\'[^\'"\\{}]*\'|"[^\'"\\{}]*")\s*$')
_MISSING = object()
_EMPTY = (None, '')


def plain_path(expression):
    """The variable path of a plain ``name`` or ``name.key.key`` expression, None for anything else."""
    if not isinstance(expression, str) or not _PLAIN_RE.match(expression):
        return None
    parts = tuple(expression.split('.'))
    if parts[0] in _NOT_VARIABLES:
        return None
    return parts


def plain_condition(condition):
    """(path, operator, text) of ``var``, ``var == 'text'`` or ``var != 'text'`` (a quoted literal
    without backslash or quote inside), None for anything else."""
    if not isinstance(condition, str):
        return None
    match = _CONDITION_RE.match(condition)
    if not match:
        path = plain_path(condition)
        return (path, None, None) if path else None
    path = plain_path(match.group(1))
    return (path, match.group(2), match.group(3)[1:-1]) if path else None


def lookup(variables, path):
    """The value at ``path`` in ``variables``, or _MISSING when Jinja could read it differently
    (a missing key, an attribute of the container, a non-dict step)."""
    value = variables.get(path[0], _MISSING)
    for part in path[1:]:
        if not isinstance(value, Mapping) or hasattr(value, part) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _static_text(value):
    """True when ansible-core's templar would give ``value`` back unchanged (no template markers)."""
    return isinstance(value, str) and '{' not in value


class _Keyed:
    """One keyed_groups entry on the fast path: group names made once per distinct name."""

    def __init__(self, plugin, entry, path):
        self.plugin = plugin
        self.entry = entry
        self.path = path
        self.default = entry.get('default_value', None)
        self.trailing = entry.get('trailing_separator')
        self.prefix = entry.get('prefix', '')
        self.sep = entry.get('separator', '_')
        self.parent = entry.get('parent_group', None)
        self.join_sep = '' if self.prefix == '' and plugin.get_option('leading_separator') is False else self.sep
        self.groups = {}  # raw name -> group added

    def raw_names(self, key):
        """The raw group names for ``key``, None when ansible-core must decide (errors, other types)."""
        use_default = key in _EMPTY and self.default is not None
        if not (key or use_default):
            return [] if key in ([], {}) or not self.plugin.get_option('strict') else None
        if use_default:
            return [self.default]
        if isinstance(key, str):
            return [key]
        if isinstance(key, list):
            return [self.default if name in _EMPTY and self.default is not None else name for name in key]
        if isinstance(key, Mapping):
            names = []
            for gname, gval in key.items():
                bare = '%s%s%s' % (gname, self.sep, gval)
                if gval in _EMPTY:
                    if self.default is not None:
                        bare = '%s%s%s' % (gname, self.sep, self.default)
                    elif self.trailing is False:
                        bare = gname
                names.append(bare)
            return names
        return None

    def add(self, host, key):
        names = self.raw_names(key)
        if names is None:
            return False
        inventory = self.plugin.inventory
        for bare in names:
            raw = '%s%s%s' % (self.prefix, self.join_sep, bare)
            group = self.groups.get(raw)
            if group is not None:
                inventory.add_host(host, group)
                continue
            group = self.groups[raw] = inventory.add_group(self.plugin._sanitize_group_name(raw))
            inventory.add_host(host, group)
            if self.parent:  # linked once, after its first host joined, in ansible-core's order
                parent = inventory.add_group(self.plugin._sanitize_group_name(self.parent))
                inventory.add_child(parent, group)
        return True


class FastConstructed:
    """compose, groups and keyed_groups of one plugin run, plain variables without templating."""

    def __init__(self, plugin, compose, groups, keyed_groups, strict):
        self.plugin = plugin
        self.strict = strict
        try:
            extra = plugin.get_option('use_extra_vars')
        except KeyError:
            extra = False
        fast = not extra
        self.compose = [(name, plain_path(expr) if fast else None, expr)
                        for name, expr in (compose.items() if isinstance(compose, dict) else [])]
        self.groups = [(name, plain_condition(cond) if fast else None, cond)
                       for name, cond in (groups.items() if isinstance(groups, dict) else [])]
        self.group_names = {}
        self.keyed = []
        for entry in keyed_groups if isinstance(keyed_groups, list) else []:
            path = plain_path(entry.get('key')) if fast and isinstance(entry, dict) else None
            if path and not (entry.get('trailing_separator') is not None and entry.get('default_value', None) is not None) \
                    and (entry.get('parent_group', None) is None or _static_text(entry.get('parent_group'))):
                self.keyed.append(_Keyed(plugin, entry, path))
            else:
                self.keyed.append(entry)

    @property
    def active(self):
        return bool(self.compose or self.groups or self.keyed)

    def apply(self, host, hostvars):
        """compose, then groups, then keyed_groups for ``host``, as ansible-core orders them."""
        plugin = self.plugin
        strict = self.strict
        for name, path, expr in self.compose:
            value = lookup(hostvars, path) if path else _MISSING
            if isinstance(value, (str, int, float)):  # bool is an int; containers and None: ansible-core
                plugin.inventory.set_variable(host, name, value)
            else:
                plugin._set_composite_vars({name: expr}, hostvars, host, strict=strict)
        host_vars = plugin.inventory.hosts[host].vars if (self.groups or self.keyed) else None
        for name, plain, cond in self.groups:
            value = lookup(host_vars, plain[0]) if plain else _MISSING
            if value is not _MISSING and plain[1]:
                value = (value == plain[2]) if plain[1] == '==' else (value != plain[2])
            if isinstance(value, bool):
                group = self.group_names.get(name)
                if group is None:  # sanitised (and warned about) even when no host joins, as ansible-core does
                    group = self.group_names[name] = plugin._sanitize_group_name(name)
                if value:
                    plugin.inventory.add_child(plugin.inventory.add_group(group), host)
            else:
                plugin._add_host_to_composed_groups({name: cond}, hostvars, host, strict=strict)
        for keyed in self.keyed:
            if isinstance(keyed, _Keyed):
                value = lookup(host_vars, keyed.path)
                if value is not _MISSING and keyed.add(host, value):
                    continue
                keyed = keyed.entry
            plugin._add_host_to_keyed_groups([keyed], hostvars, host, strict=strict)
