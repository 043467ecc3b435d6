// title: Organization details
// description: One organization with its country, the number of its projects and agreements, and where its data came from.
// audience: internal
// param id (text): Id of the organization.
// returns: id, name, name_fr, short_name, roles, kind, centre_level, city, website, lat, lon, country, country_name, country_name_fr, priority, projects, agreements, source, imported_at
// example: {"id": "cnam"}
MATCH (o:Organization {id: $id})
OPTIONAL MATCH (o)-[:LOCATED_IN]->(c:Country)
RETURN o.id AS id, o.name AS name, o.name_fr AS name_fr, o.short_name AS short_name, o.roles AS roles,
       o.kind AS kind, o.centre_level AS centre_level, o.city AS city, o.website AS website, o.lat AS lat, o.lon AS lon,
       o.country AS country, c.name AS country_name, c.name_fr AS country_name_fr, c.priority AS priority,
       size([(o)-[:PARTICIPATES_IN]->(p:Project) | p]) AS projects,
       size([(o)-[:PARTY_TO]->(a:Agreement) | a]) AS agreements,
       o.source AS source, o.imported_at AS imported_at
