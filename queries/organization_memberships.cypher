// title: Organization memberships
// description: The centres one centre belongs to (direction "parent") and the centres that belong to it (direction "member").
// audience: internal
// param id (text): Id of the organization.
// returns: direction, id, name, name_fr, centre_level, country
// example: {"id": "cnam"}
MATCH (o:Organization {id: $id})-[:MEMBER_OF]->(x:Organization)
RETURN 'parent' AS direction, x.id AS id, x.name AS name, x.name_fr AS name_fr, x.centre_level AS centre_level, x.country AS country
UNION ALL
MATCH (o:Organization {id: $id})<-[:MEMBER_OF]-(x:Organization)
RETURN 'member' AS direction, x.id AS id, x.name AS name, x.name_fr AS name_fr, x.centre_level AS centre_level, x.country AS country
