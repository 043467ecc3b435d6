// title: Existing expertise
// description: Key and content hash of every Expertise node, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (e:Expertise)
RETURN e.id AS key, e.row_hash AS hash
