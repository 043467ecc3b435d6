// title: Expertise missing in a priority group
// title.fr: Expertises absentes d'un groupe prioritaire
// description: Expertise terms that no organization located in a country of the priority group declares (declared expertise only: a narrower term does not count for its broader one), with the projects addressing each term anywhere and the organizations (all elsewhere) that declare it.
// description.fr: Les termes d'expertise qu'aucune organisation située dans un pays du groupe prioritaire ne déclare (expertise déclarée seulement : un terme plus précis ne compte pas pour son terme plus large), avec les projets qui traitent chaque terme, où qu'ils soient, et les organisations (toutes ailleurs) qui le déclarent.
// group: gaps
// param priority (text): Priority group of the countries, e.g. francophone.
// param.fr priority: Groupe prioritaire des pays, par exemple francophone.
// param limit (integer): Most terms returned.
// param.fr limit: Nombre maximal de termes renvoyés.
// returns: expertise, name, name_fr, broader, projects, holders
// example: {"priority": "francophone", "limit": 100}
// mode: read
MATCH (e:Expertise)
OPTIONAL MATCH (e)<-[:HAS_EXPERTISE]-(:Organization)-[:LOCATED_IN]->(c:Country)
WITH e, collect(c.priority) AS groups
WHERE NOT $priority IN groups
OPTIONAL MATCH (e)-[:BROADER]->(b:Expertise)
WITH e, b
ORDER BY b.id
WITH e, collect(b.id) AS broader
RETURN e.id AS expertise, e.name AS name, e.name_fr AS name_fr, broader[0] AS broader,
       size([(e)<-[:ADDRESSES]-(p:Project) | p]) AS projects,
       size([(e)<-[:HAS_EXPERTISE]-(h:Organization) | h]) AS holders
ORDER BY projects DESC, holders DESC, expertise
LIMIT $limit
