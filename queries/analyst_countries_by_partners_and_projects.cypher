// title: Countries by partners and projects
// title.fr: Pays par partenaires et projets
// description: Every country with its organizations by role (an organization may have several roles), the projects in which an organization of the country takes part and the agreements one is party to; most partners first, then most projects.
// description.fr: Chaque pays avec ses organisations par rôle (une organisation peut avoir plusieurs rôles), les projets auxquels participe une organisation du pays et les accords auxquels l'une est partie ; le plus de partenaires d'abord, puis le plus de projets.
// group: network
// param limit (integer): Most countries returned.
// param.fr limit: Nombre maximal de pays renvoyés.
// returns: code, name, name_fr, priority, organizations, partners, centres, companies, funders, projects, agreements
// example: {"limit": 100}
// mode: read
MATCH (c:Country)
OPTIONAL MATCH (c)<-[:LOCATED_IN]-(o:Organization)
WITH c, count(o) AS organizations, count(CASE WHEN o:Partner THEN o END) AS partners,
     count(CASE WHEN o:Centre THEN o END) AS centres, count(CASE WHEN o:Company THEN o END) AS companies,
     count(CASE WHEN o:Funder THEN o END) AS funders
OPTIONAL MATCH (c)<-[:LOCATED_IN]-(:Organization)-[:PARTICIPATES_IN]->(p:Project)
WITH c, organizations, partners, centres, companies, funders, count(DISTINCT p) AS projects
OPTIONAL MATCH (c)<-[:LOCATED_IN]-(:Organization)-[:PARTY_TO]->(a:Agreement)
WITH c, organizations, partners, centres, companies, funders, projects, count(DISTINCT a) AS agreements
RETURN c.code AS code, c.name AS name, c.name_fr AS name_fr, c.priority AS priority, organizations, partners, centres,
       companies, funders, projects, agreements
ORDER BY partners DESC, projects DESC, code
LIMIT $limit
