# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The people of the HR roles from an HR system's export (CSV or JSON), validated against a JSON
Schema, and sorted by their start and end dates: who is onboarded or offboarded today, who is left
for a later run and why.

Controller-only: the roles reach it through the glpi.glpi.hr_records filter, which reads the file
on the controller. Nothing here writes; every problem is returned (never raised) so that the role
fails listing all of them before its first write. A problem names the file, the line (CSV: the
physical line, the header being line 1) or the index (JSON), the field and the value."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import codecs
import copy
import csv
import datetime
import io
import json
import os
import re

try:
    import jsonschema
except ImportError:
    jsonschema = None

# The schema that ships with the roles (one file for both roles: the same export feeds both).
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           'roles', 'hr_onboarding', 'files', 'hr_person.schema.json')
TRUE_TEXTS = ('true', 'yes', 'y', '1', 'on')
FALSE_TEXTS = ('false', 'no', 'n', '0', 'off')
DATE_RE = re.compile(r'^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
# How many problems a failure lists (the rest are counted).
SHOWN_PROBLEMS = 20


class Where:
    """Where a record comes from: ``people.csv line 4``, ``people.json [3]``, ``hr_onboarding_users[3]``."""

    def __init__(self, source, line=None, index=None):
        self.source, self.line, self.index = source, line, index

    def __str__(self):
        if self.line is not None:
            return '%s line %d' % (self.source, self.line)
        return '%s[%d]' % (self.source, self.index)


# -- the schema -----------------------------------------------------------------------------------
def load_schema(path=None, extra=None):
    """The schema of a person: the user's file (``path``) or the one shipped with the roles, with
    ``extra`` merged in (its properties added or replacing those of the same name, its required
    fields added, any other key replacing the schema's)."""
    with open(path or SCHEMA_PATH, encoding='utf-8-sig') as handle:
        schema = json.load(handle)
    for key, value in (extra or {}).items():
        if key == 'properties':
            schema.setdefault('properties', {}).update(copy.deepcopy(value))
        elif key == 'required':
            schema['required'] = list(schema.get('required') or []) + [name for name in value if name not in (schema.get('required') or [])]
        else:
            schema[key] = copy.deepcopy(value)
    return schema


def validator(schema):
    """A jsonschema validator of ``schema`` that checks formats (``email``, ``date``): jsonschema
    checks them only when given a FormatChecker."""
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def field_path(parts):
    text = ''
    for part in parts:
        text += '[%d]' % part if isinstance(part, int) else ('.' if text else '') + str(part)
    return text


def _reason(error):
    """(field path, value, what is wrong) of one jsonschema error, in words a HR person reads."""
    parts = list(error.absolute_path)
    if error.validator == 'required' and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return field_path(parts + missing[:1]), None, 'required field missing'
    value = error.instance
    if error.validator in ('format', 'pattern') and (error.validator_value == 'date' or 'date' in str(parts[-1:])):
        return field_path(parts), value, 'not a date (YYYY-MM-DD)'
    if error.validator == 'format' and error.validator_value == 'email':
        return field_path(parts), value, 'not an email address'
    if error.validator == 'type':
        return field_path(parts), value, 'expected %s' % ' or '.join(error.validator_value if isinstance(error.validator_value, list)
                                                                     else [error.validator_value])
    if error.validator == 'oneOf' and isinstance(value, dict):
        return field_path(parts), value, 'expected a name or a serial (CSV: Itemtype:name or Itemtype:serial:SERIAL)'
    message = error.message
    return field_path(parts), value, message[len(repr(value)) + 1:] if message.startswith(repr(value) + ' ') else message


def label(record, where):
    """``people.csv line 4 (login jdoe)``: where a record is, and whose it is when it has a login."""
    return '%s (login %s)' % (where, record['login']) if isinstance(record.get('login'), str) else str(where)


def schema_problems(check, record, where):
    """The problems of one record, each once per field (a date fails its pattern and its format)."""
    out, seen, text = [], set(), label(record, where)
    for error in sorted(check.iter_errors(record), key=lambda one: [str(part) for part in one.absolute_path]):
        path, value, reason = _reason(error)
        if path in seen:
            continue
        seen.add(path)
        out.append('%s: %s: %s%s' % (text, path or '(record)', '' if value is None else '%r: ' % (value,), reason))
    return out


# -- CSV --------------------------------------------------------------------------------------------
def parse_asset(text):
    """``Computer:pc-1`` (by name) or ``Monitor:serial:SN-1`` (by serial) -> the asset's dict."""
    itemtype, sep, rest = text.partition(':')
    if not sep or not rest.strip():
        return {'itemtype': itemtype.strip()}
    if rest.startswith('serial:'):
        return {'itemtype': itemtype.strip(), 'serial': rest[len('serial:'):].strip()}
    return {'itemtype': itemtype.strip(), 'name': rest.strip()}


def csv_value(field, text, prop, separator):
    """The typed value of one CSV cell (already stripped, not empty), from the schema's property."""
    types = prop.get('type') or []
    types = types if isinstance(types, list) else [types]
    if 'array' in types:
        values = [value.strip() for value in text.split(separator) if value.strip()]
        return [parse_asset(value) for value in values] if field == 'assets' else values
    if types == ['boolean']:
        lowered = text.lower()
        return True if lowered in TRUE_TEXTS else (False if lowered in FALSE_TEXTS else text)
    if types == ['integer'] and re.match(r'^-?[0-9]+$', text):
        return int(text)
    return text


def column_targets(header, columns, properties, where):
    """[target field or None per column] from the header and the mapping (CSV column -> field):
    a mapped column goes to its field, a column named like a field to that field, others are ignored."""
    problems = ['%s: column %r of the mapping is not in the header (%s)' % (where, name, ', '.join(header))
                for name in columns if name not in header]
    seen, targets = {}, []
    for position, name in enumerate(header):
        target = columns.get(name, name if name in properties else None)
        if target is not None and target in seen:
            problems.append('%s: columns %r and %r both give the field %s' % (where, seen[target], name, target))
        if target is not None:
            seen[target] = name
        targets.append(target)
    return targets, problems


def csv_record(cells, targets, properties, separator):
    record = {}
    for target, cell in zip(targets, cells):
        text = cell.strip()
        if target is None or not text:
            continue
        if target.startswith('fields.'):
            record.setdefault('fields', {})[target[len('fields.'):]] = text
        else:
            record[target] = csv_value(target, text, properties.get(target) or {}, separator)
    return record


def csv_records(text, source, options, properties):
    """[(Where, record)] and problems of a CSV export: header row, then one person per row."""
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=options.get('delimiter') or ',')
    out, problems, previous = [], [], 0
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return [], ['%s: the file is empty (a header row is expected)' % source]
    targets, problems = column_targets(header, options.get('columns') or {}, properties, '%s line 1' % source)
    previous = reader.line_num
    for cells in reader:
        where = Where(source, line=previous + 1)
        previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append('%s: %d values for %d columns (is the delimiter %r right?)'
                            % (where, len(cells), len(header), options.get('delimiter') or ','))
            continue
        out.append((where, csv_record(cells, targets, properties, options.get('separator') or '|')))
    return out, problems


# -- JSON -------------------------------------------------------------------------------------------
def json_records(text, source, options, properties):
    """[(Where, record)] and problems of a JSON export: a list, or an object with the list under ``key``."""
    try:
        document = json.loads(text)
    except ValueError as error:
        return [], ['%s: not valid JSON: %s' % (source, error)]
    key = options.get('key')
    if isinstance(document, dict):
        if key is None or not isinstance(document.get(key), list):
            return [], ['%s: an object, with %s; give the key that holds the list of people (%s)'
                        % (source, ('no list under %r' % key) if key else 'no key given', ', '.join(sorted(document)) or 'no keys')]
        document, source = document[key], '%s %s' % (source, key)
    if not isinstance(document, list):
        return [], ['%s: expected a list of people or an object holding one, not %s' % (source, type(document).__name__)]
    columns, out, problems = options.get('columns') or {}, [], []
    for index, item in enumerate(document):
        where = Where(source, index=index)
        if not isinstance(item, dict):
            problems.append('%s: %r: expected an object (a person)' % (where, item))
            continue
        record = {}
        for name, value in item.items():
            target = columns.get(name, name if name in properties else None)
            if target is not None and target.startswith('fields.'):
                record.setdefault('fields', {})[target[len('fields.'):]] = value
            elif target is not None:
                record[target] = value
        out.append((where, record))
    return out, problems


def read_file(path, options, properties):
    """[(Where, record)] and problems of the export at ``path`` (UTF-8, with or without BOM)."""
    source = options.get('name') or path
    fmt = options.get('format') or 'auto'
    if fmt == 'auto':
        fmt = {'.csv': 'csv', '.json': 'json'}.get(os.path.splitext(path)[1].lower())
        if fmt is None:
            return [], ['%s: cannot tell CSV from JSON by the file name: set the format (csv or json)' % source]
    try:
        with open(path, 'rb') as handle:
            raw = handle.read()
    except (IOError, OSError) as error:
        return [], ['%s: cannot read the file: %s' % (source, error.strerror or error)]
    try:
        text = codecs.decode(raw, 'utf-8-sig')
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b'\n') + 1
        return [], ['%s line %d: not UTF-8 (byte 0x%02x); export the file as UTF-8' % (source, line, raw[error.start])]
    reader = csv_records if fmt == 'csv' else json_records
    return reader(text, source, options, properties)


# -- the dates --------------------------------------------------------------------------------------
def parse_date(value):
    """A datetime.date from ``YYYY-MM-DD`` (a date object as is); None when it is not one."""
    if isinstance(value, datetime.date):
        return value if not isinstance(value, datetime.datetime) else value.date()
    if not isinstance(value, str) or not DATE_RE.match(value.strip()):
        return None
    try:
        return datetime.date(*(int(part) for part in value.strip().split('-')))
    except ValueError:
        return None


def today_of(value):
    """The role's today: its variable (YYYY-MM-DD) when set, else the controller's date."""
    return datetime.date.today() if value in (None, '') else parse_date(value)


def date_problems(record, where):
    """Dates that are not dates, and an end before the start (the schema cannot compare them)."""
    problems, dates, where = [], {}, label(record, where)
    for field in ('start_date', 'end_date'):
        if record.get(field) not in (None, ''):
            dates[field] = parse_date(record[field])
            if dates[field] is None:
                problems.append('%s: %s: %r: not a date (YYYY-MM-DD)' % (where, field, record[field]))
    if dates.get('start_date') and dates.get('end_date') and dates['end_date'] < dates['start_date']:
        problems.append('%s: end_date: %r: before start_date %s' % (where, record['end_date'], record['start_date']))
    return problems


def skipped_entry(record, where, reason):
    entry = {'login': record.get('login'), 'reason': reason, 'source': str(where)}
    entry.update((field, str(record[field])) for field in ('start_date', 'end_date') if record.get(field))
    return entry


def onboarding_plan(records, today, future_starters):
    """{users, skipped, inactive}: people whose end date has come are not onboarded (offboarding
    handles them); a start date after today leaves the person for a later run, or creates them
    inactive (``future_starters``)."""
    users, skipped, inactive = [], [], []
    for where, record in records:
        start, end = parse_date(record.get('start_date')), parse_date(record.get('end_date'))
        if end is not None and end <= today:
            skipped.append(skipped_entry(record, where, 'left on %s (end_date on or before today, %s)' % (end, today)))
        elif start is not None and start > today and future_starters != 'inactive':
            skipped.append(skipped_entry(record, where, 'starts on %s (after today, %s): left for a later run' % (start, today)))
        else:
            person = dict(record)
            if start is not None and start > today:
                person['inactive_until'] = str(start)
                inactive.append(record['login'])
            users.append(person)
    return {'users': users, 'skipped': skipped, 'inactive': inactive}


def offboarding_plan(records, today, without_end_date):
    """{users (logins), skipped, ignored}: a person leaves on or after their end date; one with an
    end date after today is skipped; one without an end date is not a leaver (``ignored``), unless
    ``without_end_date`` is offboard."""
    users, skipped, ignored = [], [], 0
    for where, record in records:
        end = parse_date(record.get('end_date'))
        if end is None and without_end_date != 'offboard':
            ignored += 1
        elif end is not None and end > today:
            skipped.append(skipped_entry(record, where, 'leaves on %s (after today, %s): left for a later run' % (end, today)))
        else:
            users.append(record['login'])
    return {'users': users, 'skipped': skipped, 'ignored': ignored}


# -- the role's input -------------------------------------------------------------------------------
def file_records(spec):
    """[(Where, record)] and problems of the role's file, every record checked against the schema."""
    if jsonschema is None:
        return [], ['the Python library "jsonschema" is required to read %s_file: install it on the controller (pip install jsonschema)'
                    % spec['prefix']]
    try:
        schema = load_schema(spec.get('schema'), spec.get('schema_extra'))
        check = validator(schema)
    except (IOError, OSError, ValueError, jsonschema.exceptions.SchemaError) as error:
        return [], ['%s_schema: %s: %s' % (spec['prefix'], spec.get('schema') or SCHEMA_PATH, getattr(error, 'message', None) or error)]
    path = spec['file']
    if not os.path.isabs(path) and spec.get('base_dir'):
        path = os.path.join(spec['base_dir'], path)
    options = {'format': spec.get('file_format'), 'delimiter': spec.get('csv_delimiter'), 'columns': spec.get('file_columns'),
               'separator': spec.get('file_separator'), 'key': spec.get('file_key'), 'name': spec['file']}
    records, problems = read_file(path, options, schema.get('properties') or {})
    for where, record in records:
        problems.extend(schema_problems(check, record, where) or date_problems(record, where))
    return records, problems


def variable_records(spec):
    """[(Where, record)] and the date problems of the people given as a variable (the role's
    argument spec has checked the rest)."""
    name = '%s_users' % spec['prefix']
    records, problems = [], []
    for index, person in enumerate(spec.get('users') or []):
        where = Where(name, index=index)
        record = person if isinstance(person, dict) else {'login': person}
        records.append((where, record))
        problems.extend(date_problems(record, where))
    return records, problems


def prepare(spec):
    """What a role onboards or offboards today. ``spec``: role (onboarding or offboarding), users
    (the variable), file and its options, schema, schema_extra, today, future_starters or
    without_end_date, base_dir (for a relative file). Returns {source, today, users, skipped,
    problems} (onboarding: inactive; offboarding: ignored)."""
    role = spec['role']
    spec = dict(spec, prefix='hr_%s' % role)
    today = today_of(spec.get('today'))
    source = spec['file'] if spec.get('file') else '%s_users' % spec['prefix']
    out = {'source': source, 'today': str(today) if today else None, 'users': [], 'skipped': [], 'problems': []}
    if today is None:
        out['problems'] = ['%s_today: %r: not a date (YYYY-MM-DD)' % (spec['prefix'], spec.get('today'))]
        return out
    if spec.get('file') and spec.get('users'):
        out['problems'] = ['give %s_users or %s_file, not both' % (spec['prefix'], spec['prefix'])]
        return out
    records, problems = file_records(spec) if spec.get('file') else variable_records(spec)
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append('and %d more problems' % (len(problems) - SHOWN_PROBLEMS))
        out['problems'] = shown
        return out
    if role == 'onboarding':
        out.update(onboarding_plan(records, today, spec.get('future_starters') or 'skip'))
    else:
        # The logins of the variable are leavers; a file also lists the people who stay.
        without_end_date = (spec.get('without_end_date') or 'ignore') if spec.get('file') else 'offboard'
        out.update(offboarding_plan(records, today, without_end_date))
    return out


# -- the result -------------------------------------------------------------------------------------
def with_skipped(result, state):
    """The role's result with the people its dates left out (``skipped``, a summary line each,
    ``counts.skipped_by_date``; offboarding: ``counts.ignored``, the people of the file without end
    date) and the future starters created inactive said so."""
    records = state.get('records') or {}
    skipped = records.get('skipped') or []
    inactive = set(records.get('inactive') or [])
    for user, index in zip(result.get('users') or [], range(len(result.get('summary') or []))):
        if user.get('login') in inactive:
            user['inactive_until'] = next((person.get('inactive_until') for person in state.get('users') or []
                                           if isinstance(person, dict) and person.get('login') == user['login']), None)
            result['summary'][index] += ' (inactive until %s, the start date)' % user['inactive_until']
    result['skipped'] = skipped
    result['source'] = records.get('source')
    result['summary'] = list(result.get('summary') or []) + ['%s: skipped, %s' % (one['login'], one['reason']) for one in skipped]
    result.setdefault('counts', {})['skipped_by_date'] = len(skipped)
    if 'ignored' in records:   # offboarding from a file: the people without end date
        result['counts']['ignored'] = records['ignored']
    return result
