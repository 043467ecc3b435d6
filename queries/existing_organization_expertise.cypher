// title: Existing organization_expertise
// description: Keys and content hash of every HAS_EXPERTISE relationship, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (a:Organization)-[r:HAS_EXPERTISE]->(b:Expertise)
RETURN [a.id, b.id] AS key, r.row_hash AS hash
