"""Profile rights as data, and the checks GLPI's CommonDBTM::can*() perform.

RIGHTS[profile_id][rightname] = bitmask (READ 1, UPDATE 2, CREATE 4, DELETE 8, PURGE 16,
READNOTE 32, UPDATENOTE 64, UNLOCK 128; tickets: READMY 1, READALL 1024, ...).
Super-Admin is the exact set returned by a fresh 10.0.12; the other profiles follow GLPI's
install defaults for the rights the emulator checks.
"""
READ, UPDATE, CREATE, DELETE, PURGE = 1, 2, 4, 8, 16

SUPER_ADMIN = {
    "agent": 19, "appliance": 31, "backup": 1045, "bookmark_public": 23, "budget": 127,
    "cable_management": 31, "calendar": 23, "cartridge": 255, "certificate": 255,
    "change": 1151, "changevalidation": 1044, "cluster": 31, "computer": 255, "config": 3,
    "consumable": 255, "contact_enterprise": 255, "contract": 255, "dashboard": 23,
    "database": 31, "datacenter": 31, "device": 23, "devicesimcard_pinpuk": 3, "document": 255,
    "domain": 31, "dropdown": 23, "entity": 3327, "externalevent": 1055, "followup": 31767,
    "global_validation": 0, "group": 119, "infocom": 23, "internet": 159, "inventory": 3073,
    "itilcategory": 23, "itilfollowuptemplate": 23, "itiltemplate": 23, "knowbase": 15383,
    "knowbasecategory": 23, "license": 255, "line": 255, "lineoperator": 23, "link": 159,
    "location": 23, "locked_field": 6, "logs": 1, "monitor": 255, "networking": 255,
    "notification": 23, "password_update": 1, "pendingreason": 31, "peripheral": 255,
    "personalization": 3, "phone": 255, "planning": 3073, "printer": 255, "problem": 1151,
    "profile": 23, "project": 1151, "projecttask": 1121, "queuednotification": 31,
    "recurrentchange": 31, "refusedequipment": 19, "reminder_public": 159, "reports": 1,
    "reservation": 1055, "rssfeed_public": 159, "rule_asset": 1047,
    "rule_dictionnary_dropdown": 23, "rule_dictionnary_printer": 23,
    "rule_dictionnary_software": 23, "rule_import": 23, "rule_ldap": 23, "rule_location": 23,
    "rule_mailcollector": 23, "rule_softwarecategories": 23, "rule_ticket": 1047,
    "search_config": 3072, "show_group_hardware": 1, "slm": 23, "snmpcredential": 31,
    "software": 255, "solutiontemplate": 23, "state": 23, "statistic": 1, "task": 13329,
    "taskcategory": 23, "ticket": 261151, "ticketcost": 23, "ticketrecurrent": 23,
    "ticketvalidation": 15376, "transfer": 23, "typedoc": 23, "unmanaged": 27, "user": 7327,
}

_ASSETS = ("computer", "monitor", "networking", "peripheral", "phone", "printer", "software",
           "license", "cartridge", "consumable", "certificate", "line")


def _derive(base, overrides):
    out = {k: 0 for k in SUPER_ADMIN}
    out.update(base)
    out.update(overrides)
    return out


_READ_ONLY = {k: (33 if k in _ASSETS else 1) for k in SUPER_ADMIN if SUPER_ADMIN[k] & READ}

RIGHTS = {
    1: _derive({}, {"ticket": 5, "followup": 5, "task": 1, "knowbase": 2048, "reservation": 1024,
                    "password_update": 1, "personalization": 3, "reminder_public": 1,
                    "rssfeed_public": 1}),                                      # Self-Service
    2: _derive(_READ_ONLY, {"ticket": 168965, "followup": 5, "config": 0, "profile": 0,
                            "transfer": 0, "logs": 0, "personalization": 3,
                            "password_update": 1, "entity": 33, "user": 1}),   # Observer
    3: _derive(SUPER_ADMIN, {"config": 1, "profile": 1, "entity": 3191,
                             "user": 7295}),                                    # Admin
    4: dict(SUPER_ADMIN),                                                       # Super-Admin
    5: _derive({}, {"ticket": 140295, "followup": 5151, "task": 1, "user": 1,
                    "computer": 1, "monitor": 1, "networking": 1, "peripheral": 1,
                    "phone": 1, "printer": 1, "software": 1, "personalization": 3,
                    "password_update": 1}),                                     # Hotliner
    6: _derive({k: 127 for k in _ASSETS}, {
        "ticket": 168967, "followup": 5151, "task": 13329, "user": 1025, "group": 1,
        "entity": 33, "contract": 33, "document": 127, "budget": 33,
        "contact_enterprise": 33, "infocom": 23, "dropdown": 1, "location": 1, "state": 1,
        "itilcategory": 1, "internet": 31, "domain": 23, "reservation": 1055,
        "personalization": 3, "password_update": 1, "show_group_hardware": 0}),  # Technician
    7: _derive({k: 127 for k in _ASSETS}, {
        "ticket": 261151, "followup": 31767, "task": 13329, "user": 1025, "group": 1,
        "entity": 33, "contract": 33, "document": 127, "budget": 33,
        "contact_enterprise": 33, "infocom": 23, "dropdown": 1, "location": 1, "state": 1,
        "itilcategory": 1, "personalization": 3, "password_update": 1}),  # Supervisor
    8: _derive(_READ_ONLY, {"config": 0, "profile": 0, "logs": 0}),            # Read-Only
}

PROFILE_META = {  # keys of glpiactiveprofile besides the rights
    1: {"helpdesk_hardware": 3, "helpdesk_item_type": ["Computer", "Monitor", "NetworkEquipment",
                                                       "Peripheral", "Phone", "Printer", "Software",
                                                       "DCRoom", "Rack", "Enclosure", "Database"]},
}


def profile_rights(profile_id):
    return RIGHTS.get(profile_id, {})


def have_right(session, rightname, bits):
    return bool(profile_rights(session.profile_id).get(rightname, 0) & bits)


def can_view(session, it):
    """GLPI's Itemtype::canView()."""
    if it.rightname == "ticket":
        return have_right(session, "ticket", 1 | 1024 | 2048 | 4096)
    return have_right(session, it.rightname, READ)


def can_global(session, it, right):
    if right == READ:
        return can_view(session, it)
    return have_right(session, it.rightname, right)


def entity_visible(session, store, entities_id, is_recursive=False):
    """Session::haveAccessToEntity() with recursion of the item."""
    if entities_id is None:
        return False
    if entities_id in session.active_entities:
        return True
    if is_recursive:
        from . import trees  # local import: trees needs the store
        ancestors = trees.ancestors_of(store, store.reg.get("Entity"), entities_id)
        return any(a in session.active_entities for a in ancestors)
    return False


def can_item(session, store, it, row, right):
    """CommonDBTM::can($id, $right) for an existing row (dict of stored values)."""
    ticket_update = it.name == "Ticket" and right == UPDATE  # Ticket::canUpdate() is not the right alone
    if not ticket_update and not can_global(session, it, right):
        return False
    if it.name == "Entity":
        return row["id"] in session.active_entities
    if it.entity_assign and not entity_visible(session, store, row.get("entities_id"),
                                               bool(row.get("is_recursive")) if it.has_recursive else False):
        return False
    if it.name == "ITILFollowup" and right == READ:
        from . import itil
        return itil.can_view_followup(session, store, row)
    if it.name == "Ticket" and right in (READ, UPDATE):
        from . import itil  # local import: itil needs rights
        return itil.can_view_ticket(session, store, row) if right == READ else itil.can_update_ticket(session, store, row)
    return True
