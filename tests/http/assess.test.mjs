// BARC-10 and the wellness plan: every BARC item required (never imputed),
// totals charted and tabled; the wellness plan in WRAP sections with a
// clean print view and an installation's own label; the team only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND, staff, startServer } from './helpers.mjs';

describe(`BARC-10 and the wellness plan (${BACKEND})`, () => {
  let s, admin, peer, outsider, pid;
  before(async () => {
    s = await startServer({ args: ['--wellness-plan-label', 'My Staying-Well Plan'] });
    admin = await staff(s, 'admin');
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'P', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    const other = (await (await admin.json('POST', '/api/v1/teams', { name: 'B', program_id: prog })).json()).id;
    peer = await staff(s);
    outsider = await staff(s);
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    await admin.json('POST', `/api/v1/teams/${other}/members`, { email: outsider.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Rae Lind', date_of_birth: '1985-02-03',
      record_number: 'A-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
  });
  after(async () => { await s.stop(); });

  const answers = [5, 4, 3, 4, 2, 5, 3, 6, 4, 5]; // total 41

  test('BARC-10: filled in, totalled, charted and tabled in order', async () => {
    let r = await peer.json('POST', `/api/v1/persons/${pid}/barc10`, { taken_on: '2026-06-01', filled_by: 'with_peer', answers });
    assert.equal(r.status, 201);
    r = await peer.json('POST', `/api/v1/persons/${pid}/barc10`, { taken_on: '2026-03-01', filled_by: 'person',
      answers: answers.map(() => 2) });
    assert.equal(r.status, 201);
    const items = (await (await peer.fetch(`/api/v1/persons/${pid}/barc10`)).json()).items;
    assert.deepEqual(items.map((x) => [x.taken_on, x.total]), [['2026-03-01', 20], ['2026-06-01', 41]], 'oldest first');
    assert.deepEqual(items[1].answers, answers);
    const page = await (await peer.fetch(`/persons/${pid}/barc10`)).text();
    assert.match(page, /<title id="barc-chart-title">BARC-10 totals over time, 20 on 2026-03-01 to 41 on 2026-06-01/);
    assert.match(page, /<polyline[^>]*points="50,170 580,86 "/, 'the line goes through both totals');
    assert.match(page, /<th scope="row">2026-06-01<\/th><td>41<\/td><td>The person, with a peer<\/td>/);
    const overview = await (await peer.fetch(`/persons/${pid}`)).text();
    assert.match(overview, /Recovery capital \(BARC-10\)<\/a>: 41 of 60 on 2026-06-01/);
  });

  test('BARC-10: a missing or out-of-range answer is refused by item, never guessed', async () => {
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/barc10`)).json()).items.length;
    const cases = [
      [{ answers: answers.slice(0, 9) }, 'answers'],
      [{ answers: [...answers.slice(0, 3), null, ...answers.slice(4)] }, 'item4'],
      [{ answers: [...answers.slice(0, 9), 7] }, 'item10'],
      [{ answers: [0, ...answers.slice(1)] }, 'item1'],
      [{ answers: ['5', ...answers.slice(1)] }, 'item1'],
      [{ answers: [4.5, ...answers.slice(1)] }, 'item1'],
      [{ answers, filled_by: 'robot' }, 'filled_by'],
      [{ answers, taken_on: '2099-01-01' }, 'taken_on'],
      [{ answers, score: 41 }, 'score'],
      [{ answers, taken_on: '' }, 'taken_on'],
      [{ answers, taken_on: '2026-02-30' }, 'taken_on'],
      [{ answers, taken_on: 20260701 }, 'taken_on'],
      [{ answers, filled_by: undefined }, 'filled_by'],
      [{ answers, filled_by: true }, 'filled_by'],
      [{ answers: { item1: 5 } }, 'answers'],
    ];
    for (const [over, field] of cases) {
      const r = await peer.json('POST', `/api/v1/persons/${pid}/barc10`, { taken_on: '2026-07-01', filled_by: 'person', ...over });
      assert.equal(r.status, 400, JSON.stringify(over));
      assert.equal((await r.json()).error.field, field, JSON.stringify(over));
    }
    const form = { taken_on: '2026-07-01', filled_by: 'person' };
    answers.forEach((a, i) => { if (i !== 6) form[`item${i + 1}`] = String(a); });
    for (const [over, field] of [[{ taken_on: 'soon' }, 'taken_on'], [{ filled_by: 'robot' }, 'filled_by'], [{ item7: '7' }, 'item7']]) {
      const x = await peer.form(`/persons/${pid}/barc10`, { ...form, item7: '3', ...over });
      assert.equal(x.status, 400, field);
      assert.match(await x.text(), new RegExp(`href="#${field}"`), field);
    }
    const page = await peer.form(`/persons/${pid}/barc10`, form);
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /Answer statement 7 \(1 to 6\): no answer is ever guessed/);
    assert.match(html, /id="item8-6"[^>]*checked/, 'the answers given are kept');
    assert.equal((await (await peer.fetch(`/api/v1/persons/${pid}/barc10`)).json()).items.length, before);
  });

  test('wellness plan: written by section, one item per line, under the installation\'s label', async () => {
    const form = { toolbox: 'Walk by the river\n\n  Call my sister  \nMake tea',
      crisis_not_involved: 'My cousin Lee', crisis_helps: 'Quiet room <no TV>' };
    const r = await peer.form(`/persons/${pid}/wellness-plan`, form);
    assert.equal(r.status, 303);
    const plan = await (await peer.fetch(`/api/v1/persons/${pid}/wellness-plan`)).json();
    assert.deepEqual(plan.sections.toolbox, ['Walk by the river', 'Call my sister', 'Make tea']);
    assert.deepEqual(plan.sections.crisis_not_involved, ['My cousin Lee']);
    assert.equal(plan.sections.daily, undefined, 'empty sections are left out');
    assert.equal(plan.updated_by, peer.user.name);
    const page = await (await peer.fetch(`/persons/${pid}/wellness-plan`)).text();
    assert.match(page, /<h1>My Staying-Well Plan<\/h1>/);
    assert.doesNotMatch(page, /WRAP/);
    assert.match(page, /Quiet room &lt;no TV&gt;/);
    const put = await peer.json('PUT', `/api/v1/persons/${pid}/wellness-plan`,
      { sections: { ...plan.sections, daily: ['Take my meds at 8'] } });
    assert.equal(put.status, 200);
    assert.deepEqual((await put.json()).sections.daily, ['Take my meds at 8']);
  });

  test('wellness plan: the print view is one clean document', async () => {
    const r = await peer.fetch(`/persons/${pid}/wellness-plan/print`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /<main class="grid-container waypoint-print"><section class="waypoint-person-band"[^>]*>.*Printed \d{4}-\d\d-\d\d<\/p><\/section>\n<h1>My Staying-Well Plan<\/h1>/,
      'whose plan, and the date printed, then the plan');
    assert.doesNotMatch(html, /<nav|usa-header|usa-footer|<form|<script/, 'no navigation, forms or scripts');
    assert.match(html, /<h2>Wellness toolbox<\/h2><h3>Things I can do to stay well<\/h3><ul><li>Walk by the river<\/li>/);
    assert.doesNotMatch(html, /Post-crisis plan/, 'sections nobody filled are left out');
    const audit = await (await admin.fetch(`/api/v1/audit?person=${pid}&action=print`)).json();
    assert.ok(audit.items.some((e) => e.user_id === peer.user.id), 'printing is audited as a print');
  });

  test('wellness plan: bad documents are refused by section, nothing lost', async () => {
    const before = (await (await peer.fetch(`/api/v1/persons/${pid}/wellness-plan`)).json()).sections;
    const cases = [
      [{ sections: { wrap: ['x'] } }, 'sections'],
      [{ sections: { toolbox: 'walk' } }, 'toolbox'],
      [{ sections: { toolbox: [''] } }, 'toolbox'],
      [{ sections: { toolbox: [7] } }, 'toolbox'],
      [{ sections: { triggers: ['x'.repeat(501)] } }, 'triggers'],
      [{ sections: { daily: Array(51).fill('x') } }, 'daily'],
      [{ sections: ['x'] }, 'sections'],
      [{ plan: {} }, 'plan'],
    ];
    for (const [body, field] of cases) {
      const r = await peer.json('PUT', `/api/v1/persons/${pid}/wellness-plan`, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal((await r.json()).error.field, field);
    }
    const page = await peer.form(`/persons/${pid}/wellness-plan`, { toolbox: 'ok', triggers: 'y'.repeat(501) });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /id="triggers-error"[^>]*>Each item is some text of at most 500 characters/);
    assert.deepEqual((await (await peer.fetch(`/api/v1/persons/${pid}/wellness-plan`)).json()).sections, before);
  });

  test("another team's peer reaches neither", async () => {
    for (const path of ['barc10', 'wellness-plan', 'wellness-plan/print']) {
      assert.equal((await outsider.fetch(`/persons/${pid}/${path}`)).status, 404, path);
    }
    assert.equal((await outsider.fetch(`/api/v1/persons/${pid}/barc10`)).status, 404);
    assert.equal((await outsider.json('POST', `/api/v1/persons/${pid}/barc10`, { taken_on: '2026-07-01', filled_by: 'person', answers })).status, 404);
    assert.equal((await outsider.json('PUT', `/api/v1/persons/${pid}/wellness-plan`, { sections: {} })).status, 404);
    assert.ok((await (await peer.fetch(`/api/v1/persons/${pid}/wellness-plan`)).json()).sections.toolbox.length > 0, 'untouched');
  });
});
