// title: Expertise missing in a country
// title.fr: Expertises absentes d'un pays
// description: Expertise terms that no organization located in the country declares, with, for each, the organizations of the other countries of the same priority group that declare it (how many, the first 5 ids: where to look nearby) and the projects addressing it anywhere. Declared expertise only.
// description.fr: Les termes d'expertise qu'aucune organisation située dans le pays ne déclare, avec, pour chacun, les organisations des autres pays du même groupe prioritaire qui le déclarent (combien, les 5 premiers identifiants : où chercher à proximité) et les projets qui le traitent, où qu'ils soient. Expertise déclarée seulement.
// group: gaps
// param country (text): Code of the country (ISO 3166-1 alpha-2), e.g. MA.
// param.fr country: Code du pays (ISO 3166-1 alpha-2), par exemple MA.
// param limit (integer): Most terms returned.
// param.fr limit: Nombre maximal de termes renvoyés.
// returns: expertise, name, name_fr, priority, in_group, in_group_ids, projects
// example: {"country": "MA", "limit": 100}
// mode: read
MATCH (c:Country {code: $country})
MATCH (e:Expertise)
OPTIONAL MATCH (e)<-[:HAS_EXPERTISE]-(o:Organization)-[:LOCATED_IN]->(g:Country)
WITH c, e, o, g
ORDER BY o.id
WITH c, e, collect(CASE WHEN g IS NOT NULL THEN {id: o.id, code: g.code, priority: g.priority} END) AS holders
WHERE size([h IN holders WHERE h.code = c.code]) = 0
WITH c, e, [h IN holders WHERE h.priority = c.priority | h.id] AS near
RETURN e.id AS expertise, e.name AS name, e.name_fr AS name_fr, c.priority AS priority,
       size(near) AS in_group, near[..5] AS in_group_ids,
       size([(e)<-[:ADDRESSES]-(p:Project) | p]) AS projects
ORDER BY in_group DESC, projects DESC, expertise
LIMIT $limit
