import { expect } from '@playwright/test';
import {
  test,
  fillAdForm,
  headerSearch,
  newestMail,
  register,
  shot,
  uniqueEmail,
  verificationParts,
  type AdInput,
} from './support';

/**
 * The main journey of a new seller: register, confirm the address from the
 * real mail, post an ad, rename it (old URL keeps working with a 301), and
 * find it from the header search.
 */
test('a new seller registers, confirms by mail, posts, renames and finds their ad', async ({ page }) => {
  // Unique words so this run's ad is the only match, however often the suite runs.
  const run = Date.now().toString(36);
  const email = uniqueEmail('journey');

  await test.step('home page', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await shot(page, 'home');
  });

  await test.step('register', async () => {
    await page.goto('/register');
    await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
    await shot(page, 'register');
    await register(page, { name: 'Journey Seller', email });
    await shot(page, 'verify-email-sent');
  });

  await test.step('confirm the address with the link from the real mail', async () => {
    const mail = await newestMail(email);
    expect(mail.subject).toBe('Confirm your email address for SayPro Classifieds');
    const { link, code } = verificationParts(mail);
    expect(code).toMatch(/^\d{6}$/);
    // The link must point at this site, not some other base URL.
    expect(new URL(link).origin).toBe(new URL(page.url()).origin);
    await page.goto(link);
    await expect(page.getByText('Your email address is confirmed')).toBeVisible();
    await shot(page, 'verify-email-done');
  });

  const original: AdInput = {
    category: 'pets',
    title: `Dog crate, large ${run}`,
    description: 'Sturdy steel dog crate for a large breed. Folds flat for the car, hardly used.',
    price: '650',
    location: 'Durbanville',
    phone: '021 555 0100',
  };
  const oldPath = `/classifieds/pets/dog-crate-large-${run}`;

  await test.step('post an ad through the form', async () => {
    await page.goto('/post');
    await expect(page.getByRole('heading', { name: 'Post an ad' })).toBeVisible();
    await fillAdForm(page, original);
    await shot(page, 'post-form');
    await page.getByRole('button', { name: 'Publish ad' }).click();
    await expect(page).toHaveURL(new RegExp(`^[^?#]*${oldPath}$`));
  });

  await test.step('the ad is at its clean URL', async () => {
    await page.goto(oldPath);
    expect(new URL(page.url()).pathname).toMatch(/^\/classifieds\/[a-z0-9-]+\/[a-z0-9-]+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(original.title);
    await expect(page.getByText('ZAR 650.00').first()).toBeVisible();
    await shot(page, 'ad-page');
  });

  const newTitle = `Folding pet carrier ${run}`;
  const newPath = `/classifieds/pets/folding-pet-carrier-${run}`;

  await test.step('rename it from the Edit link', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await expect(page).toHaveURL(/\/ads\/\d+\/edit$/);
    // The edit form comes back filled with the ad as it is.
    await expect(page.getByLabel('Title')).toHaveValue(original.title);
    await expect(page.getByLabel('Location')).toHaveValue(original.location);
    await shot(page, 'edit-form');
    await page.getByLabel('Title').fill(newTitle);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(new RegExp(`^[^?#]*${newPath}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(newTitle);
  });

  await test.step('the old URL answers 301 to the new one', async () => {
    const response = await page.request.get(oldPath, { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(new URL(response.headers()['location'], page.url()).pathname).toBe(newPath);

    await page.goto(oldPath);
    expect(new URL(page.url()).pathname).toBe(newPath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(newTitle);
  });

  await test.step('the header search finds it by a word of the new title', async () => {
    await page.goto('/');
    const search = headerSearch(page);
    // One word of the new title; the data dir is fresh, so nothing else matches.
    await search.getByLabel('Search ads').fill('carrier');
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/classifieds\?q=carrier$/);
    const result = page.locator('.results').getByRole('link', { name: newTitle });
    await expect(result).toHaveCount(1);
    await expect(result).toHaveAttribute('href', newPath);
    await shot(page, 'search-results');
    await result.click();
    expect(new URL(page.url()).pathname).toBe(newPath);
  });

  await test.step('category page lists it', async () => {
    await page.goto('/classifieds/pets');
    await expect(page.getByRole('link', { name: newTitle })).toBeVisible();
    await shot(page, 'category-page');
  });
});
