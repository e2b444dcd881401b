"""users_bulk's pieces that need no GLPI: errors named users[i].<option>, the single-user options
refused next to users:, GLPI's bulk answers, and the addresses taken from the search."""

from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.user_state import EMAILS, PROFILES
from ansible_collections.glpi.glpi.plugins.module_utils import users_bulk


def fail(option, message):
    raise GlpiInputError(message, option=option, value="v")


@pytest.mark.parametrize("option, message, named, text", [
    ("emails[0]", "emails[0]: 'x' is not an email address", "users[2].emails[0]", "users[2].emails[0]: 'x' is not"),
    ("users.locations_id", "users.locations_id: no Location named 'Nowhere'", "users[2].locations_id",
     "users[2].locations_id: no Location named 'Nowhere'"),
    ("is_active", "is_active=true contradicts state=disabled", "users[2].is_active",
     "users[2].is_active=true contradicts"),
    (None, "something", "users[2]", "users[2]: something"),
])
def test_errors_name_the_element(option, message, named, text):
    with pytest.raises(GlpiInputError) as caught:
        users_bulk.labelled(2, fail, option, message)
    assert caught.value.option == named and caught.value.message.startswith(text) and caught.value.value == "v"


def test_single_user_options_refused_next_to_users():
    params = dict(users_bulk.SINGLE_OPTIONS, users=[{"name": "a"}])
    users_bulk.check_alone(params)  # defaults only
    params.update(name="a", purge_groups=True)
    with pytest.raises(GlpiInputError) as caught:
        users_bulk.check_alone(params)
    assert "users cannot be combined with name, purge_groups" in caught.value.message


@pytest.mark.parametrize("answer, accepted", [
    ({"id": 12, "message": ""}, True), ({"id": False, "message": "no"}, False),
    ({"12": True, "message": ""}, True), ({"12": False, "message": "no"}, False), (None, False)])
def test_bulk_answers(answer, accepted):
    assert users_bulk._accepted(answer) is accepted


def test_addresses_from_the_search_only_when_they_are_the_one_wanted():
    client = mock.Mock()
    client.get_sub_items.return_value = [{"id": 5, "users_id": 7, "email": "b@x.org", "is_default": 1}]
    links = users_bulk.Links(client)
    links.emails = {7: ["a@x.org"], 8: ["a@x.org", "b@x.org"]}
    one = mock.Mock(params={"emails": ["A@x.org "]})
    two = mock.Mock(params={"emails": ["a@x.org", "b@x.org"]})
    assert links.reader(one)(7, EMAILS) == [{"id": None, "users_id": 7, "email": "a@x.org", "is_default": 1}]
    assert not client.get_sub_items.called
    assert links.reader(two)(8, EMAILS)[0]["id"] == 5  # two addresses: which is the default? read them
    links.rows[("Profile_User", 7)] = []
    assert links.reader(one)(7, PROFILES) == [] and client.get_sub_items.call_count == 1
