// title: Snapshot: participations
// description: Every PARTICIPATES_IN relationship: organization, project and role.
// audience: internal
// returns: organization, project, role
// mode: read
MATCH (o:Organization)-[r:PARTICIPATES_IN]->(p:Project)
RETURN o.id AS organization, p.id AS project, r.role AS role
