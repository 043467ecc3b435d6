// title: Organizations with an expertise or a narrower one
// title.fr: Organisations ayant une expertise ou une expertise plus précise
// description: Organizations that declare an expertise term or one of its narrower terms (at any depth), optionally in one country: the terms they declare (by id), their best declared level and the projects they take part in that address any of these terms.
// description.fr: Les organisations qui déclarent un terme d'expertise ou l'un de ses termes plus précis (à toute profondeur), éventuellement dans un seul pays : les termes qu'elles déclarent (par identifiant), leur meilleur niveau déclaré et les projets auxquels elles participent qui traitent l'un de ces termes.
// group: network
// param expertise (text): Id of the expertise term.
// param.fr expertise: Identifiant du terme d'expertise.
// param country (text or null): Code of a country to keep only its organizations; empty (null) for every country.
// param.fr country: Code d'un pays pour ne garder que ses organisations ; vide pour tous les pays.
// param limit (integer): Most organizations returned.
// param.fr limit: Nombre maximal d'organisations renvoyées.
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
