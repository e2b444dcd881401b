# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the collection knows about GLPI itemtypes: which field points to which
itemtype, and how an itemtype's objects are identified."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# GLPI names foreign keys after the target table (glpi_locations -> locations_id,
# with an optional suffix: users_id_tech). The table -> class name step is not
# derivable (glpi_computermodels -> ComputerModel), hence this table.
TABLE_ITEMTYPES = {
    "authldaps": "AuthLDAP",
    "autoupdatesystems": "AutoUpdateSystem",
    "budgets": "Budget",
    "budgettypes": "BudgetType",
    "businesscriticities": "BusinessCriticity",
    "calendars": "Calendar",
    "changetemplates": "ChangeTemplate",
    "computermodels": "ComputerModel",
    "computers": "Computer",
    "computertypes": "ComputerType",
    "contacts": "Contact",
    "contracts": "Contract",
    "contracttypes": "ContractType",
    "documentcategories": "DocumentCategory",
    "documents": "Document",
    "domains": "Domain",
    "domaintypes": "DomainType",
    "entities": "Entity",
    "fqdns": "FQDN",
    "groups": "Group",
    "ipnetworks": "IPNetwork",
    "itilcategories": "ITILCategory",
    "knowbaseitemcategories": "KnowbaseItemCategory",
    "locations": "Location",
    "manufacturers": "Manufacturer",
    "monitormodels": "MonitorModel",
    "monitors": "Monitor",
    "monitortypes": "MonitorType",
    "networkequipmentmodels": "NetworkEquipmentModel",
    "networkequipments": "NetworkEquipment",
    "networkequipmenttypes": "NetworkEquipmentType",
    "networknames": "NetworkName",
    "networkports": "NetworkPort",
    "networks": "Network",
    "operatingsystemarchitectures": "OperatingSystemArchitecture",
    "operatingsystemeditions": "OperatingSystemEdition",
    "operatingsystemkernelversions": "OperatingSystemKernelVersion",
    "operatingsystems": "OperatingSystem",
    "operatingsystemservicepacks": "OperatingSystemServicePack",
    "operatingsystemversions": "OperatingSystemVersion",
    "peripheralmodels": "PeripheralModel",
    "peripherals": "Peripheral",
    "peripheraltypes": "PeripheralType",
    "phonemodels": "PhoneModel",
    "phonepowersupplies": "PhonePowerSupply",
    "phones": "Phone",
    "phonetypes": "PhoneType",
    "printermodels": "PrinterModel",
    "printers": "Printer",
    "printertypes": "PrinterType",
    "problemtemplates": "ProblemTemplate",
    "profiles": "Profile",
    "requesttypes": "RequestType",
    "snmpcredentials": "SNMPCredential",
    "softwarecategories": "SoftwareCategory",
    "softwarelicenses": "SoftwareLicense",
    "softwarelicensetypes": "SoftwareLicenseType",
    "softwares": "Software",
    "softwareversions": "SoftwareVersion",
    "states": "State",
    "suppliers": "Supplier",
    "suppliertypes": "SupplierType",
    "tickets": "Ticket",
    "tickettemplates": "TicketTemplate",
    "usercategories": "UserCategory",
    "users": "User",
    "usertitles": "UserTitle",
}

# Itemtypes whose objects form a tree: a name is unique only under its parent,
# and "A > B > C" (completename) names one object.
TREE_ITEMTYPES = frozenset(["Entity", "Location", "Group", "ITILCategory", "State",
                            "DocumentCategory", "KnowbaseItemCategory", "SoftwareCategory",
                            "BusinessCriticity", "IPNetwork"])

# Label fields other than ``name``.
LABEL_FIELDS = {"User": "name"}

# Fields an inventory agent feeds on a dynamic (is_dynamic=1) asset. Changing
# one through the API makes GLPI lock it, and the agent's next run can then
# create a duplicate asset. Anything not listed here is considered safe.
SAFE_ON_DYNAMIC = frozenset(["comment", "states_id", "is_recursive", "ticket_tco",
                             "groups_id_tech", "users_id_tech", "contact_num"])

_FK_RE = re.compile(r"^(?P<table>[a-z]+)_id(_[a-z_]+)?$")


def foreign_itemtype(field):
    """The itemtype a foreign-key field points to, or None.

    ``items_id`` is polymorphic (its itemtype sits in the ``itemtype`` field)
    and is not resolved here.
    """
    match = _FK_RE.match(field or "")
    if not match or field == "items_id":
        return None
    return TABLE_ITEMTYPES.get(match.group("table"))


def table_word(itemtype):
    """GLPI's table name without ``glpi_`` (its getTableForItemType rule): ``Location`` -> ``locations``,
    ``Entity`` -> ``entities``."""
    word = itemtype.lower().split("\\")[-1]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def field_for(itemtype):
    """The foreign-key field that points to ``itemtype`` (Location -> locations_id)."""
    return table_word(itemtype) + "_id"


def is_foreign_key(field):
    return bool(_FK_RE.match(field or "")) and field != "items_id"


def label_field(itemtype):
    return LABEL_FIELDS.get(itemtype, "name")


def is_tree(itemtype):
    return itemtype in TREE_ITEMTYPES
