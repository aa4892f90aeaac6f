import { expect } from '@playwright/test';
import { createStaff, loginPage, postAd, registerVerified, shot, test, uniqueEmail, visitorIp } from './support';

/**
 * Two browsers: a user presses "Message the office" on an ad and writes; an agent
 * answers from the inbox; the user's open conversation shows the answer without a
 * reload (the WebSocket event stream).
 */
test('a message from an ad reaches the office and the answer appears live', async ({ browser, page }) => {
  test.setTimeout(60_000);
  const run = Date.now().toString(36);
  await registerVerified(page, 'chat');
  const adPath = await postAd(page, {
    category: 'electronics',
    title: `Television ${run}, 55 inch`,
    description: 'Works perfectly, remote included, collection in Durban.',
    price: '4500',
    location: 'Durban',
  });
  // The ad's page offers the button to everyone but its owner: a second account writes.
  const buyerContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': visitorIp() } });
  const buyer = await buyerContext.newPage();
  await registerVerified(buyer, 'buyer');
  await buyer.goto(adPath);
  await buyer.getByRole('link', { name: 'Message the office about this ad' }).click();
  await buyer.getByLabel('Topic').selectOption('ad_help');
  await buyer.getByLabel('Your message').fill(`Is the television ${run} still for sale?`);
  await buyer.getByRole('button', { name: 'Send' }).click();
  await expect(buyer).toHaveURL(/\/messages\/\d+/, { timeout: 15_000 });
  await expect(buyer.getByText(`Is the television ${run} still for sale?`)).toBeVisible();
  const threadUrl = buyer.url();

  const agentEmail = uniqueEmail('agent');
  createStaff(agentEmail, 'agent');
  const { context: agentContext, page: agent } = await loginPage(browser, agentEmail);
  await agent.goto('/office/inbox');
  await agent.locator(`a[href="${new URL(threadUrl).pathname}"]`).first().click();
  await expect(agent.getByText(`Is the television ${run} still for sale?`)).toBeVisible();
  await agent.getByLabel('Reply').fill('Yes, it is still available. The seller will be in touch.');
  await agent.getByRole('button', { name: 'Send' }).click();

  // No reload on the buyer's side: the answer arrives over the socket.
  await expect(buyer.getByText('Yes, it is still available. The seller will be in touch.')).toBeVisible({ timeout: 10_000 });
  await shot(buyer, 'conversation-live');
  await agentContext.close();
  await buyerContext.close();
});
