// The recovery plan on a 360 px phone (issue 21, point 8): it reads as a
// plan — the goals first, what can be done with each folded behind one
// control, the add-goal form behind a button that opens it — and is far
// shorter than the form it was; a refused goal comes back open as typed; a
// goal's wording is corrected; a draft of a new goal opens its form to be
// offered back; the BARC-10 chart's axis shows the dates.
// axe on every state visited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn as apiSignIn, startServer } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PEER = { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass', role: 'peer_specialist' };
const PHONE = { width: 360, height: 740 };
/* This plan (three goals, the newest version not yet signed) measured
 * 4,352 px tall at 360 px before the page was folded (2,681 px with the
 * demo's one goal); folded it is about 1,500 px. */
const MAX_HEIGHT = 2000;
/** A goal as the plan shows it (its words are in its folded form too). */
const goal = (page, words) => page.locator('#goals + ul > li > strong').getByText(words, { exact: true });

describe('the plan on a phone, in Chromium', () => {
  let s, browser, api, pid;
  before(async () => {
    s = await startServer({ args: ['--demo'] });
    api = await apiSignIn(s, { ...PEER });
    pid = (await (await api.fetch('/api/v1/persons?q=whitehorse')).json()).items[0].id;
    // two more goals beside the demo's one, as a working plan has
    const doc = (await (await api.fetch(`/api/v1/persons/${pid}/plan`)).json()).document;
    for (const [words, domain] of [['Go to the library twice a week to read with my son', 'education'],
      ['Walk to the harbour every morning before work', 'health_wellness']]) {
      doc.goals.push({ words, domain, why: 'It keeps me steady', target_date: '2027-01-01', status: 'active',
        steps: [{ what: 'Get a library card', who: 'person', by: '2026-12-20', done: false }], progress: [] });
    }
    const r = await api.json('PUT', `/api/v1/persons/${pid}/plan`,
      { leadership: 'shared', author_kind: 'person', summary: 'Two more goals', document: doc });
    assert.equal(r.status, 201);
    // four more assessments, so the chart has dates between its ends
    for (const [taken_on, k] of [['2026-08-20', 1], ['2026-09-10', 2], ['2026-09-30', 3], ['2026-10-15', 4]]) {
      const answers = Array.from({ length: 10 }, (_, j) => 1 + ((j + k) % 6));
      assert.equal((await api.json('POST', `/api/v1/persons/${pid}/barc10`,
        { taken_on, filled_by: 'with_peer', answers })).status, 201);
    }
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  test('at 360 px the plan reads as a plan: goals first, every form folded, far shorter than before', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, PEER);
    await page.goto(`${s.url}/persons/${pid}/plan`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height <= MAX_HEIGHT, `the page is ${height} px tall (was 4,352)`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no sideways scrolling');
    assert.deepEqual(await axeViolations(page), [], 'the plan, folded');
    // the goals with their status, the first one on the first screen
    const first = goal(page, 'Have my own place by spring (demo)');
    assert.ok((await first.boundingBox()).y < PHONE.height, 'the first goal is on the first screen');
    for (const words of ['Go to the library twice a week to read with my son', 'Walk to the harbour every morning before work'])
      assert.ok(await goal(page, words).isVisible(), words);
    assert.equal(await page.getByText(/· Active ·/).count(), 3, 'each goal shows its status');
    // no form shows until it is asked for; one control per goal opens its own
    assert.equal(await page.locator('main form:visible').count(), 0, 'every form is folded');
    const controls = page.locator('summary', { hasText: 'Update this goal' });
    assert.equal(await controls.count(), 3, 'one control per goal');
    await controls.nth(1).click();
    assert.ok(await page.locator('#goal-2 legend', { hasText: 'Status of this goal' }).isVisible());
    assert.ok(await page.locator('#goal-2 label', { hasText: 'Achieved' }).isVisible(), 'the status change is there when opened');
    assert.equal(await page.locator('#goal-1 form:visible').count(), 0, 'the other goals stay folded');
    assert.deepEqual(await axeViolations(page), [], 'a goal opened');
    // its wording corrected: a new version, the old one kept
    await page.locator('#goal-2').getByLabel('The new wording, in their words').fill('Go to the library every Saturday with my son');
    await page.locator('#goal-2').getByRole('button', { name: 'Save the new wording' }).click();
    await goal(page, 'Go to the library every Saturday with my son').waitFor();
    await page.locator('summary', { hasText: /Every version/ }).click();
    await page.getByRole('link', { name: /Compare with version/ }).first().click();
    await page.getByText('Go to the library twice a week to read with my son', { exact: true }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the old wording beside the new');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('at 360 px "Add a goal" opens its form; a refused goal comes back open, as typed, and is then added', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, PEER);
    await page.goto(`${s.url}/persons/${pid}/plan`);
    const words = page.getByLabel('The goal, in their words');
    assert.ok(!(await words.isVisible()), 'folded at first');
    const add = page.locator('summary', { hasText: 'Add a goal' });
    const box = await add.boundingBox();
    assert.ok(box.height >= 24 && box.x >= 0 && box.x + box.width <= 360, 'a button-sized control on the screen');
    await add.click();
    assert.ok(await words.isVisible(), 'the form opens');
    assert.deepEqual(await axeViolations(page), [], 'the add-goal form open');
    await words.fill('Learn to swim');
    await page.locator('label[for="domain-recreation"]').click();
    await page.getByLabel('Target date').fill('next summer');
    await page.getByRole('button', { name: 'Add the goal' }).click();
    await page.getByRole('link', { name: 'Target date' }).waitFor();
    assert.ok(await words.isVisible(), 'the form came back open');
    assert.equal(await words.inputValue(), 'Learn to swim');
    assert.ok(await page.locator('#domain-recreation').isChecked());
    assert.equal(await page.getByLabel('Target date').inputValue(), 'next summer');
    assert.ok(await goal(page, 'Have my own place by spring (demo)').isVisible(), 'the plan is still above');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
    assert.deepEqual(await axeViolations(page), [], 'the form back with its error');
    await page.getByLabel('Target date').fill('2027-07-01');
    await page.getByRole('button', { name: 'Add the goal' }).click();
    await goal(page, 'Learn to swim').waitFor();
    assert.ok(!(await words.isVisible()), 'folded again once added');
    assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), [], 'only the refused form\'s 400');
    await page.context().close();
  });

  test('a draft of a new goal opens the folded form to be offered back', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, PEER);
    await page.goto(`${s.url}/persons/${pid}/plan`);
    await page.locator('summary', { hasText: 'Add a goal' }).click();
    await page.getByLabel('Why it matters to them').fill('Kept while typing');
    await page.getByText(/^Draft kept at \d\d:\d\d\.$/).waitFor({ timeout: 10000 });
    await page.goto(`${s.url}/persons/${pid}/plan`); // as after a time-out
    await page.getByText(/You have an unsent draft of this form/).waitFor();
    assert.ok(await page.locator('details.waypoint-add-goal').evaluate((d) => d.open), 'opened to show the offer');
    await page.getByRole('button', { name: 'Restore it' }).click();
    assert.equal(await page.getByLabel('Why it matters to them').inputValue(), 'Kept while typing');
    assert.deepEqual(await axeViolations(page), [], 'the draft offered back');
    await page.goto(`${s.url}/persons/${pid}/plan`);
    await page.getByRole('button', { name: 'Discard it' }).click();
    await page.getByText('Draft discarded.').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('at 360 px the BARC-10 chart shows the dates along its axis, readable and apart', async () => {
    const page = await watchedPage(browser, PHONE);
    await signIn(page, s.url, PEER);
    await page.goto(`${s.url}/persons/${pid}/barc10`);
    assert.deepEqual(await axeViolations(page), [], 'BARC-10 page');
    const chart = page.getByRole('img', { name: /BARC-10 totals over time/ });
    assert.ok(await chart.isVisible());
    const frame = await chart.boundingBox();
    assert.ok(frame.x >= 0 && frame.x + frame.width <= 360, 'the chart fits the screen');
    const labels = page.locator('svg.waypoint-chart text.waypoint-chart-date');
    const dates = await labels.allTextContents();
    const table = (await page.locator('table tbody th').allTextContents()).reverse(); // oldest first
    assert.equal(table.length, 6);
    assert.equal(dates[0], table[0], 'the first date');
    assert.equal(dates.at(-1), table.at(-1), 'the last date');
    assert.ok(dates.length >= 3 && dates.length <= 4, `a few between: ${dates.join(', ')}`);
    assert.ok(dates.every((d) => table.includes(d)), 'each the date of an assessment');
    const boxes = [];
    for (let i = 0; i < dates.length; i++) boxes.push(await labels.nth(i).boundingBox());
    for (const [i, b] of boxes.entries()) {
      assert.ok(b.height >= 12, `${dates[i]} is ${b.height.toFixed(1)} px tall`);
      assert.ok(b.x >= frame.x && b.x + b.width <= frame.x + frame.width + 0.5, `${dates[i]} inside the chart`);
      if (i) assert.ok(b.x >= boxes[i - 1].x + boxes[i - 1].width + 2, `${dates[i - 1]} and ${dates[i]} apart`);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
