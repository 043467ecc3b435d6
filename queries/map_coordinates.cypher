// title: Map: coordinates of organizations
// description: Every organization that has a latitude and a longitude (the map draws the others at their country).
// audience: internal
// returns: id, lat, lon
// mode: read
MATCH (o:Organization)
WHERE o.lat IS NOT NULL AND o.lon IS NOT NULL
RETURN o.id AS id, o.lat AS lat, o.lon AS lon
ORDER BY id
