// title: Organizations with an expertise or a narrower one
// description: Organizations that declare an expertise term or one of its narrower terms (at any depth), optionally in one country: the terms they declare (by id), their best declared level and the projects they take part in that address any of these terms.
// param expertise: Id of the expertise term.
// param country: Code of a country to keep only its organizations; null for every country.
// param limit: Most organizations returned.
// returns: id, name, name_fr, roles, country, terms, level, projects
// example: {"expertise": "digital", "country": null, "limit": 50}
// mode: read
MATCH (t:Expertise)-[:BROADER*0..]->(:Expertise {id: $expertise})
WITH collect(DISTINCT t) AS terms
UNWIND terms AS t
MATCH (o:Organization)-[h:HAS_EXPERTISE]->(t)
WHERE $country IS NULL OR o.country = $country
WITH terms, o, t, h
ORDER BY t.id
WITH terms, o, collect(t.id) AS declared, max(h.level) AS level
OPTIONAL MATCH (o)-[:PARTICIPATES_IN]->(p:Project)-[:ADDRESSES]->(x:Expertise)
RETURN o.id AS id, o.name AS name, o.name_fr AS name_fr, o.roles AS roles, o.country AS country,
       declared AS terms, level, count(DISTINCT CASE WHEN x IN terms THEN p END) AS projects
ORDER BY level DESC, projects DESC, id
LIMIT $limit
