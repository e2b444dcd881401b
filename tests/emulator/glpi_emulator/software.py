"""Software licences and installations as GLPI 10.0.12 keeps them.

- SoftwareLicense::prepareInputForAdd: a licence needs a software ("Please select a software
  for this license"). Its post_addItem does not call CommonTreeDropdown's, so a new licence
  keeps ``ancestors_cache`` / ``sons_cache`` NULL.
- Validity (SoftwareLicense / Software::updateValidityIndicator): after a licence link is
  added or purged, or its ``number`` is updated, a licence with ``number`` >= 0 is valid while its links to items that are
  not deleted nor templates do not exceed that number; a software is valid while none of its
  licences is invalid. Both are written only when they change.
- API getItem ``with_softwares``: the installations of the item (not deleted), sorted by
  software then version name.
"""
from . import values

NO_SOFTWARE = "Please select a software for this license"


def prepare_license_add(obj):
    """SoftwareLicense::prepareInputForAdd(): the error message, or None."""
    return None if values.php_int(obj.get("softwares_id") or 0) else NO_SOFTWARE


def _used_count(ctx, license_id):
    """Item_SoftwareLicense::countForLicense($id, -1)."""
    link_it = ctx.reg.get("Item_SoftwareLicense")
    count = 0
    for link in ctx.store.find(link_it, "softwarelicenses_id = ? AND is_deleted = 0", (license_id,)):
        item_it = ctx.reg.get(link.get("itemtype")) if isinstance(link.get("itemtype"), str) else None
        item = ctx.store.get(item_it, link.get("items_id")) if item_it is not None else None
        if item is not None and not item.get("is_deleted") and not item.get("is_template"):
            count += 1
    return count


def validity(ctx, license_id, number):
    """SoftwareLicense::computeValidityIndicator()."""
    return 0 if number is not None and 0 <= number < _used_count(ctx, license_id) else 1


def update_license_validity(ctx, license_id):
    """SoftwareLicense::updateValidityIndicator()."""
    from . import writes  # local import: writes needs this module
    license_it = ctx.reg.get("SoftwareLicense")
    licence = ctx.store.get(license_it, license_id)
    if licence is None:
        return
    valid = validity(ctx, license_id, licence.get("number"))
    if valid != licence.get("is_valid"):
        writes.apply_update(ctx, license_it, licence, {"id": license_id, "is_valid": valid})


def update_software_validity(ctx, software_id):
    """Software::updateValidityIndicator()."""
    from . import writes
    software_it = ctx.reg.get("Software")
    software = ctx.store.get(software_it, software_id)
    if software is None:
        return
    invalid = ctx.store.find(ctx.reg.get("SoftwareLicense"), "softwares_id = ? AND is_valid = 0", (software_id,))
    valid = 0 if invalid else 1
    if valid != software.get("is_valid"):
        writes.apply_update(ctx, software_it, software, {"id": software_id, "is_valid": valid})


def installations(ctx, itemtype, item_id):
    """The ``_softwares`` rows of API::getItem(with_softwares)."""
    rows = ctx.store.query(
        'SELECT s.softwarecategories_id, s.id, v.id, i.is_dynamic, v.states_id, s.is_valid '
        'FROM glpi_items_softwareversions AS i '
        'LEFT JOIN glpi_softwareversions AS v ON i.softwareversions_id = v.id '
        'LEFT JOIN glpi_softwares AS s ON v.softwares_id = s.id '
        'WHERE i.items_id = ? AND i.itemtype = ? AND i.is_deleted = 0 '
        'ORDER BY s.name COLLATE glpi_ci, v.name COLLATE glpi_ci, i.id', (item_id, itemtype))
    keys = ("softwarecategories_id", "softwares_id", "softwareversions_id", "is_dynamic", "states_id", "is_valid")
    return [dict(zip(keys, row)) for row in rows]
