# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domain_Item (glpi_domains_items) through the API, in process: adding links the way GLPI
10.0's CommonDBRelation allows them, and the Domain columns of the asset searches
(options 205 "Domain name" and 206 "Domain type", joined through Domain_Item)."""

DENIED = ["ERROR_GLPI_ADD", "You don't have permission to perform this action."]


def link(api, **fields):
    return api.call("POST", "Domain_Item", {"input": fields})


def columns(api, itemtype, *option_ids, **criteria):
    query = dict(("forcedisplay[%d]" % index, str(oid)) for index, oid in enumerate(option_ids))
    query.update(criteria)
    return dict((row["1"], row) for row in api.get("search/" + itemtype, **query).get("data", []))


def test_fresh_install_has_the_two_domain_relations(api):
    status, body = api.call("GET", "DomainRelation")
    assert status == 200
    assert [(row["id"], row["name"], row["is_recursive"]) for row in body] == [(1, "Belongs", 1), (2, "Manage", 1)]


def test_domain_columns_of_computer_search(api):
    kind = api.add("DomainType", name="Active Directory")
    corp = api.add("Domain", name="corp.example", domaintypes_id=kind, is_recursive=1)
    lab = api.add("Domain", name="lab.example", is_recursive=1)
    one = api.add("Computer", name="pc-one")
    two = api.add("Computer", name="pc-two")
    api.add("Computer", name="pc-none")
    assert link(api, domains_id=corp, itemtype="Computer", items_id=one, domainrelations_id=1)[0] == 201
    status, body = link(api, domains_id=corp, itemtype="Computer", items_id=two)
    assert (status, body["message"]) == (201, "Item successfully added: Domain item - ID %d" % body["id"])
    assert link(api, domains_id=lab, itemtype="Computer", items_id=two)[0] == 201

    rows = columns(api, "Computer", 205, 206)
    assert rows["pc-one"]["205"] == "corp.example" and rows["pc-one"]["206"] == "Active Directory"
    assert sorted(rows["pc-two"]["205"]) == ["corp.example", "lab.example"], "one value per linked domain"
    assert rows["pc-none"]["205"] is None and rows["pc-none"]["206"] is None

    found = columns(api, "Computer", 205, **{"criteria[0][field]": "205", "criteria[0][searchtype]": "contains",
                                             "criteria[0][value]": "lab."})
    assert list(found) == ["pc-two"]

    status, body = api.call("GET", "Domain_Item/1")
    assert status == 200
    assert (body["domains_id"], body["itemtype"], body["items_id"], body["domainrelations_id"]) == (corp, "Computer", one, 1)


def test_other_asset_searches_read_domains_too(api):
    corp = api.add("Domain", name="corp.example")
    switch = api.add("NetworkEquipment", name="sw-1")
    printer = api.add("Printer", name="prn-1")
    for itemtype, ident in (("NetworkEquipment", switch), ("Printer", printer)):
        assert link(api, domains_id=corp, itemtype=itemtype, items_id=ident)[0] == 201
    assert columns(api, "NetworkEquipment", 205)["sw-1"]["205"] == "corp.example"
    assert columns(api, "Printer", 205)["prn-1"]["205"] == "corp.example"
    assert columns(api, "Computer", 205) == {}, "links of other itemtypes do not leak into Computer"


def test_both_ends_must_exist_and_a_link_is_unique(api):
    corp = api.add("Domain", name="corp.example")
    host = api.add("Computer", name="pc-one")
    assert link(api, domains_id=corp, itemtype="Computer", items_id=host)[0] == 201
    assert link(api, domains_id=corp, itemtype="Computer", items_id=host) == (
        400, ["ERROR_GLPI_ADD", "Duplicate entry '%d-Computer-%d' for key 'unicity'" % (corp, host)])
    for fields in ({"domains_id": 999, "itemtype": "Computer", "items_id": host},
                   {"domains_id": corp, "itemtype": "Computer", "items_id": 999},
                   {"domains_id": corp, "itemtype": "NoSuchType", "items_id": host},
                   {"domains_id": corp},
                   {"itemtype": "Computer", "items_id": host}):
        assert link(api, **fields) == (400, DENIED), fields


def test_entities_of_both_ends_must_be_coherent(api):
    sub = api.add("Entity", name="Branch", entities_id=0)
    assert api.call("POST", "changeActiveEntities", {"entities_id": 0, "is_recursive": True})[0] == 200
    in_root = api.add("Computer", name="pc-root", entities_id=0)
    in_sub = api.add("Computer", name="pc-sub", entities_id=sub)
    root_only = api.add("Domain", name="root.example", entities_id=0, is_recursive=0)
    root_tree = api.add("Domain", name="tree.example", entities_id=0, is_recursive=1)
    sub_domain = api.add("Domain", name="sub.example", entities_id=sub, is_recursive=1)
    assert link(api, domains_id=root_only, itemtype="Computer", items_id=in_sub) == (400, DENIED)
    assert link(api, domains_id=sub_domain, itemtype="Computer", items_id=in_root) == (400, DENIED)
    assert link(api, domains_id=root_tree, itemtype="Computer", items_id=in_sub)[0] == 201
    assert link(api, domains_id=sub_domain, itemtype="Computer", items_id=in_sub)[0] == 201
    assert link(api, domains_id=root_only, itemtype="Computer", items_id=in_root)[0] == 201


def test_the_domain_right_is_needed(api):
    corp = api.add("Domain", name="corp.example")
    host = api.add("Computer", name="pc-one")
    api.add("Profile_User", users_id=2, profiles_id=2, entities_id=0, is_recursive=1)  # Observer: domain READ only
    api.login()  # a session knows the profiles its user had at login
    assert api.call("POST", "changeActiveProfile", {"profiles_id": 2})[0] == 200
    assert link(api, domains_id=corp, itemtype="Computer", items_id=host) == (400, DENIED)
    assert api.call("POST", "changeActiveProfile", {"profiles_id": 4})[0] == 200
    assert link(api, domains_id=corp, itemtype="Computer", items_id=host)[0] == 201


def test_purging_either_end_removes_the_link(api):
    corp = api.add("Domain", name="corp.example")
    lab = api.add("Domain", name="lab.example")
    host = api.add("Computer", name="pc-one")
    other = api.add("Computer", name="pc-two")
    link(api, domains_id=corp, itemtype="Computer", items_id=host)
    link(api, domains_id=lab, itemtype="Computer", items_id=other)
    assert api.call("DELETE", "Computer/%d" % host, force_purge="true")[0] == 200
    assert api.call("DELETE", "Domain/%d" % lab, force_purge="true")[0] == 200
    status, body = api.call("GET", "Domain_Item")
    assert status == 200 and body == []
