// title: Upsert organizations
// description: Creates or updates Organization nodes keyed by id, with one label per role (Centre, Partner, Company, Funder) and their LOCATED_IN country.
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
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
    o.nuts = row.nuts,
    o.lat = row.lat,
    o.lon = row.lon,
    o.location = [r IN [row] WHERE r.lat IS NOT NULL AND r.lon IS NOT NULL | point({latitude: r.lat, longitude: r.lon})][0],
    o.website = row.website,
    o.name_search = row.name_search,
    o.sources = row.sources,
    o.provenance = row.provenance,
    o.row_hash = row.hash, o.source = $source, o.imported_at = $imported_at
FOREACH (_ IN CASE WHEN 'centre' IN row.roles AND NOT o:Centre THEN [1] ELSE [] END | SET o:Centre)
FOREACH (_ IN CASE WHEN o:Centre AND NOT 'centre' IN row.roles THEN [1] ELSE [] END | REMOVE o:Centre)
FOREACH (_ IN CASE WHEN 'partner' IN row.roles AND NOT o:Partner THEN [1] ELSE [] END | SET o:Partner)
FOREACH (_ IN CASE WHEN o:Partner AND NOT 'partner' IN row.roles THEN [1] ELSE [] END | REMOVE o:Partner)
FOREACH (_ IN CASE WHEN 'company' IN row.roles AND NOT o:Company THEN [1] ELSE [] END | SET o:Company)
FOREACH (_ IN CASE WHEN o:Company AND NOT 'company' IN row.roles THEN [1] ELSE [] END | REMOVE o:Company)
FOREACH (_ IN CASE WHEN 'funder' IN row.roles AND NOT o:Funder THEN [1] ELSE [] END | SET o:Funder)
FOREACH (_ IN CASE WHEN o:Funder AND NOT 'funder' IN row.roles THEN [1] ELSE [] END | REMOVE o:Funder)
WITH o, row
OPTIONAL MATCH (o)-[old:LOCATED_IN]->(:Country)
DELETE old
WITH DISTINCT o, row
OPTIONAL MATCH (c:Country {code: row.country})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END |
    CREATE (o)-[:LOCATED_IN {source: $source, imported_at: $imported_at}]->(c)
)
RETURN count(*) AS n
