// Billing batches on a phone (issue 26, point 3): a manager sends a batch
// from the billing page (refused first, the form kept as typed), reads the
// batch (a Part 2 person left out, listed), the list of batches, and
// downloads the CSV.  Every page passes axe and fits 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sqlDirect, startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('billing batches in Chromium', () => {
  let s, browser, manager, prog;
  before(async () => {
    s = await startServer();
    const admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    const peer = await staff(s);
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Harbor', kind: 'community', time_zone: 'UTC', unit_rounding: 'eight_minute' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'A', program_id: prog })).json()).id;
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    sqlDirect(s, `UPDATE programs SET part2 = 1 WHERE id = ${prog}`);
    for (const [name, record, release] of [['Ana Ruiz', 'N-1', true], ['Cal Dunn', 'N-2', false]]) {
      const pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: name, date_of_birth: '1988-02-02',
        record_number: record, recovery_stage: 'stabilization', team_id: team })).json()).id;
      await peer.json('PUT', `/api/v1/persons/${pid}/plan`, { leadership: 'shared', author_kind: 'person', summary: 'First',
        document: { goals: [{ words: 'Eat well', domain: 'health_wellness', why: '', target_date: '', status: 'active',
          steps: [], progress: [] }], strengths: [], barriers: [] } });
      if (release) {
        await peer.json('POST', `/api/v1/persons/${pid}/consents`, { kind: 'release', discloser: 'Harbor',
          information: 'Services billed', recipient: 'the payer', purpose: 'payment', purposes: ['payment'], revocation: 'In writing',
          signer_name: name, signed_on: '2025-01-01', expires_on: '2099-01-01' });
      }
      const r = await peer.json('POST', `/api/v1/persons/${pid}/contacts`, { kind: 'individual', contact_on: '2025-11-03',
        starts_at: '10:00', ends_at: '10:40', location: 'office', goals: [1], did_together: 'Walked together.',
        response: 'Good.', next_steps: 'Friday.', team_notice: '', sign: true });
      assert.equal(r.status, 201);
    }
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('a manager sends a batch, reads who was left out, and downloads it', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager.user);
    await page.goto(`${s.url}/billing`);
    await checked(page, 'billing page');
    const form = page.locator('form[action="/billing/batches"]');
    await form.locator('#batch_program').selectOption({ label: 'Harbor' });
    await form.locator('#batch_from').fill('2025-11-30');
    await form.locator('#batch_to').fill('2025-11-01');
    await page.getByRole('button', { name: 'Make the batch' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.locator('form[action="/billing/batches"] #batch_from').inputValue(), '2025-11-30', 'kept as typed');
    await checked(page, 'batch refused');
    await page.locator('form[action="/billing/batches"] #batch_from').fill('2025-11-01');
    await page.locator('form[action="/billing/batches"] #batch_to').fill('2025-11-30');
    await page.getByRole('button', { name: 'Make the batch' }).click();
    await page.getByRole('heading', { name: /Billing batch \d+/ }).waitFor();
    assert.equal(await page.locator('[data-lines]').getAttribute('data-lines'), '1');
    assert.equal(await page.locator('[data-left-out]').getAttribute('data-left-out'), '1');
    assert.ok(await page.getByRole('link', { name: 'N-2' }).isVisible(), 'the person left out is listed');
    await checked(page, 'batch page');
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^billing-batch-\d+\.csv$/);
    await page.goto(`${s.url}/billing/batches`);
    await page.getByRole('link', { name: /Batch \d+/ }).waitFor();
    await checked(page, 'batches list');
  });

  test("a manager keeps the program's billing and reporting settings, refused first and kept as typed", async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager.user);
    await page.goto(`${s.url}/programs/${prog}`);
    await page.getByRole('link', { name: 'Billing and reporting settings' }).click();
    await page.getByRole('heading', { name: /Billing and reporting: Harbor/ }).waitFor();
    await checked(page, 'settings page');
    await page.locator('#unit_rate').fill('eighteen');
    await page.locator('#small_cell_threshold').fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.locator('#unit_rate').inputValue(), 'eighteen', 'kept as typed');
    await checked(page, 'settings refused');
    await page.locator('#payer_name').fill('State Medicaid');
    await page.locator('#unit_rate').fill('18.50');
    await page.locator('#small_cell_threshold').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Billing and reporting settings' }).waitFor();
    assert.equal(sqlDirect(s, `SELECT small_cell_threshold FROM programs WHERE id = ${prog}`).out.trim(), '5');
  });
});
