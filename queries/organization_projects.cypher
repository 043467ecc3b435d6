// title: Organization projects
// description: The projects an organization takes part in, most recent first, with its role and contribution and the projects' funders.
// audience: internal
// param id (text): Id of the organization.
// param limit (integer): Most projects returned.
// returns: id, title, programme, start_year, end_year, role, contribution, funders, source
// example: {"id": "cnam", "limit": 50}
MATCH (o:Organization {id: $id})-[r:PARTICIPATES_IN]->(p:Project)
RETURN p.id AS id, p.title AS title, p.programme AS programme, p.start_year AS start_year, p.end_year AS end_year,
       r.role AS role, r.contribution AS contribution,
       [(f:Organization)-[:FUNDS]->(p) | f.name] AS funders, r.source AS source
ORDER BY start_year DESC, id
LIMIT $limit
