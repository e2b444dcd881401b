# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which tickets Technician (``tech``), Observer (``normal``) and Self-Service (``post-only``)
see, change and delete, as a real GLPI 10.0.12 answered (probed on a fresh install): seven
tickets created by ``glpi`` with different actors; ``tech`` in group g-tech, ``normal`` in
g-normal."""
NAMES = ("req-post", "obs-post", "assign-tech", "plain", "assign-gtech", "reqgrp-normal", "obs-normal")
ALL = dict((name, 200) for name in NAMES)
SELF_SERVICE_READ = dict(ALL, **{"plain": 403, "assign-gtech": 403, "reqgrp-normal": 403, "obs-normal": 403})
REAL = {
    # user: (ids listed, search totalcount, GET, PUT, DELETE)
    "tech": (NAMES, 7, ALL, ALL, dict((name, 400) for name in NAMES)),
    "normal": (NAMES, 7, ALL, dict(((name, 400) for name in NAMES), **{"assign-tech": 200, "obs-normal": 200}), ALL),
    "post-only": (NAMES[:3], 3, SELF_SERVICE_READ,
                  dict(((name, 400) for name in NAMES), **{"req-post": 200, "assign-tech": 200}),
                  dict(((name, 400) for name in NAMES), **{"req-post": 200, "assign-tech": 200})),
}


def _tickets(api):
    g_tech = api.add("Group", name="g-tech")
    api.add("Group_User", groups_id=g_tech, users_id=4)
    g_normal = api.add("Group", name="g-normal")
    api.add("Group_User", groups_id=g_normal, users_id=5)
    actors = {"req-post": {"_users_id_requester": 3}, "obs-post": {"_users_id_observer": 3},
              "assign-tech": {"_users_id_assign": 4, "_users_id_requester": [3, 5]}, "plain": {},
              "assign-gtech": {"_groups_id_assign": g_tech}, "reqgrp-normal": {"_groups_id_requester": g_normal},
              "obs-normal": {"_users_id_observer": 5, "_users_id_requester": 5}}
    return dict((name, api.add("Ticket", name=name, content="x", **actors[name])) for name in NAMES)


def test_ticket_visibility_by_profile(api, login):
    tickets = _tickets(api)
    sessions = dict((user, login(user)) for user in REAL)
    for user, (listed, total, reads, updates, _deletes) in REAL.items():
        session = sessions[user]
        assert [row["id"] for row in session.get("Ticket")] == [tickets[n] for n in listed], user
        assert session.get("search/Ticket")["totalcount"] == total, user
        assert dict((n, session.call("GET", "Ticket/%d" % i)[0]) for n, i in tickets.items()) == reads, user
        got = dict((n, session.call("PUT", "Ticket/%d" % i, {"input": {"urgency": 4}})[0]) for n, i in tickets.items())
        assert got == updates, user


def test_ticket_deletion_by_profile(api, login):
    """Self-Service first (its rule wants date == date_mod, and a trashed ticket has a new one)."""
    tickets = _tickets(api)
    sessions = dict((user, login(user)) for user in REAL)
    for user in ("post-only", "tech", "normal"):
        left = dict((n, i) for n, i in tickets.items() if user != "normal" or n not in ("req-post", "assign-tech"))
        got = dict((n, sessions[user].call("DELETE", "Ticket/%d" % i)[0]) for n, i in left.items())
        assert got == dict((n, REAL[user][4][n]) for n in left), user


def test_ticket_actors_read_with_their_ticket(api, login):
    _tickets(api)
    post_only = login("post-only")
    status, rows = post_only.call("GET", "Ticket_User")
    assert status == 200 and [row["tickets_id"] for row in rows] == [1, 2, 3, 3, 3, 7, 7], "lists are not filtered"
    assert [post_only.call("GET", "Ticket_User/%d" % i)[0] for i in range(1, 9)] == [200] * 5 + [403, 403, 404]
    assert post_only.call("GET", "Ticket/4/Ticket_User")[0] == 403


def test_self_service_own_ticket_and_no_massive_action(login):
    post_only = login("post-only")
    ticket = post_only.add("Ticket", name="mine", content="x")
    assert [row["id"] for row in post_only.get("Ticket")] == [ticket], "seen as its recipient, no actor added"
    assert post_only.get("Ticket/%d/Ticket_User" % ticket) == []
    assert post_only.call("PUT", "Ticket/%d" % ticket, {"input": {"urgency": 5}})[0] == 200
    assert post_only.get("search/Ticket")["totalcount"] == 1
    for itemtype in ("Computer", "Ticket"):
        answer = post_only.client.get("/apirest.php/getMassiveActions/" + itemtype, headers=post_only.headers)
        assert (answer.status_code, answer.content_type, answer.get_data()) == \
            (200, "application/json; charset=UTF-8", b""), "no action allowed: an empty body"
