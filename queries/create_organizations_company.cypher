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
    o.nuts = row.nuts,
    o.lat = row.lat,
    o.lon = row.lon,
    o.location = [r IN [row] WHERE r.lat IS NOT NULL AND r.lon IS NOT NULL | point({latitude: r.lat, longitude: r.lon})][0],
    o.website = row.website,
    o.name_search = row.name_search,
    o.sources = row.sources,
    o.provenance = row.provenance,
    o.row_hash = row.hash, o.source = $source, o.imported_at = $imported_at
WITH o, row
OPTIONAL MATCH (c:Country {code: row.country})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END |
    CREATE (o)-[:LOCATED_IN {source: $source, imported_at: $imported_at}]->(c)
)
RETURN count(*) AS n
