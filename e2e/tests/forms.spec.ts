import { expect, type Page } from '@playwright/test';
import { registerVerified, shot, test, uniqueEmail } from './support';

/** Wait for the POST the form submits and return its status. */
async function submitAndStatus(page: Page, path: string, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response.status();
}

test.describe('field errors keep what was typed', () => {
  test('post form with price "lots" shows the price error and keeps every value', async ({ page }) => {
    await registerVerified(page, 'forms-post');
    await page.goto('/post');

    const typed = {
      category: 'electronics',
      title: 'Valve radio in working order',
      description: 'Old valve radio, warm sound, comes with the original manual and a spare valve.',
      price: 'lots',
      currency: 'ZAR',
      location: 'Stellenbosch',
      phone: '021 555 0199',
    };
    await page.getByLabel('Category').selectOption(typed.category);
    await page.getByLabel('Title').fill(typed.title);
    await page.getByLabel('Description').fill(typed.description);
    await page.getByLabel('Price').fill(typed.price);
    await page.getByLabel('Currency').fill(typed.currency);
    await page.getByLabel('Location').fill(typed.location);
    await page.getByLabel('Contact phone').fill(typed.phone);

    expect(await submitAndStatus(page, '/post', 'Publish ad')).toBe(422);
    expect(new URL(page.url()).pathname).toBe('/post');

    // The message sits under the field and is tied to it for screen readers.
    const price = page.getByLabel('Price');
    await expect(page.locator('#price-error')).toBeVisible();
    await expect(price).toHaveAccessibleDescription(/Enter a price/);
    await expect(page.getByRole('alert').first()).toBeVisible();

    await expect(page.getByLabel('Category')).toHaveValue(typed.category);
    await expect(page.getByLabel('Title')).toHaveValue(typed.title);
    await expect(page.getByLabel('Description')).toHaveValue(typed.description);
    await expect(price).toHaveValue(typed.price);
    await expect(page.getByLabel('Currency')).toHaveValue(typed.currency);
    await expect(page.getByLabel('Location')).toHaveValue(typed.location);
    await expect(page.getByLabel('Contact phone')).toHaveValue(typed.phone);
    await shot(page, 'post-form-error');
  });

  test('register form with a short password shows the field message', async ({ page }) => {
    const email = uniqueEmail('forms-short');
    await page.goto('/register');
    await page.getByLabel('Display name').fill('Short Password');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('short');

    expect(await submitAndStatus(page, '/register', 'Create account')).toBe(422);
    const password = page.getByLabel('Password', { exact: true });
    await expect(page.locator('#password-error')).toBeVisible();
    await expect(password).toHaveAccessibleDescription(/at least 10 characters/i);
    await expect(page.getByLabel('Display name')).toHaveValue('Short Password');
    await expect(page.getByLabel('Email address')).toHaveValue(email);
    await shot(page, 'register-error');
  });
});

test.describe('keyboard and labels', () => {
  test('the skip link is the first Tab stop and takes focus to main', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    // It is off-screen until focused; focused, it must be on screen.
    const box = await skip.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBeTruthy();

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
    // Either main itself took focus, or the next Tab stop is inside main
    // (Chromium moves the focus starting point to a non-focusable target).
    const mainFocused = await page.evaluate(() => document.activeElement?.id === 'main');
    if (!mainFocused) {
      await page.keyboard.press('Tab');
      const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
      expect(inMain, 'after the skip link, the next Tab stop is inside <main>').toBe(true);
    }
  });

  /** Every visible form control on the page is found by getByLabel through its own label. */
  async function expectAllControlsLabelled(page: Page, expected: string[]) {
    for (const name of expected) {
      await expect(page.getByLabel(name, { exact: true }), `label "${name}"`).toHaveCount(1);
    }
    const controls = page.locator('input:not([type=hidden]), select, textarea');
    const n = await controls.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const control = controls.nth(i);
      if (!(await control.isVisible())) continue;
      const { label, desc } = await control.evaluate((el) => {
        const input = el as HTMLInputElement;
        const text = input.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? '';
        return { label: text.replace(/\s+/g, ' ').trim(), desc: `${el.tagName.toLowerCase()}[name=${input.name}]` };
      });
      expect(label, `${desc} on ${page.url()} has a label`).not.toBe('');
      await expect(page.getByLabel(label, { exact: true }).and(control), `${desc} found by its label "${label}"`).toHaveCount(1);
    }
  }

  test('every input on /register, /login and /post has a label', async ({ page }) => {
    await page.goto('/register');
    await expectAllControlsLabelled(page, ['Display name', 'Email address', 'Password', 'Search ads', 'Language']);

    await page.goto('/login');
    await expectAllControlsLabelled(page, ['Email address', 'Password', 'Search ads', 'Language']);

    await registerVerified(page, 'forms-labels');
    await page.goto('/post');
    await expectAllControlsLabelled(page, [
      'Category',
      'Title',
      'Description',
      'Price',
      'Currency',
      'Location',
      'Contact phone (optional)',
      'Search ads',
      'Language',
    ]);
  });
});

/** Regressions of bugs these specs' screenshots found. */
test.describe('accessibility and state', () => {
  test('a field with an error is marked aria-invalid (and gets the red border)', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('Display name').fill('Short Password');
    await page.getByLabel('Email address').fill(uniqueEmail('forms-invalid'));
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  });

  test('the "please confirm your email" banner is gone on the confirmation page itself', async ({ page }) => {
    await registerVerified(page, 'forms-banner');
    await expect(page.getByText('Please confirm your email address before you post ads')).toHaveCount(0);
  });
});
