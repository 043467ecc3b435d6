// title: Snapshot: organization expertise
// description: Every HAS_EXPERTISE relationship (organization and expertise: their node column in the snapshot's organizations and expertise), with its level and evidence; in no order.
// audience: internal
// returns: organization, expertise, level, evidence
// mode: read
MATCH (o:Organization)-[r:HAS_EXPERTISE]->(e:Expertise)
RETURN id(o) AS organization, id(e) AS expertise, r.level AS level, r.evidence AS evidence
