"""Itemtypes GLPI 10.0.12 has and schema/*.json lacks, with the exact columns of
install/mysql/glpi-empty.sql (generated from it, in table order): direct connections
(Computer_Item), notes (Notepad), history (Log), kernels, filesystems, problems and changes with
their item links and actors, and the 18 device models with their Item_Device* links.

supplement.py merges TABLES / UNIQUE / RIGHTNAMES / TABLE_ITEMTYPES / HATEOAS into its own;
``seed(store)`` adds the fresh-install rows of these tables (install/empty_data.php).
"""
TABLES = {
    "Computer_Item": (
        "glpi_computers_items",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,computers_id:int(10) unsigned:0,itemtype:varchar(100):N,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0"),
    "Notepad": (
        "glpi_notepads",
        "id:int(10) unsigned:N,itemtype:varchar(100):N,items_id:int(10) unsigned:0,date_creation:timestamp:N,"
        "date_mod:timestamp:N,users_id:int(10) unsigned:0,users_id_lastupdater:int(10) unsigned:0,content:longtext:N"),
    "Log": (
        "glpi_logs",
        "id:int(10) unsigned:N,itemtype:varchar(100):,items_id:int(10) unsigned:0,itemtype_link:varchar(100):,"
        "linked_action:int(11):0,user_name:varchar(255):N,date_mod:timestamp:N,id_search_option:int(11):0,"
        "old_value:varchar(255):N,new_value:varchar(255):N"),
    "OperatingSystemKernel": (
        "glpi_operatingsystemkernels",
        "id:int(10) unsigned:N,name:varchar(255):N,comment:text:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "OperatingSystemKernelVersion": (
        "glpi_operatingsystemkernelversions",
        "id:int(10) unsigned:N,operatingsystemkernels_id:int(10) unsigned:0,name:varchar(255):N,comment:text:N,"
        "date_mod:timestamp:N,date_creation:timestamp:N"),
    "Filesystem": (
        "glpi_filesystems",
        "id:int(10) unsigned:N,name:varchar(255):N,comment:text:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Problem": (
        "glpi_problems",
        "id:int(10) unsigned:N,name:varchar(255):N,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "is_deleted:tinyint(4):0,status:int(11):1,content:longtext:N,date_mod:timestamp:N,date:timestamp:N,"
        "solvedate:timestamp:N,closedate:timestamp:N,time_to_resolve:timestamp:N,users_id_recipient:int(10) unsigned:0,"
        "users_id_lastupdater:int(10) unsigned:0,urgency:int(11):1,impact:int(11):1,priority:int(11):1,"
        "itilcategories_id:int(10) unsigned:0,impactcontent:longtext:N,causecontent:longtext:N,symptomcontent:longtext:N,"
        "actiontime:int(11):0,begin_waiting_date:timestamp:N,waiting_duration:int(11):0,close_delay_stat:int(11):0,"
        "solve_delay_stat:int(11):0,date_creation:timestamp:N,locations_id:int(10) unsigned:0"),
    "Change": (
        "glpi_changes",
        "id:int(10) unsigned:N,name:varchar(255):N,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "is_deleted:tinyint(4):0,status:int(11):1,content:longtext:N,date_mod:timestamp:N,date:timestamp:N,"
        "solvedate:timestamp:N,closedate:timestamp:N,time_to_resolve:timestamp:N,users_id_recipient:int(10) unsigned:0,"
        "users_id_lastupdater:int(10) unsigned:0,urgency:int(11):1,impact:int(11):1,priority:int(11):1,"
        "itilcategories_id:int(10) unsigned:0,impactcontent:longtext:N,controlistcontent:longtext:N,"
        "rolloutplancontent:longtext:N,backoutplancontent:longtext:N,checklistcontent:longtext:N,"
        "global_validation:int(11):1,validation_percent:int(11):0,actiontime:int(11):0,begin_waiting_date:timestamp:N,"
        "waiting_duration:int(11):0,close_delay_stat:int(11):0,solve_delay_stat:int(11):0,date_creation:timestamp:N,"
        "locations_id:int(10) unsigned:0"),
    "Change_User": (
        "glpi_changes_users",
        "id:int(10) unsigned:N,changes_id:int(10) unsigned:0,users_id:int(10) unsigned:0,type:int(11):1,"
        "use_notification:tinyint(4):0,alternative_email:varchar(255):N"),
    "Group_Change": (
        "glpi_groups_changes",
        "id:int(10) unsigned:N,changes_id:int(10) unsigned:0,groups_id:int(10) unsigned:0,type:int(11):1"),
    "Problem_User": (
        "glpi_problems_users",
        "id:int(10) unsigned:N,problems_id:int(10) unsigned:0,users_id:int(10) unsigned:0,type:int(11):1,"
        "use_notification:tinyint(4):0,alternative_email:varchar(255):N"),
    "Group_Problem": (
        "glpi_groups_problems",
        "id:int(10) unsigned:N,problems_id:int(10) unsigned:0,groups_id:int(10) unsigned:0,type:int(11):1"),
    "Item_Problem": (
        "glpi_items_problems",
        "id:int(10) unsigned:N,problems_id:int(10) unsigned:0,itemtype:varchar(100):N,items_id:int(10) unsigned:0"),
    "Change_Item": (
        "glpi_changes_items",
        "id:int(10) unsigned:N,changes_id:int(10) unsigned:0,itemtype:varchar(100):N,items_id:int(10) unsigned:0"),
    "DeviceMotherboard": (
        "glpi_devicemotherboards",
        "id:int(10) unsigned:N,designation:varchar(255):N,chipset:varchar(255):N,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "devicemotherboardmodels_id:int(10) unsigned:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceMotherboard": (
        "glpi_items_devicemotherboards",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
        "devicemotherboards_id:int(10) unsigned:0,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,serial:varchar(255):N,otherserial:varchar(255):N,"
        "locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceFirmware": (
        "glpi_devicefirmwares",
        "id:int(10) unsigned:N,designation:varchar(255):N,comment:text:N,manufacturers_id:int(10) unsigned:0,date:date:N,"
        "version:varchar(255):N,devicefirmwaretypes_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,devicefirmwaremodels_id:int(10) unsigned:N,date_mod:timestamp:N,"
        "date_creation:timestamp:N"),
    "Item_DeviceFirmware": (
        "glpi_items_devicefirmwares",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicefirmwares_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceProcessor": (
        "glpi_deviceprocessors",
        "id:int(10) unsigned:N,designation:varchar(255):N,frequence:int(11):0,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,frequency_default:int(11):0,nbcores_default:int(11):N,"
        "nbthreads_default:int(11):N,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "deviceprocessormodels_id:int(10) unsigned:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceProcessor": (
        "glpi_items_deviceprocessors",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
        "deviceprocessors_id:int(10) unsigned:0,frequency:int(11):0,serial:varchar(255):N,is_deleted:tinyint(4):0,"
        "is_dynamic:tinyint(4):0,nbcores:int(11):N,nbthreads:int(11):N,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,busID:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,"
        "states_id:int(10) unsigned:0"),
    "DeviceMemory": (
        "glpi_devicememories",
        "id:int(10) unsigned:N,designation:varchar(255):N,frequence:varchar(255):N,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,size_default:int(11):0,devicememorytypes_id:int(10) unsigned:0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,devicememorymodels_id:int(10) unsigned:N,"
        "date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceMemory": (
        "glpi_items_devicememories",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicememories_id:int(10) unsigned:0,"
        "size:int(11):0,serial:varchar(255):N,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,busID:varchar(255):N,otherserial:varchar(255):N,"
        "locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceHardDrive": (
        "glpi_deviceharddrives",
        "id:int(10) unsigned:N,designation:varchar(255):N,rpm:varchar(255):N,interfacetypes_id:int(10) unsigned:0,"
        "cache:varchar(255):N,comment:text:N,manufacturers_id:int(10) unsigned:0,capacity_default:int(11):0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,deviceharddrivemodels_id:int(10) unsigned:N,"
        "date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceHardDrive": (
        "glpi_items_deviceharddrives",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
        "deviceharddrives_id:int(10) unsigned:0,capacity:int(11):0,serial:varchar(255):N,is_deleted:tinyint(4):0,"
        "is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,busID:varchar(255):N,"
        "otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceNetworkCard": (
        "glpi_devicenetworkcards",
        "id:int(10) unsigned:N,designation:varchar(255):N,bandwidth:varchar(255):N,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,mac_default:varchar(255):N,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,devicenetworkcardmodels_id:int(10) unsigned:N,date_mod:timestamp:N,"
        "date_creation:timestamp:N"),
    "Item_DeviceNetworkCard": (
        "glpi_items_devicenetworkcards",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
        "devicenetworkcards_id:int(10) unsigned:0,mac:varchar(255):N,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,serial:varchar(255):N,busID:varchar(255):N,"
        "otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceDrive": (
        "glpi_devicedrives",
        "id:int(10) unsigned:N,designation:varchar(255):N,is_writer:tinyint(4):1,speed:varchar(255):N,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,interfacetypes_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,devicedrivemodels_id:int(10) unsigned:N,date_mod:timestamp:N,"
        "date_creation:timestamp:N"),
    "Item_DeviceDrive": (
        "glpi_items_devicedrives",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicedrives_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,busID:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,"
        "states_id:int(10) unsigned:0"),
    "DeviceBattery": (
        "glpi_devicebatteries",
        "id:int(10) unsigned:N,designation:varchar(255):N,comment:text:N,manufacturers_id:int(10) unsigned:0,"
        "voltage:int(11):N,capacity:int(11):N,devicebatterytypes_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,devicebatterymodels_id:int(10) unsigned:N,date_mod:timestamp:N,"
        "date_creation:timestamp:N"),
    "Item_DeviceBattery": (
        "glpi_items_devicebatteries",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicebatteries_id:int(10) unsigned:0,"
        "manufacturing_date:date:N,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,serial:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,"
        "states_id:int(10) unsigned:0,real_capacity:int(11):0"),
    "DeviceGraphicCard": (
        "glpi_devicegraphiccards",
        "id:int(10) unsigned:N,designation:varchar(255):N,interfacetypes_id:int(10) unsigned:0,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,memory_default:int(11):0,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,devicegraphiccardmodels_id:int(10) unsigned:N,chipset:varchar(255):N,"
        "date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceGraphicCard": (
        "glpi_items_devicegraphiccards",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
        "devicegraphiccards_id:int(10) unsigned:0,memory:int(11):0,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,serial:varchar(255):N,busID:varchar(255):N,"
        "otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceSoundCard": (
        "glpi_devicesoundcards",
        "id:int(10) unsigned:N,designation:varchar(255):N,type:varchar(255):N,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "devicesoundcardmodels_id:int(10) unsigned:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceSoundCard": (
        "glpi_items_devicesoundcards",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
        "devicesoundcards_id:int(10) unsigned:0,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,serial:varchar(255):N,busID:varchar(255):N,"
        "otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceControl": (
        "glpi_devicecontrols",
        "id:int(10) unsigned:N,designation:varchar(255):N,is_raid:tinyint(4):0,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,interfacetypes_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,devicecontrolmodels_id:int(10) unsigned:N,date_mod:timestamp:N,"
        "date_creation:timestamp:N"),
    "Item_DeviceControl": (
        "glpi_items_devicecontrols",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicecontrols_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,busID:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,"
        "states_id:int(10) unsigned:0"),
    "DevicePci": (
        "glpi_devicepcis",
        "id:int(10) unsigned:N,designation:varchar(255):N,comment:text:N,manufacturers_id:int(10) unsigned:0,"
        "devicenetworkcardmodels_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "devicepcimodels_id:int(10) unsigned:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DevicePci": (
        "glpi_items_devicepcis",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicepcis_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,busID:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,"
        "states_id:int(10) unsigned:0"),
    "DeviceCase": (
        "glpi_devicecases",
        "id:int(10) unsigned:N,designation:varchar(255):N,devicecasetypes_id:int(10) unsigned:0,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "devicecasemodels_id:int(10) unsigned:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceCase": (
        "glpi_items_devicecases",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicecases_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DevicePowerSupply": (
        "glpi_devicepowersupplies",
        "id:int(10) unsigned:N,designation:varchar(255):N,power:varchar(255):N,is_atx:tinyint(4):1,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "devicepowersupplymodels_id:int(10) unsigned:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DevicePowerSupply": (
        "glpi_items_devicepowersupplies",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,"
        "devicepowersupplies_id:int(10) unsigned:0,is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,serial:varchar(255):N,otherserial:varchar(255):N,"
        "locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceGeneric": (
        "glpi_devicegenerics",
        "id:int(10) unsigned:N,designation:varchar(255):N,devicegenerictypes_id:int(10) unsigned:0,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0,devicegenericmodels_id:int(10) unsigned:N,"
        "date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceGeneric": (
        "glpi_items_devicegenerics",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicegenerics_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceSimcard": (
        "glpi_devicesimcards",
        "id:int(10) unsigned:N,designation:varchar(255):N,comment:text:N,entities_id:int(10) unsigned:0,"
        "is_recursive:tinyint(4):0,manufacturers_id:int(10) unsigned:0,voltage:int(11):N,"
        "devicesimcardtypes_id:int(10) unsigned:0,date_mod:timestamp:N,date_creation:timestamp:N,allow_voip:tinyint(4):0"),
    "Item_DeviceSimcard": (
        "glpi_items_devicesimcards",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(100):N,devicesimcards_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,otherserial:varchar(255):N,states_id:int(10) unsigned:0,locations_id:int(10) unsigned:0,"
        "lines_id:int(10) unsigned:0,users_id:int(10) unsigned:0,groups_id:int(10) unsigned:0,pin:varchar(255):,"
        "pin2:varchar(255):,puk:varchar(255):,puk2:varchar(255):,msin:varchar(255):,comment:text:N"),
    "DeviceSensor": (
        "glpi_devicesensors",
        "id:int(10) unsigned:N,designation:varchar(255):N,devicesensortypes_id:int(10) unsigned:0,"
        "devicesensormodels_id:int(10) unsigned:0,comment:text:N,manufacturers_id:int(10) unsigned:0,"
        "entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,locations_id:int(10) unsigned:0,"
        "states_id:int(10) unsigned:0,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceSensor": (
        "glpi_items_devicesensors",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicesensors_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "serial:varchar(255):N,otherserial:varchar(255):N,locations_id:int(10) unsigned:0,states_id:int(10) unsigned:0"),
    "DeviceCamera": (
        "glpi_devicecameras",
        "id:int(10) unsigned:N,designation:varchar(255):N,flashunit:tinyint(4):0,lensfacing:varchar(255):N,"
        "orientation:varchar(255):N,focallength:varchar(255):N,sensorsize:varchar(255):N,comment:text:N,"
        "manufacturers_id:int(10) unsigned:0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "devicecameramodels_id:int(10) unsigned:N,support:varchar(255):N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "Item_DeviceCamera": (
        "glpi_items_devicecameras",
        "id:int(10) unsigned:N,items_id:int(10) unsigned:0,itemtype:varchar(255):N,devicecameras_id:int(10) unsigned:0,"
        "is_deleted:tinyint(4):0,is_dynamic:tinyint(4):0,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0"),
}
UNIQUE = {
    "Item_Problem": {"unicity": ("problems_id", "itemtype", "items_id")},
    "Change_Item": {"unicity": ("changes_id", "itemtype", "items_id")},
    "Change_User": {"unicity": ("changes_id", "type", "users_id", "alternative_email")},
    "Group_Change": {"unicity": ("changes_id", "type", "groups_id")},
    "Problem_User": {"unicity": ("problems_id", "type", "users_id", "alternative_email")},
    "Group_Problem": {"unicity": ("problems_id", "type", "groups_id")},
}

DEVICE_MODELS = [name for name in TABLES if name.startswith("Device")]
# Relations (purged with either end): the right of their first side.
RELATION_RIGHTS = {"Computer_Item": "computer", "Item_Problem": "problem", "Change_Item": "change"}
RIGHTNAMES = dict({"Notepad": "computer", "Log": "logs",
                   "OperatingSystemKernel": "dropdown", "OperatingSystemKernelVersion": "dropdown",
                   "Filesystem": "dropdown", "Problem": "problem", "Change": "change",
                   "Change_User": "change", "Group_Change": "change", "Problem_User": "problem", "Group_Problem": "problem"},
                  **{name: "device" for name in DEVICE_MODELS})
# Links only (GLPI classes whose tables the emulator does not create).
TABLE_ITEMTYPES = {"glpi_documentcategories": "DocumentCategory", "glpi_wifinetworks": "WifiNetwork"}
HATEOAS = {}  # Problem and Change: supplement.HATEOAS; the $CFG_GLPI lists: supplement._CFG_TYPES
# (Item_Device* in contract_types and device models in project_asset_types: supplement._CFG_TYPES.)
# install/empty_data.php: glpi_filesystems ids 1-21; glpi_logs holds 693 rows after the install.
FILESYSTEMS = ["ext", "ext2", "ext3", "ext4", "FAT", "FAT32", "VFAT", "HFS", "HPFS", "HTFS", "JFS", "JFS2", "NFS",
               "NTFS", "ReiserFS", "SMBFS", "UDF", "UFS", "XFS", "ZFS", "APFS"]
NEXT_IDS = {"glpi_logs": 694, "glpi_filesystems": 22}


def seed(store):
    """The fresh-install rows of these tables, and the profiles' other columns (rights.PROFILES)."""
    from . import rights
    for user_id in (3, 4, 5):  # post-only, tech, normal: language set by the installer (glpi has none)
        store.update(store.reg.get("User"), user_id, {"language": "en_GB"})
    profile = store.reg.get("Profile")
    for pid, columns in rights.PROFILES.items():
        store.update(profile, pid, {k: v for k, v in columns.items() if k in profile.col and k != "id"})
    filesystem = store.reg.get("Filesystem")
    for fid, name in enumerate(FILESYSTEMS, 1):
        store.insert(filesystem, {"name": name}, with_id=fid)
    for table, nid in NEXT_IDS.items():
        store.set_next_id(table, nid)
