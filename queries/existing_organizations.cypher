// title: Existing organizations
// description: Key and content hash of every Organization node, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (o:Organization)
RETURN o.id AS key, o.row_hash AS hash
