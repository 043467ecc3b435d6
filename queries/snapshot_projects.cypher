// title: Snapshot: projects
// description: Every project with its years, its participants, its funders and the expertise it addresses, one row per project (the cooperation graph is built from these rows).
// returns: id, start_year, end_year, participants, funders, expertise
// mode: read
MATCH (p:Project)
RETURN p.id AS id, p.start_year AS start_year, p.end_year AS end_year,
       [(o:Organization)-[:PARTICIPATES_IN]->(p) | o.id] AS participants,
       [(f:Organization)-[:FUNDS]->(p) | f.id] AS funders,
       [(p)-[:ADDRESSES]->(e:Expertise) | e.id] AS expertise
ORDER BY id
