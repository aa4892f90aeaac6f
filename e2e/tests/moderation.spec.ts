import { expect } from '@playwright/test';
import {
  createStaff,
  loginPage,
  newestMail,
  postAd,
  registerVerified,
  shot,
  test,
  uniqueEmail,
  visitorIp,
} from './support';

/**
 * The whole reporting loop in real browsers: an anonymous visitor reports an ad, a
 * moderator hides it, bans the poster and removes the ad, the visitor's status page
 * shows the outcome, the poster appeals (from the mail, since a banned account cannot
 * log in) and a second moderator lifts the ban and restores the ad.
 */
test('a report travels from the Report button to a decision, an appeal and a restored ad', async ({ browser, page }) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  const title = `Concert tickets ${run}, front row`;
  const sellerEmail = await registerVerified(page, 'poster');
  const adPath = await postAd(page, {
    category: 'community',
    title,
    description: 'Two tickets for Saturday, front row, collection in Cape Town.',
    price: '900',
    location: 'Cape Town',
  });

  const m1Email = uniqueEmail('mod1');
  const m2Email = uniqueEmail('mod2');
  createStaff(m1Email, 'moderator');
  createStaff(m2Email, 'moderator');

  // The anonymous visitor: the Report button opens a dialog; a confirmation step; a code.
  const visitorContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': visitorIp() } });
  const visitor = await visitorContext.newPage();
  let statusUrl = '';
  await test.step('an anonymous visitor reports the ad', async () => {
    await visitor.goto(adPath);
    await visitor.getByRole('link', { name: 'Report this ad' }).click();
    const dialog = visitor.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Fraud or a scam').check();
    await dialog.getByLabel('Anything moderators should know').fill('The same tickets are sold under three names.');
    await shot(visitor, 'report-dialog');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect(visitor.getByRole('heading', { name: 'Please check your report' })).toBeVisible();
    await expect(visitor.getByText('The same tickets are sold under three names.')).toBeVisible();
    await visitor.getByRole('button', { name: 'Send report' }).click();
    await expect(visitor.getByRole('heading', { name: 'Thank you for your report' })).toBeVisible({ timeout: 15_000 });
    const code = (await visitor.locator('[data-tracking-code]').innerText()).trim();
    expect(code).toHaveLength(12);
    statusUrl = (await visitor.locator('[data-status-link]').getAttribute('href')) ?? '';
    await shot(visitor, 'report-thanks');
  });

  // Moderator one: hide while investigating, ban the poster, remove the ad.
  const { context: m1Context, page: m1 } = await loginPage(browser, m1Email);
  await test.step('a moderator hides the ad, bans the poster and removes the ad', async () => {
    await m1.goto('/office/queue');
    await m1.getByRole('link', { name: title }).click();
    await expect(m1.getByText('The same tickets are sold under three names.')).toBeVisible();
    await m1.locator('#reason').selectOption('fraud');
    await m1.getByRole('button', { name: 'Hide while investigating' }).click();
    await expect(m1).toHaveURL(/\/office\/queue\?notice=/);
    expect((await visitor.goto(adPath))?.status()).toBe(404);
    await m1.getByRole('link', { name: title }).click();
    await m1.getByLabel('Action on the account').selectOption('ban');
    await m1.locator('form[action$="/actions"] input[name="reason"]').fill('Selling the same tickets to several buyers');
    m1.once('dialog', (d) => d.accept());
    await m1.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(m1.getByText('Done; the person has been told')).toBeVisible();
    await m1.locator('#reason').selectOption('fraud');
    await m1.getByRole('button', { name: 'Remove / reject' }).click();
    await expect(m1).toHaveURL(/\/office\/queue\?notice=/);
    await shot(m1, 'queue-after-decision');
  });

  await test.step("the visitor's status page shows the outcome", async () => {
    await visitor.goto(statusUrl);
    await expect(visitor.locator('[data-report-outcome="ad_removed"]')).toBeVisible();
    await expect(visitor.getByText('shows signs of fraud')).toBeVisible();
    await shot(visitor, 'report-status-outcome');
  });

  // The poster cannot log in, so they appeal the ban from the mail.
  await test.step('the banned poster appeals from the mail', async () => {
    const mail = await newestMail(sellerEmail, 10_000, 'Your account is closed');
    const link = mail.body.match(/https?:\/\/\S+\/appeals\/new\?\S+/)?.[0];
    expect(link).toBeTruthy();
    const posterContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': visitorIp() } });
    const poster = await posterContext.newPage();
    await poster.goto(link!);
    await poster.getByLabel('Why should the decision be looked at again?').fill('These are my own tickets; I can show the receipt.');
    await poster.getByRole('button', { name: 'Send appeal' }).click();
    await expect(poster.getByText('Your appeal was sent')).toBeVisible();
    await posterContext.close();
  });

  // Moderator two lifts the ban; the poster then appeals the removal and m2 restores it.
  const { context: m2Context, page: m2 } = await loginPage(browser, m2Email);
  await test.step('a second moderator lifts the ban and restores the ad', async () => {
    await m2.goto('/office/queue?kind=appeal');
    await m2.getByRole('link', { name: /appeal against action:/ }).click();
    await m2.getByRole('button', { name: 'Approve / no action' }).click();
    await expect(m2).toHaveURL(/\/office\/queue\?notice=/);

    const { context: posterContext, page: poster } = await loginPage(browser, sellerEmail);
    await poster.goto('/notifications');
    const appealHref = await poster.locator('a[href*="/appeals/new?subject=ad:"]').first().getAttribute('href');
    expect(appealHref).toBeTruthy();
    await poster.goto(appealHref!);
    await poster.getByLabel('Why should the decision be looked at again?').fill('The tickets are genuine; here is the booking reference 48213.');
    await poster.getByRole('button', { name: 'Send appeal' }).click();
    await expect(poster.getByText('Your appeal was sent')).toBeVisible();

    await m2.goto('/office/queue?kind=appeal');
    await m2.getByRole('link', { name: /appeal against ad:/ }).click();
    await m2.getByRole('button', { name: 'Approve / no action' }).click();
    await expect(m2).toHaveURL(/\/office\/queue\?notice=/);
    const res = await visitor.goto(adPath);
    expect(res?.status()).toBe(200);
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
    await shot(visitor, 'ad-restored');
    await posterContext.close();
  });
  await m1Context.close();
  await m2Context.close();
  await visitorContext.close();
});
