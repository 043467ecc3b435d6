// title: Snapshot: participations
// description: Every PARTICIPATES_IN relationship, as three lists in one row (one reply to parse, not a row each): organizations and projects (their node column in the snapshot's organizations and projects), and 1 where the organization coordinates the project, 0 otherwise.
// audience: internal
// returns: organization, project, coordinates
// mode: read
MATCH (o:Organization)-[r:PARTICIPATES_IN]->(p:Project)
RETURN collect(o.id) AS organization, collect(p.id) AS project,
       collect(CASE r.role WHEN 'coordinator' THEN 1 ELSE 0 END) AS coordinates
