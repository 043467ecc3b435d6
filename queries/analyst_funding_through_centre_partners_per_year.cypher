// title: Funding through a centre's partners, per year
// title.fr: Financement passant par les partenaires d'un centre, par année
// description: Per year, the funding of the projects in which partners of a centre take part (its partners: the organizations sharing a project or an agreement with it), each funding counted once: fundings, projects, partners involved, total amount, and the part of it on projects the centre itself takes part in. The year is the funding's, else the project's start year.
// description.fr: Par année, le financement des projets auxquels participent des partenaires d'un centre (ses partenaires : les organisations qui partagent un projet ou un accord avec lui), chaque financement compté une fois : financements, projets, partenaires concernés, montant total, et la part de ce montant sur les projets auxquels le centre lui-même participe. L'année est celle du financement, sinon l'année de début du projet.
// group: funding
// param id (text): Id of the centre.
// param.fr id: Identifiant du centre.
// returns: year, fundings, projects, partners, amount, amount_with_centre
// example: {"id": "cnam-paca"}
// mode: read
MATCH (c:Centre {id: $id})-[:PARTICIPATES_IN|PARTY_TO]->()<-[:PARTICIPATES_IN|PARTY_TO]-(x:Organization)
WHERE x <> c
WITH c, collect(DISTINCT x) AS partners
UNWIND partners AS x
MATCH (x)-[:PARTICIPATES_IN]->(p:Project)<-[r:FUNDS]-(:Organization)
WITH c, p, r, collect(x.id) AS via
WITH p, r, via, coalesce(r.year, p.start_year) AS year, size([(c)-[:PARTICIPATES_IN]->(p) | p]) > 0 AS with_centre
UNWIND via AS pid
WITH year, collect(DISTINCT pid) AS pids, collect(DISTINCT r) AS rs, collect(DISTINCT p) AS ps,
     collect(DISTINCT CASE WHEN with_centre THEN r END) AS shared
RETURN year, size(rs) AS fundings, size(ps) AS projects, size(pids) AS partners,
       reduce(s = 0.0, q IN rs | s + coalesce(q.amount, 0.0)) AS amount,
       reduce(s = 0.0, q IN shared | s + coalesce(q.amount, 0.0)) AS amount_with_centre
ORDER BY year
