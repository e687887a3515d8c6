// One working day walked in a real browser, as issue 21 found it: a peer's
// note on the phone, a trainee's note returned and corrected, the
// supervisor's co-signature on a desktop, and the manager's billing with
// bad dates first.  Each page visited passes axe, names whose record it is
// where it is a person's, and keeps what was typed when it refuses it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, startServer } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const PEER = { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass' };
const TRAINEE = { email: 'trainee@demo.waypoint.example', password: 'demo-trainee-willow-kettle' };
const SUPERVISOR = { email: 'supervisor@demo.waypoint.example', password: 'demo-supervisor-maple-bridge' };
const MANAGER = { email: 'manager@demo.waypoint.example', password: 'demo-manager-river-candle' };

// Every page a person's record opens with the band naming them.
async function band(page) {
  const text = await page.locator('.waypoint-person-band').textContent();
  assert.match(text, /[A-Z][a-z]+/, 'a name in the band');
  return text;
}

async function checked(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  const width = page.viewportSize().width;
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width, `${what}: no sideways scrolling`);
}

// Fills the note form with a 45-minute community contact.
async function writeNote(page, words) {
  await page.getByLabel('Kind of contact').selectOption('individual');
  await page.getByLabel('Start time').fill('09:00');
  await page.getByLabel('End time').fill('09:45');
  await page.getByLabel('Where').selectOption('community');
  await page.getByLabel('What we did together').fill(words);
  await page.getByLabel('How the person responded').fill('Engaged.');
  await page.getByLabel('Next steps').fill('Meet next week.');
}

async function signWithConfirmation(page) {
  await page.getByRole('button', { name: 'Sign the note' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign this note?' });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Signing is final/);
  await dialog.getByRole('button', { name: 'Yes, sign the note' }).click();
}

describe('a day in Waypoint, in Chromium', () => {
  let s, browser;
  before(async () => {
    // first run: --demo on a new database file, no `init` first (point 7)
    s = await startServer({ db: freshDatabase(), init: false, args: ['--demo'] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('the peer writes a note on the phone: the band, the units as typed, one confirmation', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, PEER);
    await checked(page, 'home');
    await page.goto(`${s.url}/persons?q=jordan`);
    await page.getByRole('link', { name: 'Jo', exact: true }).click();
    await page.getByRole('link', { name: 'Record a contact' }).click();
    const who = await band(page);
    assert.match(who, /Jo/);
    await checked(page, 'the note form');
    await writeNote(page, 'Walked to the library and signed up for a card.');
    const panel = page.getByRole('region', { name: 'Billing' });
    await panel.getByText(/Not billable: no plan goal addressed/).waitFor();
    await page.locator('label', { hasText: 'Have my own place by spring (demo)' }).click();
    await panel.getByText(/Billable: 3 units/).waitFor();
    await page.getByLabel('End time').fill('09:20');
    await panel.getByText(/Billable: 2 units|Billable: 1 unit/).waitFor();
    await page.getByLabel('End time').fill('09:45');
    await signWithConfirmation(page);
    await page.getByText(/^Signed by Pat Peer/).waitFor();
    assert.equal(await band(page), who, 'the signed note names the same person');
    await checked(page, 'the signed note');
    // the plan reads as a plan on the phone: goals, every form folded
    await page.goto(page.url().replace(/\/contacts\/.*$/, '/plan'));
    assert.equal(await band(page), who);
    await page.getByText('Have my own place by spring (demo)').first().waitFor();
    assert.equal(await page.locator('main details[open]').count(), 0, 'every form folded');
    assert.ok(await page.evaluate(() => document.documentElement.scrollHeight) < 2000, 'not a 3,750 px form');
    await checked(page, 'the plan');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the trainee\'s note is returned, comes back to them, is corrected and co-signed', async () => {
    const trainee = await watchedPage(browser, PHONE);
    await signIn(trainee, s.url, TRAINEE);
    await trainee.goto(`${s.url}/persons`);
    await trainee.locator('main ul a.usa-link').first().click();
    const person = (await trainee.locator('h1').textContent()).trim();
    await trainee.getByRole('link', { name: 'Record a contact' }).click();
    await writeNote(trainee, 'Went to the food bank tgoether.');
    await signWithConfirmation(trainee);
    await trainee.getByText(/Waiting for a supervisor.s co-signature/).first().waitFor();
    const note = new URL(trainee.url()).pathname; // /persons/P/contacts/C

    const supervisor = await watchedPage(browser, DESKTOP);
    await signIn(supervisor, s.url, SUPERVISOR);
    await supervisor.goto(`${s.url}/supervision`);
    await checked(supervisor, 'the review queue');
    const row = supervisor.locator('li.usa-summary-box', { has: supervisor.locator(`a[href="${note}"]`) });
    const rowText = await row.textContent();
    assert.match(rowText, /\d{4}-\d\d-\d\d/, 'the row has the date');
    assert.match(rowText, new RegExp(person.split(' ')[0]), 'the row has the person');
    assert.match(rowText, /Taylor Trainee/, 'the row has the author');
    await row.getByRole('link', { name: 'Review the note' }).click();
    await band(supervisor);
    await checked(supervisor, 'the note under review');
    await supervisor.getByLabel('Comment for the trainee').fill('Please fix the spelling of "together".');
    await supervisor.getByRole('button', { name: 'Return with comments' }).click();
    await supervisor.waitForLoadState('networkidle');

    // it comes back to its author: on the home page, with the comment
    await trainee.goto(`${s.url}/`);
    const returned = trainee.locator('#returned-work');
    assert.match(await returned.textContent(), /Please fix the spelling/);
    await checked(trainee, 'home with returned work');
    await trainee.goto(`${s.url}/notices`);
    assert.match(await trainee.locator('main').textContent(), /returned/i);
    await checked(trainee, 'notices');
    await trainee.goto(`${s.url}/`);
    await returned.locator('li', { hasText: 'Please fix the spelling' })
      .getByRole('link', { name: 'Correct the note and sign it again' }).click();
    await band(trainee);
    assert.equal(await trainee.getByLabel('What we did together').inputValue(), 'Went to the food bank tgoether.');
    await trainee.getByLabel('What we did together').fill('Went to the food bank together.');
    await signWithConfirmation(trainee);
    await trainee.getByText(/co-signature/i).first().waitFor();

    await supervisor.goto(`${s.url}/supervision`);
    const again = supervisor.locator('li.usa-summary-box', { has: supervisor.locator(`a[href="${note}"]`) });
    await again.getByRole('link', { name: 'Review the note' }).click();
    assert.match(await supervisor.locator('main').textContent(), /food bank together/);
    await supervisor.getByRole('button', { name: 'Co-sign' }).click();
    await supervisor.waitForURL(/\/supervision$/);
    assert.equal(await again.count(), 0, 'off the queue');
    await supervisor.goto(s.url + note);
    assert.match(await supervisor.locator('main dl').textContent(), /Co-signed/);
    await checked(supervisor, 'the co-signed note');
    await trainee.context().close();
    await supervisor.context().close();
  });

  test('the manager bills last month, and bad dates keep the form', async () => {
    const page = await watchedPage(browser, DESKTOP);
    await signIn(page, s.url, MANAGER);
    await page.goto(`${s.url}/billing`);
    await checked(page, 'billing');
    const from = await page.locator('#from').inputValue();
    const to = await page.locator('#to').inputValue();
    assert.match(from, /^\d{4}-\d\d-01$/, 'last month, from its first day');
    assert.ok(to > from, 'to its last');
    await page.locator('#from').fill('');
    await page.locator('#to').fill('');
    await page.getByRole('button', { name: 'Download the CSV' }).click();
    const summary = page.locator('[data-error-summary]');
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true,
      'the summary has focus');
    assert.deepEqual(await summary.locator('li a').allTextContents(), ['From', 'To']);
    await checked(page, 'billing refused');
    await summary.getByRole('link', { name: 'To' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'to', 'the link moves focus to the field');
    await page.locator('#from').fill('2026-11-30');
    await page.locator('#to').fill('2026-11-01');
    await page.getByRole('button', { name: 'Download the CSV' }).click();
    await summary.waitFor();
    assert.deepEqual(await summary.locator('li a').allTextContents(), ['To']);
    assert.equal(await page.locator('#from').inputValue(), '2026-11-30', 'what was typed is kept');
    const today = new Date().toISOString().slice(0, 10);
    await page.locator('#from').fill(today.slice(0, 8) + '01');
    await page.locator('#to').fill(today);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the CSV' }).click();
    const csv = await (await download).path();
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(csv, 'utf8'), /H0038/, 'the peer\'s note bills');
    assert.ok(page.problems.every((p) => /status of 400/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });
});
