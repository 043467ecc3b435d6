// title: Existing projects
// description: Key and content hash of every Project node, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (p:Project)
RETURN p.id AS key, p.row_hash AS hash
