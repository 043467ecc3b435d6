// title: Raw organizations
// description: Raw baseline: merges Organization nodes keyed by id, with their columns; no role labels, no hash, no provenance.
// param rows: Rows of the organizations table.
// returns: nothing
// mode: write
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
SET o.name = row.name,
    o.name_fr = row.name_fr,
    o.short_name = row.short_name,
    o.roles = row.roles,
    o.kind = row.kind,
    o.centre_level = row.centre_level,
    o.country = row.country,
    o.city = row.city,
    o.lat = row.lat,
    o.lon = row.lon,
    o.website = row.website
