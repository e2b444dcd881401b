# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of a native inventory document against GLPI's schema (glpi-project/inventory_format
1.1.32, MIT: see inventory.schema.LICENSE), before it is sent: GLPI answers a violation with a 400
"JSON does not validate"; here the error names the path in the document and the fact behind it.

The schema travels as Python (schema_data.py): module_utils reach a managed node inside the
AnsiballZ zip, which carries no data file. ``jsonschema`` is optional at import time (the
collection's other modules do not need it) and required to validate.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import traceback

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.schema_data import SCHEMA_JSON
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiDependencyError, GlpiInputError

try:
    import jsonschema
except ImportError:
    HAS_JSONSCHEMA = False
    JSONSCHEMA_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_JSONSCHEMA = True
    JSONSCHEMA_IMPORT_ERROR = None

# How many violations a failure lists after the first (the rest are counted).
SHOWN_VIOLATIONS = 3
_VALIDATOR = []


def schema():
    """GLPI's inventory schema as a dict (a fresh copy)."""
    return json.loads(SCHEMA_JSON)


def _validator():
    if not HAS_JSONSCHEMA:
        raise GlpiDependencyError(
            'the Python library "jsonschema" is required to validate the inventory document',
            hint='install the "jsonschema" Python library (pip install jsonschema) on the host that runs the task, '
                 'usually the controller (localhost)')
    if not _VALIDATOR:
        loaded = schema()
        validator_class = jsonschema.validators.validator_for(loaded)
        _VALIDATOR.append(validator_class(loaded, format_checker=validator_class.FORMAT_CHECKER))
    return _VALIDATOR[0]


def json_path(parts):
    """``content.networks[2].description`` from jsonschema's path parts."""
    text = ''
    for part in parts:
        if isinstance(part, int):
            text += '[%d]' % part
        else:
            text += ('.' if text else '') + str(part)
    return text or '(document)'


def _violation(error):
    """(path, what is wrong) of one jsonschema error; a missing required property is named in the path."""
    parts = list(error.absolute_path)
    if error.validator == 'required' and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        if missing:
            return json_path(parts + [missing[0]]), 'required property missing'
    if error.validator == 'additionalProperties' and isinstance(error.instance, dict):
        allowed = set((error.schema or {}).get('properties') or {})
        extra = sorted(name for name in error.instance if name not in allowed)
        if extra:
            return json_path(parts + [extra[0]]), 'property not allowed by the schema'
    return json_path(parts), error.message


def violations(document):
    """All the schema violations of ``document`` as (path, message), in document order."""
    errors = sorted(_validator().iter_errors(document), key=lambda error: [str(part) for part in error.absolute_path])
    return [_violation(error) for error in errors]


def validate_document(document):
    """None when ``document`` satisfies GLPI's schema; else GlpiInputError naming the path of the first
    violation (``content.networks[2].description: required property missing``) and the others."""
    found = violations(document)
    if not found:
        return None
    path, message = found[0]
    text = 'the inventory document does not satisfy GLPI\'s schema: %s: %s' % (path, message)
    others = found[1:1 + SHOWN_VIOLATIONS]
    if others:
        text += '; also %s' % '; '.join('%s: %s' % item for item in others)
    if len(found) > 1 + SHOWN_VIOLATIONS:
        text += ' (and %d more)' % (len(found) - 1 - SHOWN_VIOLATIONS)
    error = GlpiInputError(text, value=path)
    error.violations = found
    raise error
