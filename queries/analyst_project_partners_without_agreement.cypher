// title: Project partners of centres without an agreement
// title.fr: Partenaires de projets des centres sans accord
// description: Organizations that are not centres, share at least $min_projects projects with centres, and are party to no agreement with any centre: candidates for a convention. With the centres they work with (how many, the first 10 ids) and the last end year of the shared projects.
// description.fr: Les organisations qui ne sont pas des centres, partagent au moins $min_projects projets avec des centres et ne sont partie à aucun accord avec un centre : des candidates à une convention. Avec les centres avec lesquels elles travaillent (combien, les 10 premiers identifiants) et la dernière année de fin des projets partagés.
// group: agreements
// param min_projects (integer): Fewest projects shared with centres.
// param.fr min_projects: Nombre minimal de projets partagés avec des centres.
// param limit (integer): Most organizations returned.
// param.fr limit: Nombre maximal d'organisations renvoyées.
// returns: id, name, name_fr, roles, country, projects, centres, centre_ids, last_year
// example: {"min_projects": 1, "limit": 50}
// mode: read
MATCH (c:Centre)-[:PARTICIPATES_IN]->(p:Project)<-[:PARTICIPATES_IN]-(x:Organization)
WHERE NOT x:Centre
WITH x, c, p
ORDER BY c.id
WITH x, collect(DISTINCT c.id) AS ids, count(DISTINCT p) AS projects, max(p.end_year) AS last_year
WHERE projects >= $min_projects
OPTIONAL MATCH (x)-[:PARTY_TO]->(:Agreement)<-[:PARTY_TO]-(k:Centre)
WITH x, ids, projects, last_year, count(k) AS agreements
WHERE agreements = 0
RETURN x.id AS id, x.name AS name, x.name_fr AS name_fr, x.roles AS roles, x.country AS country, projects,
       size(ids) AS centres, ids[..10] AS centre_ids, last_year
ORDER BY projects DESC, id
LIMIT $limit
