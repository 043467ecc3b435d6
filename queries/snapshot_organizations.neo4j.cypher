// title: Snapshot: organizations
// description: Every organization with what the explorer and the analytics show and filter on (roles, kind, country, names); in no order (the snapshot sorts them: cheaper than the engine's sort of whole rows). node: FalkorDB's own number of the node (cheaper to read and to send than its id text), Neo4j's the id itself; the other snapshot queries name nodes by it.
// audience: internal
// returns: node, id, name, name_fr, short_name, roles, kind, centre_level, country, city, name_search
// mode: read
MATCH (o:Organization)
RETURN o.id AS node, o.id AS id, o.name AS name, o.name_fr AS name_fr, o.short_name AS short_name, o.roles AS roles,
       o.kind AS kind, o.centre_level AS centre_level, o.country AS country, o.city AS city,
       o.name_search AS name_search
