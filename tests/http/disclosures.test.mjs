// The accounting of disclosures and the 42 CFR Part 2 gate (issue 26,
// point 6): an integration's token reading a person of a Part 2 program is
// refused (403, the reason named) or left out of its list unless a release
// in force covers the token's name for treatment; each read that goes out is
// a row of the person's accounting, with the release it relied on, written
// with an "export" audit entry; a program not under Part 2 is recorded but
// not gated; staff reading inside the program disclose nothing; disclosures
// made outside Waypoint are entered by hand, validated; the accounting lists
// them all, oldest first, to supervisors, managers and admins of the team.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, sqlDirect, staff, startServer } from './helpers.mjs';

const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);

describe(`accounting of disclosures (${BACKEND})`, () => {
  let s, admin, sup, peer, peerOther, supOther;
  let p2, plain, t2, tPlain, tOther;
  const person = {};
  const tokens = {};

  const release = (extra = {}) => ({ kind: 'release', discloser: 'Harbor Peer Recovery', information: 'Plan and notes',
    recipient: 'Harbor Clinic', purpose: 'Care coordination', revocation: 'Any time, in writing',
    expires_on: '2099-01-01', signer_name: 'Pat Person', signed_on: '2026-01-05', ...extra });
  const call = (name, path, method = 'GET', body) => fetch(s.url + path, {
    method, redirect: 'manual', body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${tokens[name]}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  });
  const rows = (id) => Number(sqlDirect(s, `SELECT COUNT(*) FROM disclosures WHERE person_id = ${id}`).out.trim());
  const exports = (id) => Number(sqlDirect(s,
    `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND person_id = ${id}`).out.trim());
  const addRelease = async (id, extra) => {
    const r = await peer.json('POST', `/api/v1/persons/${id}/consents`, release(extra));
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()).id;
  };
  const enter = (who, id, body) => who.json('POST', `/api/v1/persons/${id}/disclosures`, body);
  const refused = async (r, field) => {
    const text = await r.text();
    assert.equal(r.status, 400, text);
    assert.equal(JSON.parse(text).error.field, field, text);
    return JSON.parse(text).error.message;
  };

  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    const program = async (name, part2) => {
      const r = await admin.json('POST', '/api/v1/programs', { name, kind: 'community', time_zone: 'UTC',
        unit_rounding: 'eight_minute', part2 });
      assert.equal(r.status, 201, await r.clone().text());
      return (await r.json()).id;
    };
    p2 = await program('Harbor (Part 2)', true);
    plain = await program('Bay (not Part 2)', false);
    const team = async (name, program_id) =>
      (await (await admin.json('POST', '/api/v1/teams', { name, program_id })).json()).id;
    t2 = await team('Harbor North', p2);
    tPlain = await team('Bay', plain);
    tOther = await team('Harbor South', p2);
    sup = await staff(s, 'supervisor');
    peer = await staff(s, 'peer_specialist');
    peerOther = await staff(s, 'peer_specialist');
    supOther = await staff(s, 'supervisor');
    for (const [who, t] of [[sup, t2], [peer, t2], [peer, tPlain], [sup, tPlain], [peerOther, tOther], [supOther, tOther]])
      assert.ok((await admin.json('POST', `/api/v1/teams/${t}/members`, { email: who.user.email })).status < 300);
    const add = (name, team_id) => peer.json('POST', '/api/v1/persons', { legal_name: name,
      date_of_birth: '1980-02-02', record_number: `D-${name}`, recovery_stage: 'stabilization', team_id });
    for (const [key, t] of [['a', t2], ['b', t2], ['c', tPlain]]) {
      const r = await add(`Person ${key}`, t);
      assert.equal(r.status, 201, await r.clone().text());
      person[key] = (await r.json()).id;
    }
    const r = await peerOther.json('POST', '/api/v1/persons', { legal_name: 'Person d', date_of_birth: '1980-02-02',
      record_number: 'D-d', recovery_stage: 'stabilization', team_id: tOther });
    assert.equal(r.status, 201);
    person.d = (await r.json()).id;
    for (const [key, name, program_id] of [['harbor', 'Harbor Clinic', p2], ['bay', 'Bay EHR', plain]]) {
      const page = await (await admin.form('/api-tokens', { name, access: 'read', scope: 'program', program_id })).text();
      tokens[key] = /id="new-token">([^<]+)</.exec(page)[1];
    }
  });
  after(async () => { await s.stop(); });

  test('the program says whether Part 2 applies, and a manager can change it', async () => {
    const g = await (await admin.fetch(`/api/v1/programs/${p2}`)).json();
    assert.equal(g.part2, true);
    assert.equal((await (await admin.fetch(`/api/v1/programs/${plain}`)).json()).part2, false);
    const form = await (await admin.fetch(`/programs/${p2}/edit`)).text();
    assert.match(form, /name="part2"[^>]*checked/);
    const pm = await staff(s, 'program_manager');
    const r = await pm.json('PUT', `/api/v1/programs/${plain}`, { name: 'Bay (not Part 2)', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'eight_minute', part2: true });
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal((await r.json()).part2, true);
    const back = await pm.json('PUT', `/api/v1/programs/${plain}`, { name: 'Bay (not Part 2)', kind: 'community',
      time_zone: 'UTC', unit_rounding: 'eight_minute', part2: false });
    assert.equal((await back.json()).part2, false);
    assert.equal((await peer.json('PUT', `/api/v1/programs/${plain}`, { part2: true })).status, 403);
  });

  test('Part 2: a token with no release is refused with the reason, and nothing is recorded', async () => {
    for (const path of [`/api/v1/fhir/Patient/${person.a}/$everything`, `/api/v1/fhir/Patient/${person.a}`,
      `/api/v1/persons/${person.a}`]) {
      const r = await call('harbor', path);
      const body = await r.json();
      assert.equal(r.status, 403, path);
      assert.equal(body.error.code, 'no_release');
      assert.match(body.error.message, /Part 2.*no release to Harbor Clinic for treatment is on record/);
    }
    assert.equal(rows(person.a), 0);
    const denied = sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE person_id = ${person.a} AND outcome = 'denied'`);
    assert.ok(Number(denied.out) >= 3);
    // the bulk read leaves the program's three persons out, and says how many and why
    const list = await (await call('harbor', '/api/v1/persons?limit=200')).json();
    assert.deepEqual(list.items.map((p) => p.id), []);
    assert.equal(list.withheld.count, 3);
    assert.match(list.withheld.reason, /42 CFR Part 2.*treatment to Harbor Clinic/);
  });

  let relA;
  test('a release covering treatment to that recipient lets it go, and each read is recorded', async () => {
    relA = await addRelease(person.a, { recipient: '  harbor CLINIC ', purposes: ['treatment'] });
    const before = exports(person.a);
    let r = await call('harbor', `/api/v1/fhir/Patient/${person.a}/$everything`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).resourceType, 'Bundle');
    r = await call('harbor', `/api/v1/fhir/Patient/${person.a}`);
    assert.equal(r.status, 200);
    const got = sqlDirect(s, `SELECT consent_id, channel, recipient, purpose FROM disclosures WHERE person_id = ${person.a}`)
      .out.trim().split('\n');
    assert.deepEqual(got, [`${relA}|fhir_export|Harbor Clinic|treatment`, `${relA}|fhir_export|Harbor Clinic|treatment`]);
    assert.equal(exports(person.a), before + 2);
    // the list now holds a, and still leaves b and d out
    const list = await (await call('harbor', '/api/v1/persons?limit=200')).json();
    assert.deepEqual(list.items.map((p) => p.id), [person.a]);
    assert.equal(list.withheld.count, 2);
    assert.equal(rows(person.a), 3);
    // another token's name is another recipient
    const page = await (await admin.form('/api-tokens', { name: 'Somebody Else', access: 'read', scope: 'program',
      program_id: p2 })).text();
    tokens.else = /id="new-token">([^<]+)</.exec(page)[1];
    assert.equal((await call('else', `/api/v1/fhir/Patient/${person.a}`)).status, 403);
  });

  test('a revoked or expired release no longer covers; nor one for another purpose', async () => {
    const b = person.b;
    const other = await addRelease(b, { purposes: ['other'] });
    let r = await (await call('harbor', `/api/v1/fhir/Patient/${b}`)).json();
    assert.match(r.error.message, new RegExp(`release to Harbor Clinic \\(consent ${other}\\) does not cover treatment`));
    const old = await addRelease(b, { purposes: ['treatment'], signed_on: '2020-01-01', expires_on: '2021-01-01' });
    r = await (await call('harbor', `/api/v1/fhir/Patient/${b}`)).json();
    assert.match(r.error.message, new RegExp(`consent ${old}\\) expired on 2021-01-01`));
    const good = await addRelease(b, { purposes: ['treatment'] });
    assert.equal((await call('harbor', `/api/v1/fhir/Patient/${b}`)).status, 200);
    assert.equal((await peer.json('POST', `/api/v1/persons/${b}/consents/${good}/revoke`, {})).status, 204);
    const after = await call('harbor', `/api/v1/fhir/Patient/${b}`);
    assert.equal(after.status, 403);
    assert.match((await after.json()).error.message, new RegExp(`consent ${good}\\) was revoked`));
    assert.equal(rows(b), 1); // the one read made while it was in force
  });

  test('a single TPO consent covers treatment, payment and operations; a class needs its purpose', async () => {
    const b = person.b;
    let r = await peer.json('POST', `/api/v1/persons/${b}/consents`,
      release({ recipient: 'Any payer', recipient_class: 'any_payer', purposes: ['treatment'] }));
    assert.equal(await refused(r, 'recipient_class').then(() => 'ok'), 'ok');
    r = await peer.json('POST', `/api/v1/persons/${b}/consents`, release({ purposes: ['care'] }));
    await refused(r, 'purposes');
    r = await peer.json('POST', `/api/v1/persons/${b}/consents`, release({ purposes: 'tpo' }));
    await refused(r, 'purposes');
    const tpo = await addRelease(b, { recipient: 'Health plans', recipient_class: 'any_payer', purposes: ['tpo'] });
    const list = await (await peer.fetch(`/api/v1/persons/${b}/consents`)).json();
    const got = list.items.find((c) => c.id === tpo);
    assert.deepEqual(got.purposes, ['treatment', 'payment', 'operations']);
    assert.equal(got.recipient_class, 'any_payer');
    // payment to any payer, under the TPO consent
    r = await enter(peer, b, { disclosed_on: day(-1), recipient: 'State Medicaid', what: 'Claims for November',
      purpose: 'payment', consent_id: tpo });
    assert.equal(r.status, 201, await r.clone().text());
    // a treatment-only release does not cover payment
    const treat = await addRelease(b, { recipient: 'State Medicaid', purposes: ['treatment'] });
    r = await enter(peer, b, { disclosed_on: day(-1), recipient: 'State Medicaid', what: 'Claims', purpose: 'payment',
      consent_id: treat });
    assert.match(await refused(r, 'consent_id'), /does not cover payment/);
  });

  test('a program not under Part 2: a token\'s read is recorded, not gated', async () => {
    const c = person.c;
    const r = await call('bay', `/api/v1/fhir/Patient/${c}/$everything`);
    assert.equal(r.status, 200);
    assert.equal(rows(c), 1);
    assert.equal(sqlDirect(s, `SELECT COALESCE(consent_id, 0) FROM disclosures WHERE person_id = ${c}`).out.trim(), '0');
    const list = await (await call('bay', '/api/v1/persons?limit=200')).json();
    assert.deepEqual(list.items.map((p) => p.id), [c]);
    assert.equal(list.withheld.count, 0);
    assert.equal(rows(c), 2);
    // out of its scope is no such person, as before
    assert.equal((await call('bay', `/api/v1/fhir/Patient/${person.a}`)).status, 404);
  });

  test('staff reading the record inside the program disclose nothing', async () => {
    const before = [rows(person.a), rows(person.c)];
    for (const who of [peer, sup]) {
      assert.equal((await who.fetch(`/api/v1/fhir/Patient/${person.a}/$everything`)).status, 200);
      assert.equal((await who.fetch(`/api/v1/persons/${person.a}`)).status, 200);
      assert.equal((await who.fetch(`/persons/${person.a}`)).status, 200);
      assert.equal((await who.fetch(`/api/v1/fhir/Patient/${person.c}`)).status, 200);
      assert.equal((await who.fetch('/api/v1/persons')).status, 200);
    }
    assert.deepEqual([rows(person.a), rows(person.c)], before);
  });

  test('a disclosure entered by hand is validated, each refusal naming its field', async () => {
    const a = person.a;
    const good = { disclosed_on: day(-2), recipient: 'Harbor Clinic', what: 'Discharge summary', purpose: 'treatment',
      consent_id: relA };
    const cases = [
      [{ recipient: '' }, 'recipient'],
      [{ recipient: '   ' }, 'recipient'],
      [{ recipient: 'x'.repeat(201) }, 'recipient'],
      [{ what: '' }, 'what'],
      [{ what: 'x'.repeat(501) }, 'what'],
      [{ purpose: 'marketing' }, 'purpose'],
      [{ disclosed_on: day(3) }, 'disclosed_on'],
      [{ disclosed_on: '2026-13-40' }, 'disclosed_on'],
      [{ disclosed_on: '' }, 'disclosed_on'],
      [{ disclosed_on: '2025-12-31' }, 'disclosed_on'], // backwards: before the release was signed
      [{ consent_id: 0 }, 'consent_id'], // Part 2: a release is required
      [{ consent_id: 'x' }, 'consent_id'],
      [{ recipient: 'Elsewhere' }, 'consent_id'], // the release names another recipient
      [{ purpose: 'payment' }, 'consent_id'], // nor covers payment
      [{ consent_id: 999999 }, 'consent_id'],
      [{ unknown: 1 }, 'unknown'],
    ];
    for (const [change, field] of cases) await refused(await enter(peer, a, { ...good, ...change }), field);
    // the release of another person
    const otherRelease = await addRelease(person.b, { purposes: ['treatment'] });
    assert.match(await refused(await enter(peer, a, { ...good, consent_id: otherRelease }), 'consent_id'),
      /not one of this person's/);
    // a revoked release was in force before its revocation, not on or after it
    const revoked = await addRelease(a, { recipient: 'Dr. Lee', purposes: ['treatment'], signed_on: '2026-01-01' });
    assert.equal((await peer.json('POST', `/api/v1/persons/${a}/consents/${revoked}/revoke`, {})).status, 204);
    assert.match(await refused(await enter(peer, a, { ...good, recipient: 'Dr. Lee', consent_id: revoked,
      disclosed_on: day(0) }), 'consent_id'), /not in force/);
    const expired = await addRelease(a, { recipient: 'Dr. Lee', purposes: ['treatment'], signed_on: '2020-01-01',
      expires_on: '2020-06-30' });
    assert.match(await refused(await enter(peer, a, { ...good, recipient: 'Dr. Lee', consent_id: expired,
      disclosed_on: '2020-07-01' }), 'consent_id'), /not in force/);
    // ... and while it was in force, it may be relied on
    let r = await enter(peer, a, { ...good, recipient: 'dr. lee', consent_id: expired, disclosed_on: '2020-03-01' });
    assert.equal(r.status, 201, await r.clone().text());
    r = await enter(peer, a, good);
    assert.equal(r.status, 201, await r.clone().text());
    // a program not under Part 2 needs no release, but one named must be the person's
    r = await enter(peer, person.c, { ...good, consent_id: undefined, recipient: 'Court', purpose: 'other' });
    assert.equal(r.status, 201, await r.clone().text());
    await refused(await enter(peer, person.c, { ...good, consent_id: relA }), 'consent_id');
    // the form shows the refusal as typed, with its summary
    const page = await peer.form(`/persons/${a}/disclosures`, { disclosed_on: day(-1), recipient: '',
      what: 'Typed & kept', purpose: 'treatment', consent_id: String(relA) });
    const html = await page.text();
    assert.equal(page.status, 400);
    assert.match(html, /data-error-summary/);
    assert.match(html, /href="#recipient"/);
    assert.match(html, /Typed &amp; kept/);
    const saved = await peer.form(`/persons/${a}/disclosures`, { disclosed_on: day(-1), recipient: 'Harbor Clinic',
      what: 'Letter', purpose: 'treatment', consent_id: String(relA) });
    assert.equal(saved.status, 303);
  });

  test('who may: the accounting needs the permission and the team; entering one, the team', async () => {
    const a = person.a;
    assert.equal((await peer.fetch(`/persons/${a}/disclosures`)).status, 403);
    assert.equal((await peer.fetch(`/api/v1/persons/${a}/disclosures`)).status, 403);
    assert.equal((await peer.fetch(`/persons/${a}/disclosures/new`)).status, 200);
    assert.equal((await call('harbor', `/api/v1/persons/${a}/disclosures`)).status, 403);
    assert.equal((await call('harbor', `/api/v1/persons/${a}/disclosures`, 'POST', {})).status, 403);
    assert.equal((await supOther.fetch(`/api/v1/persons/${a}/disclosures`)).status, 404);
    assert.equal((await supOther.fetch(`/persons/${a}/disclosures`)).status, 404);
    assert.equal((await enter(peerOther, a, { disclosed_on: day(-1), recipient: 'X', what: 'Y', purpose: 'other' }))
      .status, 404);
    assert.equal((await sup.fetch(`/api/v1/persons/${person.d}/disclosures`)).status, 404);
    assert.equal((await sup.fetch('/api/v1/persons/999999/disclosures')).status, 404);
  });

  test('the accounting lists every disclosure, oldest first, and is audited as a read', async () => {
    const a = person.a;
    const r = await sup.fetch(`/api/v1/persons/${a}/disclosures`);
    assert.equal(r.status, 200);
    const items = (await r.json()).items;
    // an independent count, straight from the table
    assert.equal(items.length, rows(a));
    const dates = items.map((d) => d.disclosed_at);
    assert.deepEqual(dates, [...dates].sort());
    assert.equal(items[0].disclosed_at, '2020-03-01'); // entered by hand, long ago
    const channels = new Set(items.map((d) => d.channel));
    for (const ch of ['fhir_export', 'api_token', 'release']) assert.ok(channels.has(ch), ch);
    for (const d of items) {
      assert.ok(d.recipient && d.what && d.purpose, JSON.stringify(d));
      assert.ok(d.consent_id > 0, 'Part 2: each relied on a release');
    }
    const before = Number(sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE person_id = ${a} AND action = 'read'`).out);
    const page = await sup.fetch(`/persons/${a}/disclosures`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /Accounting of disclosures/);
    assert.match(html, new RegExp(`/persons/${a}/consents#consent-${relA}`));
    assert.match(html, /FHIR Bundle \(\$everything\)/);
    assert.ok(html.indexOf('2020-03-01') < html.indexOf('Discharge summary'));
    const afterReads = Number(sqlDirect(s, `SELECT COUNT(*) FROM audit_log WHERE person_id = ${a} AND action = 'read'`).out);
    assert.equal(afterReads, before + 1);
    // the overview links it for those who may read it, not for others
    assert.match(await (await sup.fetch(`/persons/${a}`)).text(), new RegExp(`/persons/${a}/disclosures"`));
    assert.doesNotMatch(await (await peer.fetch(`/persons/${a}`)).text(), new RegExp(`/persons/${a}/disclosures"`));
  });
});
