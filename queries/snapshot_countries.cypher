// title: Snapshot: countries
// description: Every country with its names and priority group.
// audience: internal
// returns: code, name, name_fr, priority
// mode: read
MATCH (c:Country)
RETURN c.code AS code, c.name AS name, c.name_fr AS name_fr, c.priority AS priority
ORDER BY code
