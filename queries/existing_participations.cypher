// title: Existing participations
// description: Keys and content hash of every PARTICIPATES_IN relationship, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (a:Organization)-[r:PARTICIPATES_IN]->(b:Project)
RETURN [a.id, b.id] AS key, r.row_hash AS hash
