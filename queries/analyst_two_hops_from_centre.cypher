// title: Organizations two hops from a centre
// description: Organizations two cooperation steps away from a centre (a step is a shared project or agreement): they share none with the centre but do with at least one of its partners. With how many of the centre's partners lead to each, and the first 5 of them by id.
// param id: Id of the centre.
// param limit: Most organizations returned.
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
