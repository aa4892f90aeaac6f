import { expect } from '@playwright/test';
import { createStaff, loginPage, mailCount, newestMail, postAd, registerVerified, shot, test, uniqueEmail, visitorIp } from './support';

/**
 * Two browsers: an agent has the inbox open; a user presses "Message the office" on an
 * ad and writes; the conversation appears in the agent's inbox without a reload; the
 * agent answers and the user's open conversation shows the answer without a reload
 * (the WebSocket event stream). Then the user goes offline, the agent answers twice
 * more, and the real SMTP server receives exactly one mail holding both answers.
 */
test('a message from an ad reaches the inbox live, the answer appears live, and unread answers are mailed once', async ({ browser, page }) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36);
  await registerVerified(page, 'chat');
  const adPath = await postAd(page, {
    category: 'electronics',
    title: `Television ${run}, 55 inch`,
    description: 'Works perfectly, remote included, collection in Durban.',
    price: '4500',
    location: 'Durban',
  });

  const agentEmail = uniqueEmail('agent');
  createStaff(agentEmail, 'agent');
  const { context: agentContext, page: agent } = await loginPage(browser, agentEmail);
  await agent.goto('/office/inbox');

  // The ad's page offers the button to everyone but its owner: a second account writes.
  const buyerContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': visitorIp() } });
  const buyer = await buyerContext.newPage();
  const buyerEmail = await registerVerified(buyer, 'buyer');
  await buyer.goto(adPath);
  await buyer.getByRole('link', { name: 'Message the office about this ad' }).click();
  await buyer.getByLabel('Topic').selectOption('ad_help');
  await buyer.getByLabel('Your message').fill(`Is the television ${run} still for sale?`);
  await buyer.getByRole('button', { name: 'Send' }).click();
  await expect(buyer).toHaveURL(/\/messages\/\d+/, { timeout: 15_000 });
  await expect(buyer.getByText(`Is the television ${run} still for sale?`)).toBeVisible();
  const threadPath = new URL(buyer.url()).pathname;

  // No reload on the agent's side: the inbox refreshes its list over the socket.
  const row = agent.locator(`[data-live-list] a[href="${threadPath}"]`);
  await expect(row).toBeVisible({ timeout: 10_000 });
  await shot(agent, 'inbox-live');
  await row.click();
  await expect(agent.getByText(`Is the television ${run} still for sale?`)).toBeVisible();
  await expect(agent.locator('[data-context]')).toContainText(`Television ${run}, 55 inch`);
  await agent.getByLabel('Reply').fill('Yes, it is still available. The seller will be in touch.');
  await agent.getByRole('button', { name: 'Send' }).click();

  // No reload on the buyer's side: the answer arrives over the socket, and the agent
  // sees it read.
  await expect(buyer.getByText('Yes, it is still available. The seller will be in touch.')).toBeVisible({ timeout: 10_000 });
  await shot(buyer, 'conversation-live');
  await expect(agent.locator('.msg.from-staff [data-state]').last()).toHaveText('Read', { timeout: 10_000 });

  // The buyer wants mail at once for what they have not read, then goes offline.
  await buyer.goto('/messages');
  await buyer.getByLabel('Minutes an answer may stay unread before we email you').fill('0');
  await buyer.getByRole('button', { name: 'Save' }).click();
  await expect(buyer.getByText('Saved.')).toBeVisible();
  await buyerContext.close();

  for (const text of [`The seller asks: can you collect ${run} on Saturday?`, 'Please reply here when you can.']) {
    await agent.getByLabel('Reply').fill(text);
    await agent.getByRole('button', { name: 'Send' }).click();
    await expect(agent.getByText(text)).toBeVisible();
  }
  const subject = 'You have an unread answer from SayPro Classifieds';
  const mail = await newestMail(buyerEmail, 60_000, subject);
  expect(mail.body).toContain(`can you collect ${run} on Saturday?`);
  expect(mail.body).toContain('Please reply here when you can.');
  expect(mail.body).not.toContain('The seller will be in touch.');
  // Another round of the mail worker (every 20 s) sends nothing more.
  await new Promise((r) => setTimeout(r, 25_000));
  expect(mailCount(buyerEmail, subject)).toBe(1);
  await agentContext.close();
});
