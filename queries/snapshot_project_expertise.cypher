// title: Snapshot: project expertise
// description: Every ADDRESSES relationship: project and expertise.
// audience: internal
// returns: project, expertise
// mode: read
MATCH (p:Project)-[:ADDRESSES]->(e:Expertise)
RETURN p.id AS project, e.id AS expertise
