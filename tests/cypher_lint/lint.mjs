// Lint Cypher texts with Neo4j's own Cypher front end (@neo4j-cypher/language-support).
//
// Input (stdin):  JSON list of {"file": str, "text": str, "params": [str, ...]}
// Output (stdout): JSON list of {"file", "severity", "line", "column", "message"}, one per diagnostic,
//                  severity "error" or "warning" (or "information"/"hint"), line and column 1-based.
// Exit code: 0 when it ran, whatever it found; non-zero (with a message on stderr) when it could not run.
//
// Used by tests/test_neo4j_lint.py; install with `npm ci --prefix tests/cypher_lint`.
// One process lints the whole library: loading the front end takes most of the time.

import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message) {
  process.stderr.write(`lint.mjs: ${message}\n`);
  process.exit(2);
}

let items;
try {
  items = JSON.parse(await readStdin());
} catch (e) {
  fail(`stdin is not valid JSON: ${e.message}`);
}
if (!Array.isArray(items)) fail('stdin must hold a JSON list of {file, text, params} objects');

const results = [];
for (const [index, item] of items.entries()) {
  if (item === null || typeof item !== 'object' || typeof item.text !== 'string') {
    fail(`item ${index} is not an object with a string "text"`);
  }
  const file = String(item.file ?? `<item ${index}>`);
  const params = Array.isArray(item.params) ? item.params : [];
  // The front end reports every $name missing from dbSchema.parameters as an error
  // ("Parameter $x is not defined."); it only checks that the value is not undefined.
  const dbSchema = { parameters: Object.fromEntries(params.map((name) => [String(name), 'declared'])) };
  let diagnostics;
  try {
    // Query files hold pure Cypher: no `:param`-style console commands.
    ({ diagnostics } = lintCypherQuery(item.text, dbSchema, { consoleCommandsEnabled: false }));
  } catch (e) {
    fail(`the Cypher front end crashed on ${file}: ${e?.stack ?? e}`);
  }
  for (const d of diagnostics) {
    results.push({
      file,
      severity: SEVERITY[d.severity] ?? String(d.severity),
      line: (d.range?.start?.line ?? 0) + 1,
      column: (d.range?.start?.character ?? 0) + 1,
      message: d.message,
    });
  }
}

process.stdout.write(JSON.stringify(results) + '\n');
