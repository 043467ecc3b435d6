// title: Existing fundings
// description: Keys and content hash of every FUNDS relationship, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (a:Organization)-[r:FUNDS]->(b:Project)
RETURN [a.id, b.id] AS key, r.row_hash AS hash
