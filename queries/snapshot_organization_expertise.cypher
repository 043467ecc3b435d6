// title: Snapshot: organization expertise
// description: Every HAS_EXPERTISE relationship, with its level and evidence.
// audience: internal
// returns: organization, expertise, level, evidence
// mode: read
MATCH (o:Organization)-[r:HAS_EXPERTISE]->(e:Expertise)
RETURN o.id AS organization, e.id AS expertise, r.level AS level, r.evidence AS evidence
ORDER BY organization, expertise
