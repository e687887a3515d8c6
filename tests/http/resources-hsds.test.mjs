// HSDS 3.0 import and export (issue 23, 3): `waypoint import hsds`,
// `waypoint export hsds`, POST /api/v1/resources/import and GET
// /api/v1/resources/export.  Every example of the standard goes through
// import → export → import without losing what Waypoint stores; exports
// validate against the standard's compiled JSON schemas; bad files import
// nothing and name the file, row or path, and field.
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync, truncateSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BACKEND, freshDatabase, runWaypoint, sqlDirect, staff, startServer } from './helpers.mjs';

const REF = new URL('../../../shared/reference/hsds-3.0/', import.meta.url).pathname;
const EX = path.join(REF, 'examples');
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const schemaOf = (name) => {
  const s = JSON.parse(readFileSync(path.join(REF, 'schema/compiled', `${name}.json`)));
  delete s.$id; delete s.id;
  return ajv.compile(s);
};
let validators;
const valid = (name, items) => {
  validators ??= { services: schemaOf('service'), organizations: schemaOf('organization'),
    service_at_location: schemaOf('service_at_location') };
  for (const item of items) {
    const ok = validators[name](item);
    assert.ok(ok, `${name} ${item.id}: ${JSON.stringify(validators[name].errors?.slice(0, 3))}`);
  }
};

const tmp = () => mkdtempSync(path.join(tmpdir(), 'hsds-'));
const db = (url) => ({ db: url });
function initDb() {
  const url = freshDatabase();
  const r = runWaypoint(['init', '--db', url]);
  assert.equal(r.status, 0, r.stderr);
  return url;
}
const imp = (url, p) => runWaypoint(['import', 'hsds', '--db', url, p]);
function exp(url) {
  const dir = tmp();
  const r = runWaypoint(['export', 'hsds', '--db', url, '--out', dir]);
  assert.equal(r.status, 0, r.stderr);
  return dir;
}
const readJson = (dir, name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
const count = (url, table) => Number(sqlDirect(db(url), `SELECT COUNT(*) FROM ${table}`).out.trim());

// RFC 4180, enough for the files here: rows of {column: value}, "" kept
// apart from an empty field (null).
function parseCsv(text) {
  const rows = []; let row = [], field = '', quoted = false, inq = false, i = 0;
  const push = () => { row.push(quoted || field !== '' ? field : null); field = ''; quoted = false; };
  for (; i < text.length; i++) {
    const c = text[i];
    if (inq) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') inq = false; else field += c;
    } else if (c === '"') { inq = true; quoted = true; } else if (c === ',') push();
    else if (c === '\n' || c === '\r') { if (c === '\r' && text[i + 1] === '\n') i++; push(); rows.push(row); row = []; }
    else field += c;
  }
  if (field !== '' || row.length) { push(); rows.push(row); }
  const [head, ...rest] = rows;
  return rest.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}
const csvTables = (dir) => Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.csv'))
  .map((f) => [f.slice(0, -4), parseCsv(readFileSync(path.join(dir, f), 'utf8'))]));

// Everything in want is in got: objects key by key, lists item by item
// (matched by id), numbers by value.
function contains(got, want, at = '$') {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${at}: not a list`);
    for (const [i, w] of want.entries()) {
      const g = w && typeof w === 'object' && 'id' in w ? got.find((x) => x.id === w.id) : got[i];
      assert.ok(g !== undefined, `${at}[${i}] (${w?.id}) missing`);
      contains(g, w, `${at}[${i}]`);
    }
  } else if (want && typeof want === 'object') {
    assert.ok(got && typeof got === 'object', `${at}: not an object`);
    for (const [k, v] of Object.entries(want)) contains(got[k], v, `${at}.${k}`);
  } else if (typeof want === 'number') {
    assert.equal(Number(got), want, at);
  } else {
    assert.equal(got, want, at);
  }
}

// The columns that reference another table's record.
const REFS = new Set(['organization_id', 'service_id', 'location_id', 'service_at_location_id', 'contact_id',
  'phone_id', 'program_id', 'taxonomy_id', 'taxonomy_term_id']);

const JSON_EXAMPLES = {
  'service_full.json': 'services', 'service_list.json': 'services', 'organization_full.json': 'organizations',
  'organization_list.json': 'organizations', 'service_at_location_full.json': 'service_at_location',
  'service_at_location_list.json': 'service_at_location', 'location.json': 'locations',
  'taxonomy.json': 'taxonomies', 'taxonomy_list.json': 'taxonomies', 'taxonomy_term.json': 'taxonomy_terms',
  'taxonomy_term_list.json': 'taxonomy_terms',
};

describe(`HSDS 3.0 round trips of every example (${BACKEND})`, () => {
  for (const [file, root] of Object.entries(JSON_EXAMPLES)) {
    test(`${file}: import, export (valid), import again: nothing lost`, () => {
      const a = initDb();
      const r = imp(a, path.join(EX, file));
      assert.equal(r.status, 0, r.stderr);
      const out = exp(a);
      const original = JSON.parse(readFileSync(path.join(EX, file), 'utf8'));
      const items = original.contents ?? [original];
      const exported = readJson(out, `${root}.json`);
      contains(exported, items);
      if (validators?.[root] || ['services', 'organizations', 'service_at_location'].includes(root)) valid(root, exported);
      // the export imports into an empty directory and exports the same
      const b = initDb();
      const again = imp(b, out);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(csvTables(exp(b)), csvTables(out));
    });
  }

  for (const source of ['csv', 'tabular.json']) {
    test(`${source}: every stored field of the data package comes back`, () => {
      const a = initDb();
      const r = imp(a, path.join(EX, source));
      assert.equal(r.status, 0, r.stderr);
      // the standard's own package links a location, a contact and a term
      // to records it does not hold: those links are left out, said so
      assert.match(r.stderr, /warning: .*locations\.csv.*organization_id: no organization/);
      const out = exp(a);
      const got = csvTables(out);
      const want = source === 'csv' ? csvTables(path.join(EX, 'csv'))
        : Object.fromEntries(Object.entries(readJson(EX, 'tabular.json')).map(([k, v]) => [k.slice(0, -4), v]));
      const ids = new Set(Object.values(got).flat().map((row) => row.id));
      for (const [table, rows] of Object.entries(want)) {
        for (const w of rows) {
          const g = got[table].find((x) => x.id === w.id);
          assert.ok(g, `${table} ${w.id} missing`);
          for (const [k, v] of Object.entries(w)) {
            if (v === null || v === '') continue;
            if (REFS.has(k) && !ids.has(v)) { assert.equal(g[k], null); continue; }
            assert.equal(String(g[k]), String(v), `${table} ${w.id} ${k}`);
          }
        }
      }
      valid('services', readJson(out, 'services.json'));
      valid('organizations', readJson(out, 'organizations.json'));
      const b = initDb();
      assert.equal(imp(b, out).status, 0);
      assert.deepEqual(csvTables(exp(b)), got);
    });
  }

  test('datapackage.json names the tables and their columns', () => {
    const a = initDb();
    assert.equal(imp(a, path.join(EX, 'service_full.json')).status, 0);
    const pkg = readJson(exp(a), 'datapackage.json');
    const services = pkg.resources.find((x) => x.name === 'services');
    assert.equal(services.path, 'services.csv');
    assert.equal(services.schema.fields.find((f) => f.name === 'minimum_age').type, 'number');
    assert.equal(pkg.resources.length, 21);
  });
});

describe(`HSDS import is idempotent and replaces lists given anew (${BACKEND})`, () => {
  test('the same file twice: nothing duplicated', () => {
    const a = initDb();
    assert.equal(imp(a, path.join(EX, 'organization_full.json')).status, 0);
    const before = ['hsds_services', 'hsds_phones', 'hsds_schedules', 'hsds_contacts', 'hsds_languages']
      .map((t) => count(a, t));
    assert.equal(imp(a, path.join(EX, 'organization_full.json')).status, 0);
    assert.deepEqual(['hsds_services', 'hsds_phones', 'hsds_schedules', 'hsds_contacts', 'hsds_languages']
      .map((t) => count(a, t)), before);
    assert.equal(count(a, 'hsds_import_keep'), 0);
  });

  test('an updated export updates; a list given without an item removes it; a list not given stays', () => {
    const a = initDb();
    assert.equal(imp(a, path.join(EX, 'service_full.json')).status, 0);
    const s = readJson(EX, 'service_full.json');
    s.name = 'Community Counselling (renamed)';
    s.service_areas = [];
    delete s.cost_options; // not given: kept
    const dir = tmp();
    writeFileSync(path.join(dir, 'service.json'), JSON.stringify(s));
    const r = imp(a, path.join(dir, 'service.json'));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sqlDirect(db(a), `SELECT name FROM hsds_services WHERE id = '${s.id}'`).out.trim(),
      'Community Counselling (renamed)');
    assert.equal(count(a, 'hsds_service_areas'), 0);
    assert.equal(count(a, 'hsds_cost_options'), 1);
    assert.equal(count(a, 'hsds_services'), 1);
  });

  test('a data package re-imported without a row removes that row of its parents', () => {
    const a = initDb();
    const dir = tmp();
    cpSync(path.join(EX, 'csv'), dir, { recursive: true });
    for (const f of readdirSync(dir)) chmodSync(path.join(dir, f), 0o644);
    assert.equal(imp(a, dir).status, 0);
    assert.equal(count(a, 'hsds_required_documents'), 1);
    writeFileSync(path.join(dir, 'required_documents.csv'), 'id,service_id,document,uri\r\n');
    assert.equal(imp(a, dir).status, 0);
    assert.equal(count(a, 'hsds_required_documents'), 0);
    assert.equal(count(a, 'hsds_services'), 1);
  });
});

describe(`HSDS bad input: a clear problem, nothing imported (${BACKEND})`, () => {
  let a, csvDir;
  const fresh = () => {
    const d = tmp();
    cpSync(path.join(EX, 'csv'), d, { recursive: true });
    for (const f of readdirSync(d)) chmodSync(path.join(d, f), 0o644);
    return d;
  };
  before(() => {
    a = initDb();
    assert.equal(imp(a, path.join(EX, 'service_full.json')).status, 0);
  });
  const unchanged = () => {
    assert.equal(count(a, 'hsds_services'), 1);
    assert.equal(sqlDirect(db(a), 'SELECT name FROM hsds_services').out.trim(), 'Community Counselling');
  };
  function refused(p, pattern) {
    const r = imp(a, p);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, pattern);
    assert.match(r.stderr, /nothing was imported/);
    unchanged();
    return r.stderr;
  }

  test('a file that is not JSON', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'services.json'), '{"id": "x", "name": ');
    refused(path.join(d, 'services.json'), /services\.json: line 1, column \d+: -: not JSON/);
  });

  test('invalid UTF-8 in a CSV file: the file and line', () => {
    csvDir = fresh();
    writeFileSync(path.join(csvDir, 'services.csv'), Buffer.concat([
      readFileSync(path.join(EX, 'csv/services.csv')), Buffer.from([0xff, 0xfe, 0x0a])]));
    refused(csvDir, /services\.csv: line 3: -: not valid UTF-8/);
  });

  test('a CSV header with a column the table does not have, and one without id', () => {
    csvDir = fresh();
    writeFileSync(path.join(csvDir, 'phones.csv'), 'id,number,colour\r\n1554f2e2-a373-45db-a3fa-9fc48a61c15e,1,red\r\n');
    writeFileSync(path.join(csvDir, 'languages.csv'), 'name,code\r\nUrdu,ur\r\n');
    const err = refused(csvDir, /phones\.csv: row 1 \(header\): colour: not a column of phones/);
    assert.match(err, /languages\.csv: row 1 \(header\): id: missing/);
  });

  test('a broken quote: the row', () => {
    csvDir = fresh();
    const text = readFileSync(path.join(EX, 'csv/services.csv'), 'utf8').replace('"Counselling Services', '"Counselling "Services');
    writeFileSync(path.join(csvDir, 'services.csv'), text);
    refused(csvDir, /services\.csv: row 2: -: broken quote/);
  });

  test('an unknown taxonomy term', () => {
    csvDir = fresh();
    writeFileSync(path.join(csvDir, 'attributes.csv'),
      'id,link_id,taxonomy_term_id,link_type,link_entity,value\r\n' +
      'ae58cc39-8b70-4ab1-8aea-786882e5ac8e,ac148810-d857-441c-9679-408f346de14b,00000000-0000-4000-8000-000000000000,x,service,\r\n');
    refused(csvDir, /attributes\.csv: row 2: taxonomy_term_id: unknown taxonomy term 00000000-0000-4000-8000-000000000000/);
  });

  test('a service pointing at a missing organization, and a phone of nothing', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'list.json'), JSON.stringify({ contents: [
      { id: '11111111-1111-4111-8111-111111111111', name: 'Renamed', status: 'active',
        organization_id: '22222222-2222-4222-8222-222222222222' },
    ] }));
    refused(path.join(d, 'list.json'), /\$\.contents\[0\]: organization_id: no organization with id 22222222/);
    csvDir = fresh();
    writeFileSync(path.join(csvDir, 'phones.csv'), 'id,service_id,number\r\n' +
      '99999999-1111-4111-8111-111111111111,33333333-3333-4333-8333-333333333333,555\r\n');
    refused(csvDir, /phones\.csv: row 2: -: a phone of nothing/);
  });

  test('duplicate ids: twice in a CSV file, or twice in JSON with different values', () => {
    csvDir = fresh();
    const text = readFileSync(path.join(EX, 'csv/services.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(path.join(csvDir, 'services.csv'), [...text, text[1]].join('\n'));
    refused(csvDir, /services\.csv: row 3: id: duplicate id ac148810-d857-441c-9679-408f346de14b: also services\.csv row 2/);
    const s = readJson(EX, 'service_full.json');
    const d = tmp();
    writeFileSync(path.join(d, 'two.json'), JSON.stringify([s, { ...s, name: 'Other', phones: [] }]));
    refused(path.join(d, 'two.json'), /\$\[1\]: name: duplicate id ac148810.* with a different value/);
  });

  test('a file over 50 MB is refused before it is read', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'big.json'), '');
    truncateSync(path.join(d, 'big.json'), 50 * 1024 * 1024 + 1);
    refused(path.join(d, 'big.json'), /big\.json: -: -: larger than 50 MB/);
    csvDir = fresh();
    truncateSync(path.join(csvDir, 'phones.csv'), 50 * 1024 * 1024 + 1);
    refused(csvDir, /phones\.csv: -: -: larger than 50 MB/);
  });

  test('every problem of a file is listed, not only the first', () => {
    csvDir = fresh();
    writeFileSync(path.join(csvDir, 'services.csv'), 'id,name,status,minimum_age\r\n' +
      'not-a-uuid,A,active,12\r\n44444444-4444-4444-8444-444444444444,,active,twelve\r\n');
    const err = refused(csvDir, /services\.csv: row 2: id: "not-a-uuid" is not a UUID/);
    assert.match(err, /services\.csv: row 3: minimum_age: not a number/);
    assert.match(err, /services\.csv: row 3: name: required/);
  });

  test('a directory with no HSDS table, and a missing path', () => {
    refused(tmp(), /no HSDS table here/);
    refused('/nonexistent/hsds', /cannot be read/);
  });
});

describe(`HSDS through the API (${BACKEND})`, () => {
  let s, admin, manager, peer;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    peer = await staff(s);
  });
  after(() => s.stop());

  const audits = (action, outcome) => Number(sqlDirect(s,
    `SELECT COUNT(*) FROM audit_log WHERE action = '${action}' AND entity_type = 'directory' AND outcome = '${outcome}'`).out.trim());

  test('an admin imports a service and exports the directory as valid HSDS JSON; both audited', async () => {
    const body = readJson(EX, 'service_full.json');
    const r = await admin.json('POST', '/api/v1/resources/import', body);
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal((await r.json()).imported, 20);
    assert.equal(audits('import', 'success'), 1);
    const x = await admin.fetch('/api/v1/resources/export');
    assert.equal(x.status, 200);
    const all = await x.json();
    contains(all.services, [body]);
    valid('services', all.services);
    valid('organizations', all.organizations);
    assert.equal(audits('export', 'success'), 1);
    // the export imports back: nothing duplicated
    const again = await admin.json('POST', '/api/v1/resources/import', all);
    assert.equal(again.status, 200, await again.clone().text());
    assert.equal(Number(sqlDirect(s, 'SELECT COUNT(*) FROM hsds_phones').out.trim()), 1);
  });

  test('bad input: 400 listing every problem with its path and field; nothing imported', async () => {
    const before = sqlDirect(s, 'SELECT COUNT(*) FROM hsds_services').out;
    const r = await admin.json('POST', '/api/v1/resources/import', { contents: [
      { id: '55555555-5555-4555-8555-555555555555', name: 'New', status: 'active', phones: [{ number: '1' }] },
      { id: '66666666-6666-4666-8666-666666666666', status: 'active', minimum_age: 'ten',
        organization_id: '77777777-7777-4777-8777-777777777777' },
    ] });
    assert.equal(r.status, 400);
    const j = await r.json();
    assert.equal(j.error.code, 'invalid_hsds');
    const seen = j.problems.map((p) => `${p.where} ${p.field}`);
    assert.ok(seen.includes('$.contents[0].phones[0] id'), seen.join('; '));
    assert.ok(seen.includes('$.contents[1] minimum_age'), seen.join('; '));
    assert.equal(sqlDirect(s, 'SELECT COUNT(*) FROM hsds_services').out, before);
    assert.ok(audits('import', 'failure') >= 1);
  });

  test('a body that is not an HSDS record, and one that is not JSON', async () => {
    const r = await admin.json('POST', '/api/v1/resources/import', { version: '3.0' });
    assert.equal(r.status, 400);
    assert.match((await r.json()).problems[0].message, /not an HSDS record/);
    const bad = await admin.fetch('/api/v1/resources/import', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: '{"id":' });
    assert.equal(bad.status, 400);
  });

  test('only admins exchange the directory', async () => {
    for (const who of [manager, peer]) {
      assert.equal((await who.json('POST', '/api/v1/resources/import', readJson(EX, 'service_full.json'))).status, 403);
      assert.equal((await who.fetch('/api/v1/resources/export')).status, 403);
    }
    assert.equal((await fetch(`${s.url}/api/v1/resources/export`)).status, 401);
  });
});
