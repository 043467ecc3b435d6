// title: Existing agreements
// description: Key and content hash of every Agreement node, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (a:Agreement)
RETURN a.id AS key, a.row_hash AS hash
