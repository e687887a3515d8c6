// Outcome reports on a phone (issue 26): a manager reads the report with
// its two charts (goals achieved by domain, BARC-10 change), each beside
// its table; asks for a backwards period and gets the form back as typed;
// shares it with small counts hidden.  Every page passes axe and fits
// 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sqlDirect, startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const FROM = '2025-01-01';
const TO = '2025-06-30';

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('outcome reports in Chromium', () => {
  let s, browser, manager;
  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    const peer = await staff(s);
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Outcomes program', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    const sql = [];
    for (let i = 1; i <= 4; i++) {
      const id = (await (await peer.json('POST', '/api/v1/persons', { legal_name: `Chart Person ${i}`,
        date_of_birth: '1980-01-01', record_number: `C-${i}`, recovery_stage: 'stabilization', team_id: team })).json()).id;
      const doc = JSON.stringify({ goals: [{ words: 'A home of my own', domain: 'housing', status: 'achieved' },
        { words: 'Work', domain: 'employment', status: i % 2 ? 'achieved' : 'active' }] }).replace(/'/g, "''");
      sql.push(`INSERT INTO plan_versions (person_id, version, document, leadership, author_kind, author_id, summary,
        created_at, cosign_state) VALUES (${id}, 1, '${doc}', 'shared', 'staff', ${peer.user.id}, 'x',
        '2025-03-0${i}T12:00:00Z', 'none');`);
      for (const [on, v] of [['2025-01-10', 3], ['2025-05-10', 3 + (i % 3)]])
        sql.push(`INSERT INTO barc10 (person_id, taken_on, filled_by, answers, total, created_at, created_by)
          VALUES (${id}, '${on}', 'person', '${Array(10).fill(v).join(',')}', ${10 * v}, '${on}T12:00:00Z', ${peer.user.id});`);
      sql.push(`INSERT INTO recovery_stages (person_id, stage, changed_at, changed_by) VALUES (${id},
        'recovery_initiation', '2025-04-01T12:00:00Z', ${peer.user.id});`);
    }
    const r = sqlDirect(s, sql.join('\n'));
    assert.equal(r.status, 0, r.err);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('the report, its charts beside their tables, refused and shared', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager.user);
    await page.goto(`${s.url}/reports/outcomes?from=${FROM}&to=${TO}`);
    await page.getByRole('heading', { name: 'Outcomes', level: 1 }).waitFor();
    for (const [id, caption] of [['goals-achieved', 'Goals achieved by domain'], ['barc10-change', 'BARC-10 change']]) {
      const figure = page.locator(`figure#${id}`);
      assert.equal(await figure.locator('svg[aria-hidden="true"]').count(), 1, `${caption}: the chart`);
      assert.ok(await figure.locator('svg rect').count() > 0, `${caption}: its bars`);
      await figure.getByRole('table', { name: caption }).waitFor();
      assert.ok(await figure.locator('svg').evaluate((e) => e.getBoundingClientRect().width) <= PHONE.width);
    }
    const housing = page.locator('figure#goals-achieved tr', { hasText: 'Housing' });
    assert.equal((await housing.locator('td').textContent()).trim(), '4');
    const up = page.locator('figure#barc10-change tr', { hasText: '+10 or more' });
    assert.equal((await up.locator('td').textContent()).trim(), '3', '+10, +20 and +10');
    await checked(page, 'outcomes');

    // a backwards period: the form again, as typed, the summary first
    await page.getByLabel('From').fill('2025-06-01');
    await page.getByLabel('To', { exact: true }).fill('2025-05-01');
    await page.getByRole('button', { name: 'Show the report' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel('From').inputValue(), '2025-06-01');
    await checked(page, 'outcomes refused');

    // shared outside the program: every count here is under 11
    await page.goto(`${s.url}/reports/outcomes?from=${FROM}&to=${TO}&share=1`);
    assert.equal((await page.locator('figure#goals-achieved tr', { hasText: 'Housing' }).locator('td').textContent()).trim(), '<11');
    await checked(page, 'outcomes shared');
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('figure#barc10-change table').isVisible(), 'the tables print');
    await page.close();
  });
});
