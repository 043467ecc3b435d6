// title: Raw expertise
// description: Raw baseline: merges Expertise nodes keyed by id, with their columns; no BROADER links, no hash, no provenance.
// param rows: Rows of the expertise table.
// returns: nothing
// mode: write
UNWIND $rows AS row
MERGE (e:Expertise {id: row.id})
SET e.name = row.name, e.name_fr = row.name_fr, e.broader = row.broader
