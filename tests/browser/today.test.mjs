// The Today page on a phone (360 × 740), in Chromium, on the demo data:
// a peer's and a supervisor's worklists pass axe and never scroll sideways.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, startServer } from '../http/helpers.mjs';
import { axeViolations, launch, signIn, watchedPage } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
const PEER = { email: 'peer@demo.waypoint.example', password: 'demo-peer-meadow-compass' };
const SUPERVISOR = { email: 'supervisor@demo.waypoint.example', password: 'demo-supervisor-maple-bridge' };

describe('the Today page on a phone, in Chromium', () => {
  let s, browser;
  before(async () => {
    s = await startServer({ db: freshDatabase(), init: false, args: ['--demo'] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  for (const [who, user, heading] of [['peer', PEER, 'Follow-ups due'], ['supervisor', SUPERVISOR, 'Waiting for your co-signature']]) {
    test(`a ${who}'s Today page`, async () => {
      const page = await watchedPage(browser, PHONE);
      await signIn(page, s.url, user);
      await page.goto(`${s.url}/`);
      await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `${who}: axe`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, `${who}: no sideways scrolling`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
});
