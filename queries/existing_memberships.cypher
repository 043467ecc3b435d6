// title: Existing memberships
// description: Keys and content hash of every MEMBER_OF relationship, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (a:Organization)-[r:MEMBER_OF]->(b:Organization)
RETURN [a.id, b.id] AS key, r.row_hash AS hash
