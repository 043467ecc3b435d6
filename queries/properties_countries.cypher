// title: Country properties, for a merge
// description: Every country's properties and the source that last wrote it, so that a load from another source fills what is missing without erasing what an earlier source gave (a priority group).
// audience: internal
// returns: key, name, name_fr, priority, source
// mode: read
MATCH (c:Country)
RETURN c.code AS key, c.name AS name, c.name_fr AS name_fr, c.priority AS priority, c.source AS source
