// title: Snapshot: projects
// description: Every project with its title, programme, years, participants with their roles (pairs [id, role]), funders and the expertise it addresses, one row per project (the cooperation graph is built from these rows). FalkorDB ignores a WHERE inside a pattern comprehension, so roles come as pairs, filtered by the caller.
// returns: id, title, programme, start_year, end_year, participations, funders, expertise
// mode: read
MATCH (p:Project)
RETURN p.id AS id, p.title AS title, p.programme AS programme, p.start_year AS start_year, p.end_year AS end_year,
       [(o:Organization)-[r:PARTICIPATES_IN]->(p) | [o.id, r.role]] AS participations,
       [(f:Organization)-[:FUNDS]->(p) | f.id] AS funders,
       [(p)-[:ADDRESSES]->(e:Expertise) | e.id] AS expertise
ORDER BY id
