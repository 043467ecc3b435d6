// title: Organizations two hops from a centre
// title.fr: Organisations à deux pas d'un centre
// description: Organizations two cooperation steps away from a centre (a step is a shared project or agreement): they share none with the centre but do with at least one of its partners. With how many of the centre's partners lead to each, and the first 5 of them by id.
// description.fr: Les organisations à deux étapes de coopération d'un centre (une étape est un projet ou un accord partagé) : elles n'en partagent aucun avec le centre, mais en partagent avec au moins un de ses partenaires. Avec le nombre de partenaires du centre qui mènent à chacune, et les 5 premiers par identifiant.
// group: paths
// param id (text): Id of the centre.
// param.fr id: Identifiant du centre.
// param limit (integer): Most organizations returned.
// param.fr limit: Nombre maximal d'organisations renvoyées.
// returns: id, name, name_fr, roles, country, via, via_ids
// example: {"id": "cnam-brest", "limit": 50}
// mode: read
MATCH (c:Centre {id: $id})-[:PARTICIPATES_IN|PARTY_TO]->()<-[:PARTICIPATES_IN|PARTY_TO]-(m:Organization)
WHERE m <> c
WITH c, collect(DISTINCT m) AS direct
UNWIND direct AS m
MATCH (m)-[:PARTICIPATES_IN|PARTY_TO]->()<-[:PARTICIPATES_IN|PARTY_TO]-(x:Organization)
WHERE x <> c AND x <> m AND NOT x IN direct
WITH x, m
ORDER BY m.id
WITH x, collect(DISTINCT m.id) AS through
RETURN x.id AS id, x.name AS name, x.name_fr AS name_fr, x.roles AS roles, x.country AS country,
       size(through) AS via, through[..5] AS via_ids
ORDER BY via DESC, id
LIMIT $limit
