// title: Existing countries
// description: Key and content hash of every Country node, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (c:Country)
RETURN c.code AS key, c.row_hash AS hash
