// title: Co-funded projects
// title.fr: Projets cofinancés
// description: Projects funded by at least $min_funders different funders, most funders first: the funders' ids (by id), the total amount funded and the number of participants.
// description.fr: Les projets financés par au moins $min_funders financeurs différents, les plus financés d'abord : les identifiants des financeurs (par ordre), le montant total financé et le nombre de participants.
// group: funding
// param min_funders (integer): Fewest funders of a listed project (2 for co-funding).
// param.fr min_funders: Nombre minimal de financeurs d'un projet listé (2 pour un cofinancement).
// param limit (integer): Most projects returned.
// param.fr limit: Nombre maximal de projets renvoyés.
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
