# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the default profiles of a fresh GLPI 10.0.12 may list, read, create and update, as a
real GLPI 10.0.12 answered (probed on a fresh install): Technician (``tech``), Observer
(``normal``) and Self-Service (``post-only``) on one item of each itemtype created by
``glpi``. Refused reads answer 403 ERROR_RIGHT_MISSING, refused writes 400 with GLPI's
permission message."""
import pytest

DENIED = "You don't have permission to perform this action."
USERS = ("tech", "normal", "post-only")
# itemtype: for tech, normal, post-only: "list get post put", each ok / 403 / denied
REAL = {
    "Computer": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Monitor": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Software": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "NetworkEquipment": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Printer": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Phone": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Peripheral": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Group": ["ok ok denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Location": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Manufacturer": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "State": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "ITILCategory": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Supplier": ["403 403 denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Contract": ["403 403 denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Budget": ["403 403 denied denied", "ok ok denied denied", "403 403 denied denied"],
    "Domain": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Entity": ["ok ok denied denied", "403 403 denied denied", "403 403 denied denied"],
    "User": ["ok ok ok ok", "ok ok denied denied", "403 403 denied denied"],
    "Profile": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "Ticket": ["ok ok ok ok", "ok ok ok denied", "ok 403 ok denied"],
    "ComputerType": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "OperatingSystem": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
    "UserCategory": ["403 403 denied denied", "403 403 denied denied", "403 403 denied denied"],
}


def _seed(api, itemtype):
    if itemtype == "Entity":
        return 0
    fields = {"name": "seed-" + itemtype.lower()}
    if itemtype == "Ticket":
        fields["content"] = "seeded by glpi"
    return api.add(itemtype, **fields)


def _outcome(status, body, ok_status):
    if status in ok_status:
        return "ok"
    if status == 403:
        assert body[0] == "ERROR_RIGHT_MISSING"
        return "403"
    assert status == 400 and body[1] == DENIED, (status, body)
    return "denied"


@pytest.mark.parametrize("itemtype", sorted(REAL))
def test_default_profiles_rights(api, login, itemtype):
    item_id = _seed(api, itemtype)
    for user, expected in zip(USERS, REAL[itemtype]):
        session = login(user)
        got = [_outcome(*session.call("GET", itemtype, range="0-0"), ok_status=(200, 206)),
               _outcome(*session.call("GET", "%s/%d" % (itemtype, item_id)), ok_status=(200,))]
        status, body = session.call("POST", itemtype, {"input": {"name": "by-" + user}})
        got.append(_outcome(status, body, ok_status=(201,)))
        status, body = session.call("PUT", "%s/%d" % (itemtype, item_id), {"input": {"comment": "by " + user}})
        got.append(_outcome(status, body, ok_status=(200,)))
        assert " ".join(got) == expected, user
