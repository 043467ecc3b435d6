// title: Snapshot: fundings
// description: Every FUNDS relationship: funder and project.
// audience: internal
// returns: funder, project
// mode: read
MATCH (f:Organization)-[:FUNDS]->(p:Project)
RETURN f.id AS funder, p.id AS project
