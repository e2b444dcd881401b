"""Hand-written itemtype facts that schema/*.json (dumped from GLPI) does not hold.

- EXTRA_TABLES: itemtypes the API touches that the dump lacks (same shape as a schema
  file's columns, written compactly as "name:type:default" with default "N" = NULL).
- HATEOAS / hateoas_classes: per-itemtype child link classes (GLPI's API::getHatoasClasses + $CFG_GLPI).
- RIGHTNAMES: the profile right each itemtype checks (GLPI's static $rightname).
- TABLE_ITEMTYPES: other GLPI tables whose itemtype appears in HATEOAS links.
- EXTRA_UNIQUE: unique keys of EXTRA_TABLES (install/mysql/glpi-empty.sql of 10.0).
"""

_ITEM_DEVICE_COLS = ("id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
                     "{fk}:int(10) unsigned:0,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
                     "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,serial:varchar(255):N,"
                     "otherserial:varchar(255):N,locations_id:int(10) unsigned:0,"
                     "states_id:int(10) unsigned:0")

DEVICE_TYPES = [
    "DeviceMotherboard", "DeviceFirmware", "DeviceProcessor", "DeviceMemory", "DeviceHardDrive",
    "DeviceNetworkCard", "DeviceDrive", "DeviceBattery", "DeviceGraphicCard", "DeviceSoundCard",
    "DeviceControl", "DevicePci", "DeviceCase", "DevicePowerSupply", "DeviceGeneric",
    "DeviceSimcard", "DeviceSensor", "DeviceCamera",
]

EXTRA_TABLES = {
    "Config": ("glpi_configs", "id:int(10) unsigned:N,context:varchar(150):N,"
               "name:varchar(150):N,value:text:N"),
    "Item_Disk": ("glpi_items_disks",
                  "id:int(10) unsigned:N,entities_id:int(10) unsigned:0,itemtype:varchar(255):N,"
                  "items_id:int(10) unsigned:0,name:varchar(255):N,device:varchar(255):N,"
                  "mountpoint:varchar(255):N,filesystems_id:int(10) unsigned:0,totalsize:int(11):0,"
                  "freesize:int(11):0,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
                  "encryption_status:int(11):0,encryption_tool:varchar(255):N,"
                  "encryption_algorithm:varchar(255):N,encryption_type:varchar(255):N,"
                  "date_mod:timestamp:N,date_creation:timestamp:N"),
    "ReservationItem": ("glpi_reservationitems",
                        "id:int(10) unsigned:N,itemtype:varchar(100):N,entities_id:int(10) unsigned:0,"
                        "is_recursive:tinyint(4):0,items_id:int(10) unsigned:0,comment:text:N,"
                        "is_active:tinyint(4):1,is_deleted:tinyint(4):0"),
    "Contract_Item": ("glpi_contracts_items",
                      "id:int(10) unsigned:N,contracts_id:int(10) unsigned:0,"
                      "items_id:int(10) unsigned:0,itemtype:varchar(100):N"),
    "Item_Ticket": ("glpi_items_tickets",
                    "id:int(10) unsigned:N,itemtype:varchar(255):N,items_id:int(10) unsigned:0,"
                    "tickets_id:int(10) unsigned:0"),
    # glpi-empty.sql of 10.0: the solutions of tickets, problems and changes.
    "ITILSolution": ("glpi_itilsolutions",
                     "id:int(10) unsigned:N,itemtype:varchar(100):N,items_id:int(10) unsigned:0,"
                     "solutiontypes_id:int(10) unsigned:0,solutiontype_name:varchar(255):N,content:longtext:N,"
                     "date_creation:timestamp:N,date_mod:timestamp:N,date_approval:timestamp:N,"
                     "users_id:int(10) unsigned:0,user_name:varchar(255):N,users_id_editor:int(10) unsigned:0,"
                     "users_id_approval:int(10) unsigned:0,user_name_approval:varchar(255):N,status:int(11):1,"
                     "itilfollowups_id:int(10) unsigned:N"),
    # GLPI 11.0.6's glpi_tickettasks (CommonITILTask; the same columns in 10.0.12)
    "TicketTask": ("glpi_tickettasks",
                   "id:int(10) unsigned:N,uuid:varchar(255):N,tickets_id:int(10) unsigned:0,"
                   "taskcategories_id:int(10) unsigned:0,date:timestamp:N,users_id:int(10) unsigned:0,"
                   "users_id_editor:int(10) unsigned:0,content:longtext:N,is_private:tinyint(4):0,"
                   "actiontime:int(11):0,begin:timestamp:N,end:timestamp:N,state:int(11):1,"
                   "users_id_tech:int(10) unsigned:0,groups_id_tech:int(10) unsigned:0,date_mod:timestamp:N,"
                   "date_creation:timestamp:N,tasktemplates_id:int(10) unsigned:0,timeline_position:tinyint(4):0,"
                   "sourceitems_id:int(10) unsigned:0,sourceof_items_id:int(10) unsigned:0"),
    "Item_Project": ("glpi_items_projects",
                     "id:int(10) unsigned:N,projects_id:int(10) unsigned:0,itemtype:varchar(100):N,"
                     "items_id:int(10) unsigned:0"),
    "NetworkPortEthernet": ("glpi_networkportethernets",
                            "id:int(10) unsigned:N,networkports_id:int(10) unsigned:0,"
                            "items_devicenetworkcards_id:int(10) unsigned:0,type:varchar(10):,"
                            "speed:int(11):10,date_mod:timestamp:N,date_creation:timestamp:N"),
    "NetworkPortWifi": ("glpi_networkportwifis",
                        "id:int(10) unsigned:N,networkports_id:int(10) unsigned:0,"
                        "items_devicenetworkcards_id:int(10) unsigned:0,wifinetworks_id:int(10) unsigned:0,"
                        "networkports_id_alias:int(10) unsigned:0,version:varchar(20):N,"
                        "mode:varchar(20):N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "TicketTemplate": ("glpi_tickettemplates", "id:int(10) unsigned:N,name:varchar(255):N,"
                       "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,comment:text:N"),
    "ChangeTemplate": ("glpi_changetemplates", "id:int(10) unsigned:N,name:varchar(255):N,"
                       "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,comment:text:N"),
    "ProblemTemplate": ("glpi_problemtemplates", "id:int(10) unsigned:N,name:varchar(255):N,"
                        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,comment:text:N"),
    "RequestType": ("glpi_requesttypes", "id:int(10) unsigned:N,name:varchar(255):N,"
                    "is_helpdesk_default:tinyint(4):0,is_active:tinyint(4):1,comment:text:N"),
    # Domain's links (10.0 has no is_deleted / is_dynamic on glpi_domains_items; 11.0 adds them).
    "DomainType": ("glpi_domaintypes", "id:int(10) unsigned:N,name:varchar(255):N,"
                   "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,comment:text:N"),
    "DomainRelation": ("glpi_domainrelations", "id:int(10) unsigned:N,name:varchar(255):N,"
                       "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,comment:text:N"),
    "Domain_Item": ("glpi_domains_items",
                    "id:int(10) unsigned:N,domains_id:int(10) unsigned:0,items_id:int(10) unsigned:0,"
                    "itemtype:varchar(100):N,domainrelations_id:int(10) unsigned:0"),
}
# The operating system dropdowns the dump lacks (glpi-empty.sql of 10.0).
_OS_DROPDOWN_COLS = "id:int(10) unsigned:N,name:varchar(255):N,comment:text:N,date_mod:timestamp:N,date_creation:timestamp:N"
EXTRA_TABLES.update({
    "OperatingSystemKernel": ("glpi_operatingsystemkernels", _OS_DROPDOWN_COLS),
    "OperatingSystemKernelVersion": ("glpi_operatingsystemkernelversions",
                                     "id:int(10) unsigned:N,operatingsystemkernels_id:int(10) unsigned:0,"
                                     "name:varchar(255):N,comment:text:N,date_mod:timestamp:N,"
                                     "date_creation:timestamp:N"),
    "OperatingSystemServicePack": ("glpi_operatingsystemservicepacks", _OS_DROPDOWN_COLS),
    "OperatingSystemEdition": ("glpi_operatingsystemeditions", _OS_DROPDOWN_COLS),
})
EXTRA_UNIQUE = {
    "Domain_Item": {"unicity": ("domains_id", "itemtype", "items_id")},
    "Item_Ticket": {"unicity": ("itemtype", "items_id", "tickets_id")},
}
for _dt in DEVICE_TYPES:
    _table = "glpi_items_" + _dt.lower() + "s"
    EXTRA_TABLES["Item_" + _dt] = (_table, _ITEM_DEVICE_COLS.format(fk=_dt.lower() + "s_id"))

# Itemtypes of GLPI classes whose tables the emulator does not create (links only).
TABLE_ITEMTYPES = {
    "glpi_calendars": "Calendar", "glpi_transfers": "Transfer", "glpi_authldaps": "AuthLDAP",
    "glpi_networks": "Network", "glpi_autoupdatesystems": "AutoUpdateSystem",
    "glpi_businesscriticities": "BusinessCriticity", "glpi_documentcategories": "DocumentCategory",
    "glpi_fqdns": "FQDN", "glpi_projects": "Project", "glpi_problems": "Problem",
    "glpi_changes": "Change", "glpi_slas": "SLA", "glpi_olas": "OLA", "glpi_slms": "SLM",
    "glpi_contacts": "Contact", "glpi_softwarelicensetypes": "SoftwareLicenseType",
    "glpi_ipnetworks": "IPNetwork", "glpi_wifinetworks": "WifiNetwork",
}

# API::getHatoasClasses(): the child links after the $CFG_GLPI ones, by itemtype.
HATEOAS = {
    "Ticket": ["TicketTask", "TicketValidation", "TicketCost", "Problem_Ticket", "Change_Ticket", "Item_Ticket",
               "ITILSolution", "ITILFollowup", "Ticket_User", "Group_Ticket", "Supplier_Ticket"],
    "Problem": ["ProblemTask", "ProblemCost", "Change_Problem", "Problem_Ticket", "Item_Problem", "ITILSolution",
                "ITILFollowup", "Problem_User", "Group_Problem", "Supplier_Problem"],
    "Change": ["ChangeTask", "ChangeCost", "Itil_Project", "Change_Problem", "Change_Ticket", "Change_Item",
               "ITILSolution", "ITILFollowup", "Change_User", "Group_Change", "Supplier_Change"],
    "Project": ["ProjectTask", "ProjectCost", "Itil_Project", "Item_Project"],
}
# itemdevices_types, and the device types kept for some of them only (itemdevice*_types).
_DEVICE_HOLDERS = {"Computer", "NetworkEquipment", "Peripheral", "Phone", "Printer", "Enclosure"}
_DEVICE_LIMITS = {
    "DeviceMemory": {"Computer", "NetworkEquipment", "Peripheral", "Printer", "Phone"},
    "DevicePowerSupply": {"Computer", "NetworkEquipment", "Peripheral", "Enclosure", "Phone"},
    "DeviceNetworkCard": {"Computer", "NetworkEquipment", "Peripheral", "Phone", "Printer"},
}

# $CFG_GLPI lists of inc/define.php (10.0.12) behind API::getHatoasClasses, in its order.
_CFG_TYPES = (
    ("ReservationItem", {"Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer",
                         "Software"}),
    ("Document_Item", {"Budget", "CartridgeItem", "Change", "Computer", "ConsumableItem", "Contact",
                       "Contract", "Document", "Entity", "KnowbaseItem", "Monitor", "NetworkEquipment",
                       "Peripheral", "Phone", "Printer", "Problem", "Project", "ProjectTask", "Reminder",
                       "Software", "Line", "SoftwareLicense", "Supplier", "Ticket", "User", "Certificate",
                       "Cluster", "ITILFollowup", "ITILSolution", "ChangeTask", "ProblemTask", "TicketTask",
                       "Appliance", "DatabaseInstance"}),
    ("Contract_Item", {"Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer", "Project",
                       "Line", "Software", "SoftwareLicense", "Certificate", "DCRoom", "Rack", "Enclosure",
                       "Cluster", "PDU", "Appliance", "Domain", "DatabaseInstance"}
     | {"Item_" + device for device in DEVICE_TYPES}),  # contract_types ends with itemdevices
    ("Infocom", {"Cartridge", "CartridgeItem", "Computer", "Consumable", "ConsumableItem", "Monitor",
                 "NetworkEquipment", "Peripheral", "Phone", "Printer", "Software", "SoftwareLicense", "Line",
                 "Certificate", "Domain", "Appliance", "Item_DeviceSimcard", "Rack", "Enclosure", "PDU",
                 "PassiveDCEquipment", "DatabaseInstance", "Cable"}),
    ("Item_Ticket", {"Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer", "Software",
                     "SoftwareLicense", "Certificate", "Line", "DCRoom", "Rack", "Enclosure", "Cluster", "PDU",
                     "Domain", "DomainRecord", "Appliance", "Item_DeviceSimcard", "PassiveDCEquipment",
                     "DatabaseInstance", "Database", "Cable"}),
    ("Item_Project", {"Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer", "Software",
                      "Certificate"}
     | set(DEVICE_TYPES) - {"DeviceSimcard", "DeviceSensor"}),
    ("NetworkPort", {"Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer", "Enclosure",
                     "PDU", "Cluster", "Unmanaged"}),
)


def hateoas_classes(name):
    """API::getHatoasClasses(): the $CFG_GLPI lists the itemtype is in, its devices, then its own."""
    links = [link for link, types in _CFG_TYPES if name in types]
    if name in _DEVICE_HOLDERS:
        links += ["Item_" + device for device in DEVICE_TYPES if name in _DEVICE_LIMITS.get(device, {name})]
    return links + HATEOAS.get(name, [])


RIGHTNAMES = {
    "TicketTask": "task",
    "Computer": "computer", "Monitor": "monitor", "NetworkEquipment": "networking",
    "NetworkPort": "networking", "NetworkName": "internet", "IPAddress": "internet",
    "Peripheral": "peripheral", "Phone": "phone", "Printer": "printer", "Software": "software",
    "SoftwareVersion": "software", "SoftwareLicense": "license", "Ticket": "ticket",
    "ITILFollowup": "followup", "User": "user", "UserEmail": "user", "Entity": "entity",
    "Group": "group", "Profile": "profile", "Location": "location", "State": "state",
    "ITILCategory": "itilcategory", "Document": "document", "Contract": "contract",
    "Budget": "budget", "Supplier": "contact_enterprise", "Infocom": "infocom",
    "Domain": "domain", "Config": "config", "SoftwareCategory": "dropdown",
    "ReservationItem": "reservation", "Item_Disk": "computer",
    "ITILSolution": "ticket",  # canView(): ticket READ; canCreateItem(): the ticket's canSolve()
}
# Relations: the right of the first "main" side decides (GLPI's CommonDBRelation/Child).
RELATION_RIGHTS = {
    "Profile_User": "user", "Group_User": "user", "Ticket_User": "ticket",
    "Group_Ticket": "ticket", "Item_Ticket": "ticket", "Document_Item": "document",
    "Contract_Item": "contract", "Item_Project": "project", "Item_OperatingSystem": "computer",
    "Item_SoftwareVersion": "software", "Item_SoftwareLicense": "license",
    "Domain_Item": "domain",  # Domain_Item::$rightname in 10.0
}
# Entity-restricted lists skip these even though they carry an entities_id column.
NOT_ENTITY_ASSIGN = {"User", "Config"}


def _merge_items():
    """The itemtypes of supplement_items (exact glpi-empty.sql columns) win over the ones above."""
    from . import inventory_tables, supplement_items, webhooks
    EXTRA_TABLES.update(supplement_items.TABLES)
    EXTRA_TABLES.update(webhooks.TABLES)
    EXTRA_TABLES.update(inventory_tables.TABLES)
    EXTRA_UNIQUE.update(inventory_tables.UNIQUE)
    RIGHTNAMES.update(inventory_tables.RIGHTNAMES)
    TABLE_ITEMTYPES.update(inventory_tables.TABLE_ITEMTYPES)
    RIGHTNAMES.update({"Webhook": "config", "QueuedWebhook": "config"})
    EXTRA_UNIQUE.update(supplement_items.UNIQUE)
    RIGHTNAMES.update(supplement_items.RIGHTNAMES)
    RELATION_RIGHTS.update(supplement_items.RELATION_RIGHTS)
    TABLE_ITEMTYPES.update(supplement_items.TABLE_ITEMTYPES)
    for name, classes in supplement_items.HATEOAS.items():
        HATEOAS.setdefault(name, classes)


_merge_items()
