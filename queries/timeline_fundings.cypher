// title: Timeline: fundings
// description: Every FUNDS relationship with its amount and year: what the funding charts of hubs and organizations sum per year.
// audience: internal
// returns: funder, project, amount, year
// mode: read
MATCH (f:Organization)-[r:FUNDS]->(p:Project)
RETURN f.id AS funder, p.id AS project, r.amount AS amount, r.year AS year
