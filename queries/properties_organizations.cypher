// title: Organization properties, for a merge
// description: Every organization's properties, the sources that gave them and the source of each property, so that a load from another source fills what is missing without erasing what an earlier source gave.
// audience: internal
// returns: key, name, name_fr, short_name, roles, kind, centre_level, country, city, nuts, lat, lon, website, source, sources, provenance
// mode: read
MATCH (o:Organization)
RETURN o.id AS key, o.name AS name, o.name_fr AS name_fr, o.short_name AS short_name, o.roles AS roles,
       o.kind AS kind, o.centre_level AS centre_level, o.country AS country, o.city AS city, o.nuts AS nuts,
       o.lat AS lat, o.lon AS lon, o.website AS website, o.source AS source, o.sources AS sources,
       o.provenance AS provenance
