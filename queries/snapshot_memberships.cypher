// title: Snapshot: centre memberships
// description: Every MEMBER_OF relationship between centres (teaching centre to regional centre to headquarters).
// audience: internal
// returns: member, parent
// mode: read
MATCH (m:Organization)-[:MEMBER_OF]->(p:Organization)
RETURN m.id AS member, p.id AS parent
ORDER BY member, parent
