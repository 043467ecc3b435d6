// title: Centres without a foreign partner
// title.fr: Centres sans partenaire étranger
// description: Centres (of known country) that share no current project or agreement with an organization located in another country (organizations of unknown country are not counted as foreign). A project is current when it ends in or after $since or has no end date; an agreement when it expires in or after $since or has no expiry date. With how many organizations they do share a current one with, and their numbers of projects and agreements (all years).
// description.fr: Les centres (de pays connu) qui ne partagent aucun projet ni accord en cours avec une organisation située dans un autre pays (les organisations de pays inconnu ne comptent pas comme étrangères). Un projet est en cours s'il se termine en $since ou après, ou s'il n'a pas de date de fin ; un accord s'il expire en $since ou après, ou s'il n'a pas de date d'échéance. Avec le nombre d'organisations avec lesquelles ils en partagent un, et leur nombre de projets et d'accords (toutes années).
// group: gaps
// param since (integer or null): First year that counts (e.g. this year for partnerships still running); empty (null) for all years.
// param.fr since: Première année prise en compte (par exemple l'année en cours, pour les partenariats encore actifs) ; vide pour toutes les années.
// param limit (integer): Most centres returned.
// param.fr limit: Nombre maximal de centres renvoyés.
// returns: id, name, name_fr, centre_level, country, partners, projects, agreements
// example: {"since": 2025, "limit": 500}
// mode: read
MATCH (c:Centre)
WHERE c.country IS NOT NULL
OPTIONAL MATCH (c)-[:PARTICIPATES_IN|PARTY_TO]->(a)<-[:PARTICIPATES_IN|PARTY_TO]-(x:Organization)
WHERE x <> c AND ($since IS NULL
      OR (a:Project AND (a.end_year IS NULL OR a.end_year >= $since))
      OR (a:Agreement AND (a.expires IS NULL OR toInteger(substring(a.expires, 0, 4)) >= $since)))
WITH c, collect(DISTINCT x) AS partners
WITH c, partners, [x IN partners WHERE x.country <> c.country] AS foreign
WHERE size(foreign) = 0
RETURN c.id AS id, c.name AS name, c.name_fr AS name_fr, c.centre_level AS centre_level, c.country AS country,
       size(partners) AS partners,
       size([(c)-[:PARTICIPATES_IN]->(p:Project) | p]) AS projects,
       size([(c)-[:PARTY_TO]->(g:Agreement) | g]) AS agreements
ORDER BY id
LIMIT $limit
