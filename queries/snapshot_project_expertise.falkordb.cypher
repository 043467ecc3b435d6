// title: Snapshot: project expertise
// description: Every ADDRESSES relationship, as two lists in one row: projects and expertise (their node column in the snapshot's projects and expertise).
// audience: internal
// returns: project, expertise
// mode: read
MATCH (p:Project)-[:ADDRESSES]->(e:Expertise)
RETURN collect(id(p)) AS project, collect(id(e)) AS expertise
