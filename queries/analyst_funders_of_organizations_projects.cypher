// title: Funders of a set of organizations' projects
// title.fr: Financeurs des projets d'un ensemble d'organisations
// description: The funders of the projects in which at least one of the given organizations (e.g. the members of an excellence hub) takes part: the projects funded, how many of them at least two of the organizations share, how many of the organizations are involved, and the amount (each funding counted once).
// description.fr: Les financeurs des projets auxquels participe au moins une des organisations données (par exemple les membres d'un pôle d'excellence) : les projets financés, combien d'entre eux au moins deux de ces organisations partagent, combien de ces organisations sont concernées, et le montant (chaque financement compté une fois).
// group: funding
// param ids (list): List of organization ids (unknown ids are ignored).
// param.fr ids: Liste d'identifiants d'organisations, séparés par des virgules (les identifiants inconnus sont ignorés).
// param limit (integer): Most funders returned.
// param.fr limit: Nombre maximal de financeurs renvoyés.
// returns: id, name, name_fr, projects, shared_projects, organizations, amount
// example: {"ids": ["cnam", "uir", "ucad"], "limit": 20}
// mode: read
MATCH (o:Organization)-[:PARTICIPATES_IN]->(p:Project)<-[r:FUNDS]-(f:Organization)
WHERE o.id IN $ids
WITH f, p, r, count(DISTINCT o) AS members
WITH f, count(p) AS projects, count(CASE WHEN members >= 2 THEN p END) AS shared_projects,
     sum(r.amount) AS amount
MATCH (f)-[:FUNDS]->(:Project)<-[:PARTICIPATES_IN]-(o:Organization)
WHERE o.id IN $ids
RETURN f.id AS id, f.name AS name, f.name_fr AS name_fr, projects, shared_projects,
       count(DISTINCT o) AS organizations, amount
ORDER BY projects DESC, amount DESC, id
LIMIT $limit
