// title: Snapshot: fundings
// description: Every FUNDS relationship, as two lists in one row: funders and projects (their node column in the snapshot's organizations and projects).
// audience: internal
// returns: funder, project
// mode: read
MATCH (f:Organization)-[:FUNDS]->(p:Project)
RETURN collect(id(f)) AS funder, collect(id(p)) AS project
