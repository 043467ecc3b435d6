// title: A centre's members and their projects
// title.fr: Les membres d'un centre et leurs projets
// description: The centres that belong to a centre, directly (depth 1) or through other centres, with the centres each one belongs to and its numbers of projects, coordinated projects and agreements.
// description.fr: Les centres qui appartiennent à un centre, directement (profondeur 1) ou par d'autres centres, avec les centres auxquels chacun appartient et son nombre de projets, de projets coordonnés et d'accords.
// group: network
// param id (text): Id of the centre.
// param.fr id: Identifiant du centre.
// param limit (integer): Most members returned.
// param.fr limit: Nombre maximal de membres renvoyés.
// returns: id, name, name_fr, centre_level, country, depth, parents, projects, coordinated, agreements
// example: {"id": "cnam", "limit": 500}
// mode: read
MATCH path = (m:Organization)-[:MEMBER_OF*1..]->(:Organization {id: $id})
WITH m, min(length(path)) AS depth
OPTIONAL MATCH (m)-[:MEMBER_OF]->(up:Organization)
WITH m, depth, up
ORDER BY up.id
WITH m, depth, collect(up.id) AS parents
RETURN m.id AS id, m.name AS name, m.name_fr AS name_fr, m.centre_level AS centre_level, m.country AS country,
       depth, parents,
       size([(m)-[:PARTICIPATES_IN]->(p:Project) | p]) AS projects,
       size([role IN [(m)-[r:PARTICIPATES_IN]->(:Project) | r.role] WHERE role = 'coordinator']) AS coordinated,
       size([(m)-[:PARTY_TO]->(a:Agreement) | a]) AS agreements
ORDER BY depth, id
LIMIT $limit
