// title: Existing agreement_parties
// description: Keys [agreement, organization] and content hash of every PARTY_TO relationship, to tell created, updated and unchanged rows apart.
// audience: internal
// returns: key, hash
// mode: read
MATCH (a:Organization)-[r:PARTY_TO]->(b:Agreement)
RETURN [b.id, a.id] AS key, r.row_hash AS hash
