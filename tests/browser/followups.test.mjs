// Follow-up after discharge on a phone (issue 25): the peer opens the
// team's worklist, records a call that went unanswered and then closes the
// follow-up; the manager's schedule form refuses a bad day and keeps what
// was typed.  Every page passes axe and fits 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('follow-up after discharge in Chromium', () => {
  let s, browser, admin, manager, peer, prog, pid;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    peer = await staff(s);
    prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Harbor Community', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: prog })).json()).id;
    await admin.json('POST', `/api/v1/teams/${team}/members`, { email: peer.user.email });
    pid = (await (await peer.json('POST', '/api/v1/persons', { legal_name: 'Rosa Delgado', date_of_birth: '1979-04-02',
      record_number: 'H-1', recovery_stage: 'stabilization', team_id: team })).json()).id;
    const eid = (await (await peer.json('POST', `/api/v1/persons/${pid}/enrollments`, { program_id: prog,
      admitted_on: daysAgo(120), admission_reason: 'Referred by the inpatient unit' })).json()).id;
    const r = await peer.json('POST', `/api/v1/persons/${pid}/enrollments/${eid}/discharge`,
      { discharged_on: daysAgo(10), discharge_reason: 'goals_met' });
    assert.equal(r.status, 204);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('a peer works an overdue follow-up on the phone', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, peer.user);
    await page.goto(`${s.url}/followups`);
    await checked(page, 'worklist');
    const item = page.locator('#followups-due li').first();
    assert.match(await item.textContent(), /Rosa Delgado/);
    assert.match(await item.textContent(), /Overdue/);
    await item.getByRole('link').click();
    await page.getByRole('heading', { name: /Follow-up, 7 days after discharge/ }).waitFor();
    await checked(page, 'follow-up page');

    // the result forgotten: the form comes back with the note kept
    await page.getByRole('combobox', { name: /How/ }).selectOption('phone');
    await page.locator('#note').fill('Rang twice, no voicemail set up');
    await page.getByRole('button', { name: 'Record the attempt' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.locator('#note').inputValue(), 'Rang twice, no voicemail set up');
    await checked(page, 'refused attempt');

    await page.locator('label', { hasText: 'No answer' }).click();
    await page.getByRole('button', { name: 'Record the attempt' }).click();
    await page.locator('#attempts li').first().waitFor();
    assert.match(await page.locator('#attempts').textContent(), /Phone call — No answer/);

    await page.locator('label', { hasText: 'Reached them; follow-up done' }).click();
    await page.locator('#outcome_note').fill('Called back in the evening; doing well.');
    await page.getByRole('button', { name: 'Close the follow-up' }).click();
    await page.locator('#outcome').waitFor();
    assert.match(await page.locator('#outcome').textContent(), /Reached them/);
    assert.equal(await page.getByRole('button', { name: 'Record the attempt' }).count(), 0, 'closed: no more forms');
    await checked(page, 'closed follow-up');

    await page.goto(`${s.url}/persons/${pid}/followups`);
    await checked(page, "the person's follow-ups");
    await page.goto(`${s.url}/persons/${pid}`);
    assert.match(await page.locator('main').textContent(), /Follow-up after discharge/);
    await page.context().close();
  });

  test('the manager\'s schedule form keeps a refused day as typed and lists the fault', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager.user);
    await page.goto(`${s.url}/programs/${prog}/followups`);
    await checked(page, 'schedule');
    await page.getByRole('textbox', { name: 'Days after any discharge', exact: true }).fill('7, 30, 30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.match(await page.locator('[data-error-summary]').textContent(), /day 30 is given twice/);
    assert.equal(await page.locator('#days_default').inputValue(), '7, 30, 30');
    await checked(page, 'refused schedule');
    await page.locator('#days_default').fill('3, 14');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('#days_default').inputValue(), '3, 14');
    assert.equal(today().length, 10);
    await page.context().close();
  });
});
