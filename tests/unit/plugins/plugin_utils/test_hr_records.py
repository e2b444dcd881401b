# -*- coding: utf-8 -*-
"""The HR roles' input from a file (plugins/plugin_utils/hr_records.py): CSV and JSON readers, the
JSON Schema validation and its messages, the start and end dates, and the hooks in the roles' results."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.glpi.glpi.plugins.filter.hr_records import hr_records
from ansible_collections.glpi.glpi.plugins.filter.hr_role import hr_role
from ansible_collections.glpi.glpi.plugins.plugin_utils import hr_records as records_module

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "hr_onboarding_file: a record that breaks the schema (email, date, missing login)",
     "outcome": "fails naming the file, the line, the field and the value; nothing written", "test": "test_errors_name_file_line_field_and_value"},
]

HEADER = 'login,firstname,realname,emails,groups,assets,recursive,start_date,end_date\n'


def write(tmp_path, name, text, encoding='utf-8'):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def onboard(path, **more):
    spec = dict(role='onboarding', file=path, today='2026-12-01')
    spec.update(more)
    return hr_records(spec)


def offboard(path, **more):
    spec = dict(role='offboarding', file=path, today='2026-12-01')
    spec.update(more)
    return hr_records(spec)


# -- CSV ----------------------------------------------------------------------------------------------
def test_csv_fields_are_typed_and_split(tmp_path):
    path = write(tmp_path, 'people.csv', HEADER + 'jdoe,John,Doe,j@example.com| jd@example.org ,Staff|R & D > Dev,'
                 'Computer:pc-1|Monitor:serial:SN-1|Phone:p:2,yes,2026-01-05,\n')
    result = onboard(path)
    assert result['problems'] == []
    assert result['users'] == [{'login': 'jdoe', 'firstname': 'John', 'realname': 'Doe', 'emails': ['j@example.com', 'jd@example.org'],
                                'groups': ['Staff', 'R & D > Dev'], 'recursive': True, 'start_date': '2026-01-05',
                                'assets': [{'itemtype': 'Computer', 'name': 'pc-1'}, {'itemtype': 'Monitor', 'serial': 'SN-1'},
                                           {'itemtype': 'Phone', 'name': 'p:2'}]}]


def test_bom_delimiter_mapping_and_separator(tmp_path):
    text = 'Employee;Given name;E-mail;Badge;Department\r\n"00123";Zoé;z@example.com,zo@example.com;B-7;Sales\r\n'
    path = write(tmp_path, 'export.csv', '\ufeff' + text)
    result = onboard(path, csv_delimiter=';', file_separator=',',
                     file_columns={'Employee': 'login', 'Given name': 'firstname', 'E-mail': 'emails', 'Badge': 'fields.registration_number'})
    assert result['problems'] == []
    # The BOM is not part of the first column's name; Department is no field: ignored.
    assert result['users'] == [{'login': '00123', 'firstname': 'Zoé', 'emails': ['z@example.com', 'zo@example.com'],
                                'fields': {'registration_number': 'B-7'}}]


def test_without_the_mapping_the_bom_file_has_no_login_column(tmp_path):
    path = write(tmp_path, 'export.csv', '\ufeffEmployee;Given name\n1;A\n')
    result = onboard(path, csv_delimiter=';')
    assert result['problems'] == ["%s line 2: login: required field missing" % path]


def test_physical_line_numbers_count_the_header_blank_lines_and_multiline_cells(tmp_path):
    text = HEADER + 'a,"two\nlines",,,,,,,\n\nb,,,not-an-email,,,,,\n'
    path = write(tmp_path, 'people.csv', text)
    result = onboard(path)
    assert result['problems'] == ["%s line 5 (login b): emails[0]: 'not-an-email': not an email address" % path]
    assert result['users'] == []


def test_errors_name_file_line_field_and_value(tmp_path):
    text = (HEADER + 'ok,,,ok@example.com,,,,2026-01-01,\n'
            ',Nobody,,,,,,,\n'
            'bad,,,x@example.com|nope,,,maybe,2026-02-30,2025-13-01\n'
            'late,,,,,,,2026-05-01,2026-04-30\n'
            'asset,,,,,Computer,,,\n')
    path = write(tmp_path, 'hr.csv', text)
    problems = onboard(path)['problems']
    assert problems == [
        '%s line 3: login: required field missing' % path,
        "%s line 4 (login bad): emails[1]: 'nope': not an email address" % path,
        "%s line 4 (login bad): end_date: '2025-13-01': not a date (YYYY-MM-DD)" % path,
        "%s line 4 (login bad): recursive: 'maybe': expected boolean" % path,
        "%s line 4 (login bad): start_date: '2026-02-30': not a date (YYYY-MM-DD)" % path,
        "%s line 5 (login late): end_date: '2026-04-30': before start_date 2026-05-01" % path,
        "%s line 6 (login asset): assets[0]: {'itemtype': 'Computer'}: expected a name or a serial (CSV: Itemtype:name or Itemtype:serial:SERIAL)" % path,
    ]


def test_too_many_cells_and_a_mapped_column_missing(tmp_path):
    path = write(tmp_path, 'people.csv', 'login,firstname\na,b,c\n')
    assert onboard(path)['problems'] == ["%s line 2: 3 values for 2 columns (is the delimiter ',' right?)" % path]
    assert onboard(path, file_columns={'Login': 'login'})['problems'][0].startswith("%s line 1: column 'Login' of the mapping is not in the header" % path)


def test_two_columns_for_one_field(tmp_path):
    path = write(tmp_path, 'people.csv', 'login,uid\na,b\n')
    assert onboard(path, file_columns={'uid': 'login'})['problems'] == ["%s line 1: columns 'login' and 'uid' both give the field login" % path]


def test_file_problems(tmp_path):
    assert 'cannot read the file' in onboard(str(tmp_path / 'missing.csv'))['problems'][0]
    assert 'cannot tell CSV from JSON' in onboard(write(tmp_path, 'people.txt', HEADER))['problems'][0]
    latin = write(tmp_path, 'latin.csv', HEADER + 'a,Zo\xe9\n', encoding='latin-1')
    assert onboard(latin)['problems'] == ['%s line 2: not UTF-8 (byte 0xe9); export the file as UTF-8' % latin]
    assert onboard(write(tmp_path, 'empty.csv', ''))['problems'] == ['%s: the file is empty (a header row is expected)' % (tmp_path / 'empty.csv')]


def test_a_relative_path_is_relative_to_the_playbook(tmp_path):
    write(tmp_path, 'people.csv', HEADER + 'a,,,,,,,,\n')
    result = onboard('people.csv', base_dir=str(tmp_path))
    assert result['source'] == 'people.csv' and [user['login'] for user in result['users']] == ['a']


# -- JSON ---------------------------------------------------------------------------------------------
def test_json_list_and_object_with_key(tmp_path):
    people = [{'login': 'a', 'emails': ['a@example.com'], 'groups': [{'group': 'Staff', 'is_manager': True}], 'Badge': 3}]
    listed = write(tmp_path, 'people.json', json.dumps(people))
    assert onboard(listed)['users'] == [{'login': 'a', 'emails': ['a@example.com'], 'groups': [{'group': 'Staff', 'is_manager': True}]}]
    keyed = write(tmp_path, 'export.json', '\ufeff' + json.dumps({'meta': {}, 'people': people}))
    result = onboard(keyed, file_key='people', file_columns={'Badge': 'fields.registration_number'})
    assert result['users'][0]['fields'] == {'registration_number': 3}


def test_json_shapes_refused(tmp_path):
    keyed = write(tmp_path, 'export.json', json.dumps({'people': [], 'meta': {}}))
    assert onboard(keyed)['problems'] == ['%s: an object, with no key given; give the key that holds the list of people (meta, people)' % keyed]
    assert 'no list under' in onboard(keyed, file_key='staff')['problems'][0]
    scalar = write(tmp_path, 'scalar.json', '3')
    assert onboard(scalar)['problems'] == ['%s: expected a list of people or an object holding one, not int' % scalar]
    broken = write(tmp_path, 'broken.json', '[{"login": "a",}]')
    assert onboard(broken)['problems'][0].startswith('%s: not valid JSON' % broken)


def test_json_errors_name_the_index(tmp_path):
    people = {'people': [{'login': 'a'}, 'b', {'login': 'c', 'emails': 'c@example.com'}, {'login': 'd', 'start_date': '05/01/2026'}]}
    path = write(tmp_path, 'export.json', json.dumps(people))
    assert onboard(path, file_key='people')['problems'] == [
        "%s people[1]: 'b': expected an object (a person)" % path,
        "%s people[2] (login c): emails: 'c@example.com': expected array" % path,
        "%s people[3] (login d): start_date: '05/01/2026': not a date (YYYY-MM-DD)" % path]


def test_json_format_forced(tmp_path):
    path = write(tmp_path, 'export.data', json.dumps([{'login': 'a'}]))
    assert onboard(path, file_format='json')['users'] == [{'login': 'a'}]


# -- the schema ---------------------------------------------------------------------------------------
def test_the_schema_can_be_extended(tmp_path):
    path = write(tmp_path, 'people.csv', 'login,department,emails\na,,\nb,Sales,b@example.com\n')
    extra = {'properties': {'department': {'type': 'string', 'enum': ['Sales', 'IT']}}, 'required': ['department']}
    result = onboard(path, schema_extra=extra)
    assert result['problems'] == ['%s line 2 (login a): department: required field missing' % path]
    path = write(tmp_path, 'people2.csv', 'login,department\nb,Sales\n')
    assert onboard(path, schema_extra=extra)['users'] == [{'login': 'b', 'department': 'Sales'}]


def test_a_schema_of_ones_own(tmp_path):
    schema = json.load(open(records_module.SCHEMA_PATH))
    schema['properties']['login']['pattern'] = '^[a-z.]+$'
    schema_path = write(tmp_path, 'mine.json', json.dumps(schema))
    path = write(tmp_path, 'people.csv', 'login\nJ.Doe\n')
    assert onboard(path, schema=schema_path)['problems'][0].startswith("%s line 2 (login J.Doe): login: 'J.Doe': does not match '^[a-z.]+$'" % path)
    broken = write(tmp_path, 'broken.json', json.dumps({'type': 'objekt'}))
    assert onboard(path, schema=broken)['problems'][0].startswith('hr_onboarding_schema: %s: ' % broken)


def test_the_schema_shipped_is_valid_and_checks_formats():
    check = records_module.validator(records_module.load_schema())
    assert not list(check.iter_errors({'login': 'a', 'emails': ['a@example.com'], 'start_date': '2026-01-01'}))
    # Without a FormatChecker, jsonschema would accept these.
    assert len(list(check.iter_errors({'login': 'a', 'emails': ['nope'], 'start_date': '2026-02-30'}))) == 2


def test_without_jsonschema_the_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(records_module, 'jsonschema', None)
    path = write(tmp_path, 'people.csv', HEADER)
    assert 'jsonschema' in onboard(path)['problems'][0]


def test_problems_are_capped(tmp_path):
    path = write(tmp_path, 'people.csv', 'login,emails\n' + ''.join('p%d,nope\n' % n for n in range(30)))
    problems = onboard(path)['problems']
    assert len(problems) == records_module.SHOWN_PROBLEMS + 1 and problems[-1] == 'and 10 more problems'


# -- the dates ----------------------------------------------------------------------------------------
DATED = (HEADER + 'now,,,,,,,2026-12-01,\n'
         'past,,,,,,,2020-01-01,\n'
         'future,,,,,,,2026-12-02,\n'
         'leaving,,,,,,,2020-01-01,2026-12-31\n'
         'left,,,,,,,2020-01-01,2026-12-01\n'
         'nodates,,,,,,,,\n')


def test_onboarding_skips_future_starters_and_leavers(tmp_path):
    path = write(tmp_path, 'people.csv', DATED)
    result = onboard(path)
    assert [user['login'] for user in result['users']] == ['now', 'past', 'leaving', 'nodates']
    assert result['skipped'] == [
        {'login': 'future', 'reason': 'starts on 2026-12-02 (after today, 2026-12-01): left for a later run',
         'source': '%s line 4' % path, 'start_date': '2026-12-02'},
        {'login': 'left', 'reason': 'left on 2026-12-01 (end_date on or before today, 2026-12-01)',
         'source': '%s line 6' % path, 'start_date': '2020-01-01', 'end_date': '2026-12-01'}]
    inactive = onboard(path, future_starters='inactive')
    assert [user['login'] for user in inactive['users']] == ['now', 'past', 'future', 'leaving', 'nodates']
    assert inactive['inactive'] == ['future'] and inactive['users'][2]['inactive_until'] == '2026-12-02'
    assert [one['login'] for one in onboard(path, today='2026-12-02')['skipped']] == ['left']


def test_offboarding_takes_the_leavers_whose_end_date_has_come(tmp_path):
    path = write(tmp_path, 'people.csv', DATED)
    result = offboard(path)
    assert result['users'] == ['left'] and result['ignored'] == 4
    assert result['skipped'] == [{'login': 'leaving', 'reason': 'leaves on 2026-12-31 (after today, 2026-12-01): left for a later run',
                                  'source': '%s line 5' % path, 'start_date': '2020-01-01', 'end_date': '2026-12-31'}]
    assert offboard(path, today='2026-12-31')['users'] == ['leaving', 'left']
    assert offboard(path, without_end_date='offboard')['users'] == ['now', 'past', 'future', 'left', 'nodates']


def test_today_is_the_controllers_date_unless_given(tmp_path):
    path = write(tmp_path, 'people.csv', HEADER + 'a,,,,,,,2000-01-01,2999-01-01\n')
    assert onboard(path, today=None)['today'] == str(records_module.datetime.date.today())
    assert onboard(path, today='01/12/2026')['problems'] == ["hr_onboarding_today: '01/12/2026': not a date (YYYY-MM-DD)"]


def test_the_variable_input(tmp_path):
    people = [{'login': 'a'}, {'login': 'b', 'start_date': '2027-01-01'}, {'login': 'c', 'start_date': '1/1/2026'}]
    result = hr_records(dict(role='onboarding', users=people[:2], today='2026-12-01'))
    assert result['source'] == 'hr_onboarding_users' and [user['login'] for user in result['users']] == ['a']
    bad = hr_records(dict(role='onboarding', users=people, today='2026-12-01'))
    assert bad['problems'] == ["hr_onboarding_users[2] (login c): start_date: '1/1/2026': not a date (YYYY-MM-DD)"]
    # The logins given to hr_offboarding leave now.
    assert hr_records(dict(role='offboarding', users=['a', 'b'], today='2026-12-01'))['users'] == ['a', 'b']
    path = write(tmp_path, 'people.csv', HEADER)
    assert hr_records(dict(role='offboarding', users=['a'], file=path))['problems'] == ['give hr_offboarding_users or hr_offboarding_file, not both']


# -- the hooks in the roles ---------------------------------------------------------------------------
ROLE_DEFAULTS = {'default_profile': 'Self-Service', 'default_entity': 0, 'default_recursive': False, 'activate': True,
                 'update_password': 'on_create', 'purge_groups': False, 'purge_profiles': False}


def test_a_future_starter_is_created_inactive_and_an_existing_one_left_alone(tmp_path):
    path = write(tmp_path, 'people.csv', HEADER + 'new,,,,,,,2027-01-01,\nold,,,,,,,2027-01-01,\nnow,,,,,,,,\n')
    records = onboard(path, future_starters='inactive')
    state = dict(ROLE_DEFAULTS, users=records['users'], records=records, user_list={'records': [{'id': 5, 'name': 'old'}]})
    elements = hr_role(state, 'onboarding', 'user_elements')
    assert [element.get('is_active') for element in elements] == [False, None, True]


def test_the_results_say_who_was_skipped_and_why(tmp_path):
    path = write(tmp_path, 'people.csv', DATED)
    records = onboard(path, future_starters='inactive', today='2026-11-30')
    state = dict(ROLE_DEFAULTS, users=records['users'], records=records)
    result = hr_role(state, 'onboarding', 'result')
    assert result['source'] == path and result['counts']['skipped_by_date'] == 0
    assert result['users'][2]['inactive_until'] == '2026-12-02'
    assert result['summary'][2] == 'future: not done (inactive until 2026-12-02, the start date)'
    records = onboard(path)
    result = hr_role(dict(ROLE_DEFAULTS, users=records['users'], records=records), 'onboarding', 'result')
    assert result['counts']['skipped_by_date'] == 2 and [one['login'] for one in result['skipped']] == ['future', 'left']
    assert result['summary'][-2:] == ['future: skipped, starts on 2026-12-02 (after today, 2026-12-01): left for a later run',
                                      'left: skipped, left on 2026-12-01 (end_date on or before today, 2026-12-01)']
    records = offboard(path)
    result = hr_role({'users': records['users'], 'records': records}, 'offboarding', 'result')
    assert result['counts']['skipped_by_date'] == 1 and result['counts']['ignored'] == 4
    assert result['summary'] == ['left: not done', 'leaving: skipped, leaves on 2026-12-31 (after today, 2026-12-01): left for a later run']


def test_the_sample_csv_of_the_docs():
    sample = os.path.join(os.path.dirname(records_module.SCHEMA_PATH), '..', '..', '..', 'docs', 'examples', 'hr-people.csv')
    result = onboard(sample, today='2026-12-01')
    assert result['problems'] == [] and len(result['users']) == 7 and len(result['skipped']) == 3
    assert offboard(sample, today='2026-12-18')['users'] == ['demo.david.petit']


@pytest.mark.parametrize('text, value', [('Computer:pc', {'itemtype': 'Computer', 'name': 'pc'}),
                                         ('Monitor:serial:S:1', {'itemtype': 'Monitor', 'serial': 'S:1'}),
                                         ('Computer', {'itemtype': 'Computer'})])
def test_parse_asset(text, value):
    assert records_module.parse_asset(text) == value
