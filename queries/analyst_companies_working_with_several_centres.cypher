// title: Companies working with several centres
// title.fr: Entreprises travaillant avec plusieurs centres
// description: Companies (organizations with the role company) that share projects or agreements with at least $min_centres different centres: how many centres and the first 10 of them by id, and how many projects and agreements they share with centres.
// description.fr: Les entreprises (organisations ayant le rôle entreprise) qui partagent des projets ou des accords avec au moins $min_centres centres différents : combien de centres et les 10 premiers par identifiant, et combien de projets et d'accords elles partagent avec des centres.
// group: cooperation
// param min_centres (integer): Fewest centres a listed company works with.
// param.fr min_centres: Nombre minimal de centres avec lesquels travaille une entreprise listée.
// param limit (integer): Most companies returned.
// param.fr limit: Nombre maximal d'entreprises renvoyées.
// returns: id, name, name_fr, country, centres, centre_ids, projects, agreements
// example: {"min_centres": 2, "limit": 50}
// mode: read
MATCH (k:Company)-[:PARTICIPATES_IN|PARTY_TO]->(a)<-[:PARTICIPATES_IN|PARTY_TO]-(c:Centre)
WHERE c <> k
WITH k, c, a
ORDER BY c.id
WITH k, collect(DISTINCT c.id) AS ids, collect(DISTINCT a) AS shared
WHERE size(ids) >= $min_centres
RETURN k.id AS id, k.name AS name, k.name_fr AS name_fr, k.country AS country, size(ids) AS centres,
       ids[..10] AS centre_ids, size([x IN shared WHERE x:Project]) AS projects,
       size([x IN shared WHERE x:Agreement]) AS agreements
ORDER BY centres DESC, projects DESC, id
LIMIT $limit
