// title: Create company organizations
// description: Creates new Organization nodes whose first role is company, labelled Company from the start (setting a label on an existing node is slow on FalkorDB), with their LOCATED_IN country. The loader sends only ids not yet in the graph; further roles are added by upsert_organizations.
// param rows: List of organization row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
CREATE (o:Organization:Company)
SET o.id = row.id,
    o.name = row.name,
    o.name_fr = row.name_fr,
    o.short_name = row.short_name,
    o.roles = row.roles,
    o.kind = row.kind,
    o.centre_level = row.centre_level,
    o.country = row.country,
    o.city = row.city,
    o.lat = row.lat,
    o.lon = row.lon,
    o.website = row.website,
    o.name_search = row.name_search,
    o.row_hash = row.hash, o.source = $source, o.imported_at = $imported_at
WITH o, row
WHERE row.country IS NOT NULL
MATCH (c:Country {code: row.country})
CREATE (o)-[r:LOCATED_IN]->(c)
SET r.source = $source, r.imported_at = $imported_at
RETURN count(*) AS n
