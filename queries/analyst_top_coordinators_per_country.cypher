// title: Top coordinators per country
// title.fr: Principaux coordinateurs par pays
// description: In each country, the organizations that coordinate the most projects (participation role coordinator), at most $per_country per country, rank 1 first; ties go to more projects in all, then to the smaller id. Organizations of unknown country are left out.
// description.fr: Dans chaque pays, les organisations qui coordonnent le plus de projets (rôle de participation coordinateur), au plus $per_country par pays, rang 1 d'abord ; à égalité, l'avantage va au plus grand nombre de projets au total, puis au plus petit identifiant. Les organisations de pays inconnu sont laissées de côté.
// group: cooperation
// param per_country (integer): Most organizations listed per country.
// param.fr per_country: Nombre maximal d'organisations listées par pays.
// param limit (integer): Most rows returned.
// param.fr limit: Nombre maximal de lignes renvoyées.
// returns: country, country_name, rank, id, name, roles, coordinated, projects
// example: {"per_country": 3, "limit": 100}
// mode: read
MATCH (o:Organization)-[r:PARTICIPATES_IN]->(p:Project)
WHERE o.country IS NOT NULL
WITH o, count(p) AS projects, count(CASE WHEN r.role = 'coordinator' THEN p END) AS coordinated
WHERE coordinated > 0
WITH o, projects, coordinated
ORDER BY coordinated DESC, projects DESC, o.id
WITH o.country AS country,
     collect({id: o.id, name: o.name, roles: o.roles, coordinated: coordinated, projects: projects})[..$per_country] AS top
UNWIND range(0, size(top) - 1) AS i
OPTIONAL MATCH (c:Country {code: country})
RETURN country, c.name AS country_name, i + 1 AS rank, top[i].id AS id, top[i].name AS name, top[i].roles AS roles,
       top[i].coordinated AS coordinated, top[i].projects AS projects
ORDER BY country, rank
LIMIT $limit
