// The attack, replayed (issue 22, point 6): injection strings in every
// field of every form the pages offer, in every JSON body and path of the
// route table, and in the query strings — as an attacker with a staff
// account would try them.  The route table and the pages are read at run
// time, so a new form or route inherits the checks.  Each answer must be
// an answer (no 5xx, no database error text, nothing echoed unescaped),
// and afterwards the server still serves, nothing was dropped and the
// audit log verifies.  (Concurrent sign-in bursts and slow headers have
// their own files: auth.test.mjs, limits.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, addUser, runWaypoint, staff, startServer } from './helpers.mjs';

const PAYLOADS = [
  "' OR '1'='1' --",
  '1; DROP TABLE persons; --',
  '"><script>alert(1)</script>',
  "'); SELECT pg_sleep(3); --",
  '${7*7}{{7*7}}%s%n\u202e',
];
const routes = JSON.parse(runWaypoint(['routes']).stdout).routes;
// Database errors that must never reach a client.
const LEAK = /SQLITE_|syntax error|unrecognized token|near "|pg_catalog|ERROR: {2}|unterminated quoted/i;
// Forms that end the attacker's own session or account: skipped.
const SELF_ENDING = /\/signout|\/account\/(password|two-step)|\/sessions\b/;

/** Every form of a page: its action and the names of its fields. */
function formsOf(html) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/method="post"/i.test(m[1])) continue;
    const action = /action="([^"]*)"/.exec(m[1])?.[1]?.replaceAll('&amp;', '&');
    if (!action || SELF_ENDING.test(action)) continue;
    const names = [...m[2].matchAll(/<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"/g)].map((f) => f[1]);
    forms.push({ action, names: [...new Set(names)] });
  }
  return forms;
}

/** What every answer must be. */
function sound(what, status, body) {
  assert.ok(status < 500, `${what} → ${status}`);
  assert.doesNotMatch(body, LEAK, `${what}: a database error reached the client`);
  assert.ok(!body.includes('<script>alert(1)</script>'), `${what}: echoed unescaped`);
}

describe(`the attack, replayed (${BACKEND})`, () => {
  let s, admin, lead, ids;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    lead = await staff(s, 'supervisor'); // on the team: every person page
    const prog = (await (await admin.json('POST', '/api/v1/programs', { name: 'Harbor', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: prog })).json()).id;
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: lead.user.email });
    const pid = (await (await lead.json('POST', '/api/v1/persons', { legal_name: 'Ana Ortega', date_of_birth: '1990-03-04',
      record_number: 'ATT-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
    const cid = (await (await lead.json('POST', `/api/v1/persons/${pid}/contacts`, { kind: 'individual',
      contact_on: '2026-11-20', starts_at: '10:00', ends_at: '10:30', location: 'community', goals: [],
      did_together: 'Talked.', response: 'Fine.', next_steps: 'Call.', team_notice: '' })).json()).id;
    const eid = (await (await lead.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: prog,
      admitted_on: '2026-01-05', admission_reason: 'Referred' })).json()).id;
    await lead.json('POST', `/api/v1/persons/${pid}/enrollments/${eid}/discharge`,
      { discharged_on: '2026-11-01', discharge_reason: 'moved' });
    const fid = (await (await lead.fetch(`/api/v1/persons/${pid}/followups`)).json()).items[0].id;
    const target = addUser(s, { role: 'peer_trainee' }); // staff pages act on this account, not the attackers'
    ids = { persons: pid, programs: prog, teams: team, users: target.id, staff: target.id, cid, fid, eid };
  });
  after(async () => { await s?.stop(); });

  /** A route's pattern with real records' ids: the pages have forms. */
  const real = (pattern) => pattern.replace(/^\/(api\/v1\/)?([a-z-]+)\/\{id\}/, (m, api, what) => `/${api || ''}${what}/${ids[what] ?? 1}`)
    .replace('{cid}', ids.cid).replace('{fid}', ids.fid).replace('{eid}', ids.eid).replace(/\{[a-z*]+\}/g, '1');

  test('every field of every form, as the admin and as a supervisor on the team', async () => {
    const pages = routes.filter((r) => r.method === 'GET' && !r.pattern.startsWith('/api/') && !/\{(token|\*)\}/.test(r.pattern));
    let submitted = 0;
    for (const who of [admin, lead]) {
      for (const page of pages) {
        const r = await who.fetch(real(page.pattern));
        if (r.status !== 200) continue;
        for (const form of formsOf(await r.text())) {
          for (const payload of PAYLOADS) {
            const fields = Object.fromEntries(form.names.filter((n) => n !== 'csrf_token').map((n) => [n, payload]));
            const res = await who.form(form.action, fields);
            sound(`${page.pattern}: POST ${form.action}`, res.status, await res.text());
            assert.notEqual(res.status, 401, `${form.action}: the attacker's session ended`);
            submitted++;
          }
        }
      }
    }
    assert.ok(submitted > 100, `${submitted} forms submitted`);
  });

  test('every JSON body and path of the API, and every query string', async () => {
    const names = ['name', 'legal_name', 'preferred_name', 'email', 'words', 'summary', 'detail', 'reason', 'note',
      'kind', 'role', 'status', 'program_id', 'team_id', 'contact_on', 'starts_at', 'ends_at', 'date_of_birth',
      'record_number', 'time_zone', 'unit_rounding', 'discharge_reason', 'method', 'result', 'outcome', 'days'];
    let sent = 0;
    for (const r of routes.filter((x) => x.pattern.startsWith('/api/') && x.pattern !== '/api/v1/session')) {
      for (const payload of PAYLOADS) {
        const body = ['POST', 'PUT', 'PATCH'].includes(r.method)
          ? JSON.stringify(Object.fromEntries(names.map((n) => [n, payload]))) : undefined;
        for (const path of [real(r.pattern), r.pattern.replace(/\{[a-z*]+\}/g, encodeURIComponent(payload))]) {
          const q = `?q=${encodeURIComponent(payload)}&limit=${encodeURIComponent(payload)}&cursor=${encodeURIComponent(payload)}`;
          const res = await admin.fetch(path + (r.method === 'GET' ? q : ''), { method: r.method, body,
            headers: { 'X-CSRF-Token': admin.csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) } });
          sound(`${r.method} ${path}`, res.status, await res.text());
          sent++;
        }
      }
    }
    assert.ok(sent > 200, `${sent} requests`);
  });

  test('afterwards: the server serves, nothing was dropped, the audit log verifies', async () => {
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    const r = await lead.fetch(`/api/v1/persons/${ids.persons}`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).record_number, 'ATT-1');
    await s.stop();
    const v = runWaypoint(['audit', 'verify', '--db', s.db]);
    assert.equal(v.status, 0, v.stderr);
  });
});
