// Policies and trainings on a phone (issue 27, points 5 and 6): a peer
// finds the code of ethics due on Today, reads it and acknowledges it, and
// records a training (a bad hours value first: the form comes back as
// typed); a manager sees who has not acknowledged and adds a policy.
// Every page passes axe (WCAG 2.2 AA) and fits 360 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addUser, startServer, staff } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const today = () => new Date().toISOString().slice(0, 10);

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${what}: no sideways scrolling`);
}

describe('policies and trainings in Chromium', () => {
  let s, browser, admin, peer, manager, ethics;
  before(async () => {
    s = await startServer();
    admin = await staff(s, 'admin');
    peer = addUser(s, { role: 'peer_specialist', name: 'Robin Peer' });
    manager = addUser(s, { role: 'program_manager', name: 'Morgan Keeper' });
    ethics = (await (await admin.json('POST', '/api/v1/policies', { title: 'Code of ethics',
      body: 'We respect every person.\nWe keep confidences.\n\nWe do no harm. ' + 'A long paragraph goes on. '.repeat(40) })).json()).id;
    await admin.json('POST', `/api/v1/policies/${ethics}/versions`, { body: 'Version two: we respect every person.\n\nWe do no harm.' });
    await admin.json('POST', '/api/v1/staff/' + peer.id + '/trainings',
      { name: 'New Employee Orientation', kind: 'orientation', attended_on: today(), hours: 6, provider: 'The program' });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('a peer acknowledges the code of ethics and records a training', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, peer);
    await page.goto(`${s.url}/`);
    const section = page.locator('#today-policies_to_acknowledge');
    assert.match(await section.textContent(), /Code of ethics/);
    await checked(page, 'Today with a policy to acknowledge');
    await section.getByRole('link', { name: 'Code of ethics' }).click();
    await page.getByRole('heading', { name: 'Code of ethics', level: 1 }).waitFor();
    await checked(page, 'the policy');
    await page.getByRole('button', { name: /I have read version 2/ }).click();
    await page.getByText(/^Acknowledged /).waitFor();
    await checked(page, 'the policy acknowledged');
    await page.getByRole('link', { name: 'Version 1' }).click();
    await page.getByText(/not the\s+current one/).waitFor();
    await checked(page, 'an earlier version');
    await page.goto(`${s.url}/policies`);
    await checked(page, 'the policies');

    await page.goto(`${s.url}/staff/${peer.id}`);
    assert.match(await page.locator('main').textContent(), /6 hours this year/);
    await checked(page, 'the staff record');
    await page.getByRole('link', { name: 'Record a training' }).click();
    await page.getByLabel(/^Training/).fill('CPR and first aid');
    await page.getByLabel(/^Kind/).selectOption('cpr_first_aid');
    await page.getByLabel(/^Date attended/).fill(today());
    await page.getByLabel(/^Hours/).fill('0');
    await page.getByRole('button', { name: 'Record the training' }).click();
    await page.locator('[data-error-summary]').waitFor();
    assert.equal(await page.getByLabel(/^Training/).inputValue(), 'CPR and first aid');
    await checked(page, 'a refused training');
    await page.getByLabel(/^Hours/).fill('4');
    await page.getByRole('button', { name: 'Record the training' }).click();
    await page.locator('#trainings').getByText('CPR and first aid', { exact: true }).waitFor();
    assert.match(await page.locator('#training-totals').textContent(), /10 hours this year/);
    await checked(page, 'the trainings');
  });

  test('a manager sees who has not acknowledged, and adds a policy', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, manager);
    await page.goto(`${s.url}/policies/${ethics}`);
    const pending = page.locator('#pending');
    assert.match(await pending.textContent(), /Morgan Keeper/);
    assert.doesNotMatch(await pending.textContent(), /Robin Peer/);
    await checked(page, "the policy, a manager's view");
    await page.goto(`${s.url}/policies`);
    await page.getByRole('button', { name: 'Publish the policy' }).click();
    await page.locator('[data-error-summary]').waitFor();
    await checked(page, 'a refused policy');
    await page.getByLabel(/^Title/).fill('Confidentiality');
    await page.getByLabel(/^Text/).fill('What a person tells us stays here.');
    await page.getByRole('button', { name: 'Publish the policy' }).click();
    await page.getByRole('heading', { name: 'Confidentiality', level: 1 }).waitFor();
    await checked(page, 'the new policy');
    await page.goto(`${s.url}/staff/${peer.id}/trainings`);
    await checked(page, "a peer's trainings, a manager's view");
  });
});
