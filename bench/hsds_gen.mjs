#!/usr/bin/env node
// bench/hsds_gen.mjs — a state 211's directory as an HSDS 3.0 tabular data
// package: 50,000 services at 80,000 locations (issue 23's target), with
// their organizations, addresses, phones, opening hours, languages, costs,
// service areas, accessibility and taxonomy terms.  Fictional and
// deterministic (the same seed gives the same files).  Shared by the
// import bench (bench/hsds_import.sh) and the search bench.
//
//   node bench/hsds_gen.mjs DIR [--services N] [--locations N] [--seed S]
//
// Writes DIR/datapackage.json and DIR/<table>.csv; prints the row counts.
import { mkdirSync, createWriteStream } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
if (!dir) { console.error('usage: node bench/hsds_gen.mjs DIR [--services N] [--locations N] [--seed S]'); process.exit(2); }
const SERVICES = opt('services', 50000), LOCATIONS = opt('locations', 80000);
const ORGS = Math.max(1, Math.round(SERVICES / 5));
let seed = opt('seed', 211) >>> 0;
const rnd = () => { seed = (seed + 0x6d2b79f5) >>> 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
let uuidN = 0;
// v4-shaped and unique: a counter in the last group, random elsewhere
const uuid = () => { const h = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[int(0, 3)]}${h(3)}-${(++uuidN).toString(16).padStart(12, '0')}`; };

const CATEGORIES = [
  ['recovery', 'Recovery Community Centre', ['Peer recovery coaching', 'All-recovery meeting', 'Recovery café', 'Family recovery support']],
  ['mutual', 'Mutual-Help Meeting', ['Twelve-step meeting', 'SMART Recovery meeting', 'Refuge Recovery meeting', 'Women in recovery group']],
  ['housing', 'Housing', ['Emergency shelter', 'Recovery residence', 'Rental assistance', 'Transitional housing']],
  ['food', 'Food', ['Food pantry', 'Community meal', 'Mobile food market', 'Groceries for seniors']],
  ['employment', 'Employment', ['Job readiness class', 'Résumé clinic', 'Second-chance hiring fair', 'Vocational training']],
  ['benefits', 'Benefits', ['SNAP application help', 'Medicaid enrolment', 'Disability benefits counselling', 'Tax preparation']],
  ['crisis', 'Crisis', ['Crisis line', 'Mobile crisis team', 'Crisis stabilisation unit', 'Walk-in crisis centre']],
  ['health', 'Health', ['Medication for opioid use disorder', 'Community health clinic', 'Dental clinic', 'Mental health counselling']],
  ['legal', 'Legal', ['Expungement clinic', 'Tenant legal aid', 'Family court help', 'Re-entry legal services']],
  ['transport', 'Transportation', ['Ride to treatment', 'Bus pass programme', 'Medical transport', 'Bike share for work']],
];
const TOWNS = ['Ashford', 'Brookvale', 'Cedar Falls', 'Dunmore', 'Elmhurst', 'Fairhaven', 'Glenwood', 'Harlow', 'Ironbridge', 'Juniper',
  'Kingsport', 'Lakeside', 'Millbrook', 'Northfield', 'Oakridge', 'Pinecrest', 'Queensbury', 'Riverton', 'Stonegate', 'Thornbury',
  'Upton', 'Valemont', 'Westbury', 'Yarrow', 'Zion Hill', 'São Miguel', 'Bellevue', 'Montréal Heights'];
const STREETS = ['Main St', 'Oak Ave', 'Maple Rd', 'Church St', 'Market Sq', 'River Rd', 'Elm St', 'Union Ave', 'High St', 'Park Pl'];
const LANGS = [['English', 'en'], ['Spanish', 'es'], ['Vietnamese', 'vi'], ['Haitian Creole', 'ht'], ['Portuguese', 'pt'],
  ['Arabic', 'ar'], ['Chinese', 'zh'], ['Russian', 'ru'], ['French', 'fr'], ['American Sign Language', 'ase']];
const ORG_WORDS = ['Community', 'Hope', 'New Day', 'Harbor', 'Bridge', 'Open Door', 'Lighthouse', 'Unity', 'Second Wind', 'Common Ground'];
const ORG_KINDS = ['Center', 'Alliance', 'Services', 'Network', 'Collective', 'Project', 'Society', 'House'];

const T = {
  taxonomies: ['id', 'name', 'description', 'uri', 'version'],
  taxonomy_terms: ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy', 'language', 'taxonomy_id', 'term_uri'],
  organizations: ['id', 'name', 'alternate_name', 'description', 'email', 'website', 'tax_status', 'tax_id', 'year_incorporated',
    'legal_status', 'logo', 'uri', 'parent_organization_id'],
  services: ['id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status',
    'interpretation_services', 'application_process', 'fees_description', 'wait_time', 'fees', 'accreditations',
    'eligibility_description', 'minimum_age', 'maximum_age', 'assured_date', 'assurer_email', 'licenses', 'alert', 'last_modified'],
  locations: ['id', 'location_type', 'url', 'organization_id', 'name', 'alternate_name', 'description', 'transportation',
    'latitude', 'longitude', 'external_identifier', 'external_identifier_type'],
  service_at_location: ['id', 'service_id', 'location_id', 'description'],
  addresses: ['id', 'location_id', 'attention', 'address_1', 'address_2', 'city', 'region', 'state_province', 'postal_code',
    'country', 'address_type'],
  phones: ['id', 'location_id', 'service_id', 'organization_id', 'contact_id', 'service_at_location_id', 'number', 'extension',
    'type', 'description'],
  schedules: ['id', 'service_id', 'location_id', 'service_at_location_id', 'valid_from', 'valid_to', 'dtstart', 'timezone',
    'until', 'count', 'wkst', 'freq', 'interval', 'byday', 'byweekno', 'bymonthday', 'byyearday', 'description', 'opens_at',
    'closes_at', 'schedule_link', 'attending_type', 'notes'],
  languages: ['id', 'service_id', 'location_id', 'phone_id', 'name', 'code', 'note'],
  accessibility: ['id', 'location_id', 'description', 'details', 'url'],
  cost_options: ['id', 'service_id', 'valid_from', 'valid_to', 'option', 'currency', 'amount', 'amount_description'],
  service_areas: ['id', 'service_id', 'name', 'description', 'extent', 'extent_type', 'uri'],
  attributes: ['id', 'link_id', 'taxonomy_term_id', 'link_type', 'link_entity', 'value'],
};
const NUMBERS = new Set(['year_incorporated', 'minimum_age', 'maximum_age', 'latitude', 'longitude', 'extension', 'timezone',
  'count', 'interval', 'amount']);

mkdirSync(dir, { recursive: true });
const out = {}, counts = {};
const q = (v) => v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : `"${String(v).replace(/"/g, '""')}"`;
for (const [name, cols] of Object.entries(T)) {
  out[name] = createWriteStream(path.join(dir, `${name}.csv`));
  out[name].write(cols.join(',') + '\r\n');
  counts[name] = 0;
}
const buffers = Object.fromEntries(Object.keys(T).map((k) => [k, []]));
const row = (name, obj) => {
  buffers[name].push(T[name].map((c) => q(obj[c])).join(','));
  counts[name]++;
  if (buffers[name].length >= 2000) { out[name].write(buffers[name].join('\r\n') + '\r\n'); buffers[name] = []; }
};

// taxonomy: a category each, and four terms under it
const taxonomy = uuid();
row('taxonomies', { id: taxonomy, name: 'Waypoint bench categories', description: 'Main categories of a peer program\'s resources', version: '1' });
const terms = [];
for (const [code, label, kinds] of CATEGORIES) {
  const parent = uuid();
  row('taxonomy_terms', { id: parent, code, name: label, description: label, taxonomy: 'bench', language: 'en', taxonomy_id: taxonomy });
  kinds.forEach((k, i) => {
    const id = uuid();
    terms.push({ id, cat: code, label, kind: k });
    row('taxonomy_terms', { id, code: `${code}-${i + 1}`, name: k, description: `${k} (${label})`, parent_id: parent,
      taxonomy: 'bench', language: 'en', taxonomy_id: taxonomy });
  });
}

const orgs = [];
for (let i = 0; i < ORGS; i++) {
  const town = pick(TOWNS), id = uuid();
  const name = `${pick(ORG_WORDS)} ${pick(ORG_KINDS)} of ${town} #${i + 1}`;
  orgs.push({ id, town, locations: [] });
  row('organizations', { id, name, description: `${name} serves ${town} and the towns around it.`,
    email: `info${i}@example.org`, website: `https://example.org/${i}`, tax_status: '501(c)(3)', year_incorporated: int(1950, 2022),
    legal_status: 'Nonprofit' });
}
// locations spread over a state (about 40–42 N, 71–73.5 W), each its org's
const locations = [];
for (let i = 0; i < LOCATIONS; i++) {
  const org = orgs[i < ORGS ? i : int(0, ORGS - 1)], id = uuid();
  const lat = +(40 + rnd() * 2).toFixed(6), lon = +(-73.5 + rnd() * 2.5).toFixed(6);
  org.locations.push(id);
  locations.push(id);
  const town = rnd() < 0.7 ? org.town : pick(TOWNS);
  row('locations', { id, location_type: 'physical', organization_id: org.id, name: `${town} site ${i + 1}`,
    description: `Entrance on ${pick(STREETS)}`, transportation: rnd() < 0.5 ? `Bus ${int(1, 90)} stops outside` : null,
    latitude: lat, longitude: lon });
  row('addresses', { id: uuid(), location_id: id, address_1: `${int(1, 2999)} ${pick(STREETS)}`, city: town,
    state_province: 'NS', postal_code: String(int(10000, 99999)), country: 'US', address_type: 'physical' });
  row('phones', { id: uuid(), location_id: id, number: `555-${String(int(100, 999))}-${String(int(1000, 9999))}`, type: 'voice' });
  if (rnd() < 0.5) row('accessibility', { id: uuid(), location_id: id, description: pick(['Step-free entrance', 'Accessible restroom', 'Elevator to all floors', 'Hearing loop']) });
}
// services: each of an organization, at one to three of its locations,
// every location with at least one service
let nextLoc = 0;
for (let i = 0; i < SERVICES; i++) {
  const org = orgs[i % ORGS], id = uuid(), term = pick(terms);
  const name = `${term.kind} — ${org.town}`;
  const free = rnd() < 0.6;
  row('services', { id, organization_id: org.id, name, description: `${term.kind} offered by a fictional ${term.label.toLowerCase()} provider in ${org.town}. Walk in or call ahead.`,
    status: 'active', fees_description: free ? 'Free' : 'Sliding scale', eligibility_description: rnd() < 0.3 ? 'Adults 18 and over' : null,
    minimum_age: rnd() < 0.3 ? 18 : null, last_modified: '2026-01-15T09:00:00Z' });
  row('attributes', { id: uuid(), link_id: id, taxonomy_term_id: term.id, link_type: 'service', link_entity: 'service' });
  row('phones', { id: uuid(), service_id: id, number: `555-${String(int(100, 999))}-${String(int(1000, 9999))}`, type: 'voice' });
  row('service_areas', { id: uuid(), service_id: id, name: `${org.town} county`, extent_type: 'text' });
  const nlang = rnd() < 0.4 ? 2 : 1;
  for (let k = 0; k < nlang; k++) { const [ln, lc] = k ? pick(LANGS.slice(1)) : LANGS[0]; row('languages', { id: uuid(), service_id: id, name: ln, code: lc }); }
  if (!free) row('cost_options', { id: uuid(), service_id: id, option: 'Per visit', currency: 'USD', amount: int(5, 60) });
  const at = new Set();
  // every location gets its share of services: 1.6 new ones a service
  const share = Math.floor(((i + 1) * LOCATIONS) / SERVICES) - Math.floor((i * LOCATIONS) / SERVICES);
  for (let k = 0; k < share && nextLoc < LOCATIONS; k++) at.add(locations[nextLoc++]);
  const want = Math.max(at.size, int(1, 3));
  while (at.size < want) at.add(org.locations.length && rnd() < 0.8 ? pick(org.locations) : pick(locations));
  for (const loc of at) row('service_at_location', { id: uuid(), service_id: id, location_id: loc });
  row('schedules', { id: uuid(), service_id: id, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: pick(['08:00', '09:00', '10:00']),
    closes_at: pick(['16:00', '17:00', '19:00']), description: 'Weekdays' });
  if (rnd() < 0.4) row('schedules', { id: uuid(), service_id: id, freq: 'WEEKLY', byday: 'SA', opens_at: '10:00', closes_at: '14:00', description: 'Saturdays' });
}
// (none left over with the shares above; kept for odd sizes)
while (nextLoc < LOCATIONS) {
  const s = uuid();
  row('services', { id: s, organization_id: orgs[0].id, name: 'Drop-in information desk', description: 'Ask about anything.', status: 'active' });
  row('service_at_location', { id: uuid(), service_id: s, location_id: locations[nextLoc++] });
}
await Promise.all(Object.entries(out).map(([name, s]) => new Promise((res) => {
  if (buffers[name].length) s.write(buffers[name].join('\r\n') + '\r\n');
  s.end(res);
})));
const resources = Object.entries(T).map(([name, cols]) => ({ name, path: `${name}.csv`, profile: 'tabular-data-resource',
  schema: { primaryKey: 'id', fields: cols.map((c) => ({ name: c, type: NUMBERS.has(c) ? 'number' : 'string' })) } }));
createWriteStream(path.join(dir, 'datapackage.json')).end(JSON.stringify({ name: 'bench-state-211', profile: 'tabular-data-package', resources }, null, 1));
console.log(JSON.stringify(counts));
