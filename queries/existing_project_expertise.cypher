// title: Existing project_expertise
// description: Keys and content hash of every ADDRESSES relationship, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (a:Project)-[r:ADDRESSES]->(b:Expertise)
RETURN [a.id, b.id] AS key, r.row_hash AS hash
