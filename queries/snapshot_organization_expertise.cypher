// title: Snapshot: organization expertise
// description: Every HAS_EXPERTISE relationship, with its level.
// returns: organization, expertise, level
// mode: read
MATCH (o:Organization)-[r:HAS_EXPERTISE]->(e:Expertise)
RETURN o.id AS organization, e.id AS expertise, r.level AS level
ORDER BY organization, expertise
