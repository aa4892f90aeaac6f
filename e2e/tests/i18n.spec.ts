import { expect, type Page } from '@playwright/test';
import { shot, test } from './support';

async function expectAfrikaans(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'af');
  const header = page.locator('header');
  await expect(header.getByRole('link', { name: "Plaas 'n advertensie" })).toBeVisible();
  await expect(header.getByRole('link', { name: 'Teken in' })).toBeVisible();
}

test('the footer language switcher turns the site Afrikaans', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('header').getByRole('link', { name: 'Post an ad' })).toBeVisible();

  const footer = page.locator('footer');
  await footer.getByLabel('Language').selectOption({ label: 'Afrikaans' });
  await footer.getByRole('button', { name: 'Change' }).click();

  await expectAfrikaans(page);
  // The choice sticks on the next page too.
  await page.goto('/register');
  await expectAfrikaans(page);
  await page.goto('/');
  await shot(page, 'home-af');
});

test.describe('Accept-Language', () => {
  test.use({ locale: 'af-ZA' });

  test('a fresh visitor whose browser asks for af-ZA gets Afrikaans', async ({ page }) => {
    await page.goto('/');
    await expectAfrikaans(page);
  });
});
