// title: Co-funded projects
// description: Projects funded by at least $min_funders different funders, most funders first: the funders' ids (by id), the total amount funded and the number of participants.
// param min_funders: Fewest funders of a listed project (2 for co-funding).
// param limit: Most projects returned.
// returns: id, title, programme, start_year, end_year, funders, funder_ids, amount, participants
// example: {"min_funders": 2, "limit": 50}
// mode: read
MATCH (f:Organization)-[r:FUNDS]->(p:Project)
WITH p, f, r
ORDER BY f.id
WITH p, collect(f.id) AS ids, sum(r.amount) AS amount
WHERE size(ids) >= $min_funders
RETURN p.id AS id, p.title AS title, p.programme AS programme, p.start_year AS start_year, p.end_year AS end_year,
       size(ids) AS funders, ids AS funder_ids, amount,
       size([(p)<-[:PARTICIPATES_IN]-(o:Organization) | o]) AS participants
ORDER BY funders DESC, amount DESC, id
LIMIT $limit
