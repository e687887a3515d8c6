// Trainee progression and the supervision log on a phone (issue 27): the
// supervisor signs a competency off, is refused a promotion before
// eligibility without a reason (the form comes back as typed), promotes with
// one; logs a group session; the supervisee reads and acknowledges it; the
// manager keeps the required competencies.  Every page passes axe at WCAG
// 2.2 AA and fits 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('trainee progression and the supervision log in Chromium', () => {
  let s, browser, admin, manager, supervisor, peer, trainee;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    manager = await staff(s, 'program_manager');
    supervisor = await staff(s, 'supervisor');
    peer = await staff(s);
    trainee = await staff(s, 'peer_trainee');
    const prog = (await (await admin.json('POST', '/api/v1/programs',
      { name: 'Harbor Community', kind: 'community', time_zone: 'UTC', unit_rounding: 'any_part' })).json()).id;
    const team = (await (await admin.json('POST', '/api/v1/teams', { name: 'North', program_id: prog })).json()).id;
    for (const u of [supervisor, peer, trainee]) await admin.json('POST', `/api/v1/teams/${team}/members`, { email: u.user.email });
    for (const name of ['Ethics and boundaries', 'Documentation']) await manager.json('POST', '/api/v1/competencies', { name });
    await supervisor.json('PUT', `/api/v1/staff/${trainee.user.id}/progress`, { started_on: daysAgo(160) });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('a supervisor signs a competency off and promotes a trainee early, with the reason', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, supervisor.user);
    await page.goto(`${s.url}/staff/${trainee.user.id}`);
    await checked(page, 'staff record');
    await page.getByRole('link', { name: 'Competencies and promotion' }).click();
    await page.getByRole('heading', { name: /Trainee progression/ }).waitFor();
    await checked(page, 'progression page');
    await page.getByRole('combobox', { name: /Competency/ }).selectOption({ label: 'Documentation' });
    await page.getByRole('button', { name: 'Sign it off' }).click();
    await page.getByRole('cell', { name: supervisor.user.name }).waitFor();
    assert.match(await page.locator('main').textContent(), /1 of 2 completed/);

    // promoted before eligibility, the reason forgotten
    await page.locator('label', { hasText: 'Promote before eligibility' }).click();
    await page.getByRole('button', { name: 'Promote to peer specialist' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.ok(await page.getByLabel('Promote before eligibility').isChecked(), 'the tick is kept');
    await checked(page, 'refused promotion');
    await page.getByLabel(/Reason for promoting/).fill('Certified as a peer specialist in another state.');
    await page.getByRole('button', { name: 'Promote to peer specialist' }).click();
    await page.getByText(/Promoted to peer specialist on/).waitFor();
    assert.match(await page.locator('main').textContent(), /before eligibility: Certified as a peer specialist in another state\./);
    await checked(page, 'after the promotion');
  });

  test('a supervisor logs a group session; the supervisee acknowledges it', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, supervisor.user);
    await page.goto(`${s.url}/supervision`);
    await checked(page, 'supervision page');
    await page.locator('label', { hasText: 'Group' }).first().click();
    await page.locator('label', { hasText: peer.user.name }).click();
    await page.getByLabel('Date').fill(daysAgo(1));
    await page.getByLabel(/Duration in minutes/).fill('-5');
    await page.getByLabel('Topics').fill('Ethics case review');
    await page.getByRole('button', { name: 'Log the session' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel('Topics').inputValue(), 'Ethics case review');
    await checked(page, 'refused session');
    await page.locator('label', { hasText: trainee.user.name }).click();
    await page.getByLabel(/Duration in minutes/).fill('60');
    await page.getByLabel('Follow-up actions').fill('Each brings one case next month.');
    await page.getByRole('button', { name: 'Log the session' }).click();
    await page.getByRole('heading', { name: 'Sessions you logged' }).waitFor();
    assert.match(await page.locator('main').textContent(), /Ethics case review/);
    await checked(page, 'logged');

    const mine = await watchedPage(browser, PHONE);
    await signIn(mine, s.url, peer.user);
    await mine.goto(`${s.url}/staff/${peer.user.id}/supervision`);
    await checked(mine, "the supervisee's log");
    assert.match(await mine.locator('main').textContent(), /Each brings one case next month\./);
    await mine.getByRole('button', { name: /Acknowledge the session of/ }).click();
    await mine.getByText(/Acknowledged \d{4}-/).waitFor();
    await checked(mine, 'acknowledged');
  });

  test('a manager keeps the required competencies', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager.user);
    await page.goto(`${s.url}/workforce/competencies`);
    await checked(page, 'competencies');
    await page.getByRole('button', { name: 'Add the competency' }).click();
    await page.locator('[data-error-summary]').waitFor();
    await checked(page, 'refused competency');
    await page.getByLabel('Name').fill('Crisis response');
    await page.getByRole('button', { name: 'Add the competency' }).click();
    await page.getByText('Crisis response').waitFor();
    await page.getByRole('button', { name: 'Retire Crisis response' }).click();
    await page.getByText(/\(retired /).waitFor();
    await checked(page, 'retired');
  });
});
