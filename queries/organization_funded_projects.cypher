// title: Projects funded by an organization
// description: The projects a funder pays for, most recent first, with amount and year.
// audience: internal
// param id (text): Id of the funder.
// param limit (integer): Most projects returned.
// returns: id, title, programme, start_year, end_year, amount, year, source
// example: {"id": "afd", "limit": 50}
MATCH (f:Organization {id: $id})-[r:FUNDS]->(p:Project)
RETURN p.id AS id, p.title AS title, p.programme AS programme, p.start_year AS start_year, p.end_year AS end_year,
       r.amount AS amount, r.year AS year, r.source AS source
ORDER BY start_year DESC, id
LIMIT $limit
