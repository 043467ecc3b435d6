// title: Organization expertise
// description: The expertise of one organization, with level, evidence and provenance, strongest first.
// audience: internal
// param id (text): Id of the organization.
// returns: id, name, name_fr, level, evidence, source
// example: {"id": "cnam"}
MATCH (o:Organization {id: $id})-[r:HAS_EXPERTISE]->(e:Expertise)
RETURN e.id AS id, e.name AS name, e.name_fr AS name_fr, r.level AS level, r.evidence AS evidence, r.source AS source
ORDER BY level DESC, name
