import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where screenshots go (gitignored; scripts/e2e empties it before a run). */
export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

const MAIL_DIR = process.env.E2E_MAIL_DIR ?? '';
const MAIL_PY = path.resolve(__dirname, '..', 'mail.py');

export const PASSWORD = 'correct horse battery staple';

/**
 * A fresh visitor address. The site under test trusts 127.0.0.1 as its proxy (as a
 * real site trusts its load balancer), so each browser context can be a different
 * person on a different network, and the per-address rate limits treat them so.
 */
export function visitorIp(): string {
  const b = () => Math.floor(Math.random() * 254) + 1;
  return `198.18.${b()}.${b()}`;
}

/** Playwright's `test`, with every test's context coming from its own address. */
export const test = base.extend({
  context: async ({ context }, use) => {
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': visitorIp() });
    await use(context);
  },
});

/** A full-page screenshot in e2e/artifacts/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** An address nobody has used yet, so each run (and each spec) starts fresh. */
export function uniqueEmail(prefix: string): string {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return `${prefix}-${stamp}@e2e.saypro.test`;
}

export interface Mail {
  file: string;
  subject: string;
  from: string;
  to: string;
  body: string;
}

/**
 * The newest mail the real SMTP server received for `to`, body decoded by
 * Python's email module (quoted-printable and base64 undone). Polls because
 * the app sends mail from a background worker.
 */
export async function newestMail(to: string, timeoutMs = 10_000, subject?: string): Promise<Mail> {
  if (!MAIL_DIR) throw new Error('E2E_MAIL_DIR is not set: run the specs with scripts/e2e');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const args = [MAIL_PY, 'newest', '--maildir', MAIL_DIR, '--to', to];
      if (subject) args.push('--subject', subject);
      const out = execFileSync('python3', args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return JSON.parse(out) as Mail;
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status !== 1) throw err; // 1 = no mail yet; anything else is a real failure
    }
    if (Date.now() > deadline) throw new Error(`no mail for ${to} in ${MAIL_DIR} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many mails the real SMTP server received for `to` (with `subject`, if given). */
export function mailCount(to: string, subject?: string): number {
  if (!MAIL_DIR) throw new Error('E2E_MAIL_DIR is not set: run the specs with scripts/e2e');
  const args = [MAIL_PY, 'count', '--maildir', MAIL_DIR, '--to', to];
  if (subject) args.push('--subject', subject);
  return Number(execFileSync('python3', args, { encoding: 'utf8' }).trim());
}

/** The verification link and six-digit code from a verification mail. */
export function verificationParts(mail: Mail): { link: string; code: string } {
  const link = mail.body.match(/https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_\-%.~]+/)?.[0];
  const code = mail.body.match(/(?:^|\s)(\d{6})(?:\s|$)/m)?.[1];
  if (!link || !code) throw new Error(`verification mail without link or code:\n${mail.body}`);
  return { link, code };
}

/** Fill and submit /register; leaves the page on /verify-email. */
export async function register(page: Page, user: { name: string; email: string; password?: string }) {
  await page.goto('/register');
  await page.getByLabel('Display name').fill(user.name);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password ?? PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/verify-email\?notice=/);
}

/** Register and confirm through the link in the real mail; the page stays logged in. */
export async function registerVerified(page: Page, prefix: string): Promise<string> {
  const email = uniqueEmail(prefix);
  await register(page, { name: `E2E ${prefix}`, email });
  const { link } = verificationParts(await newestMail(email));
  await page.goto(link);
  await expect(page.getByText('Your email address is confirmed')).toBeVisible();
  return email;
}

export interface AdInput {
  category: string;
  title: string;
  description: string;
  price?: string;
  location: string;
  phone?: string;
}

/** Fill the /post (or edit) form already on screen. */
export async function fillAdForm(page: Page, ad: AdInput) {
  await page.getByLabel('Category').selectOption(ad.category);
  await page.getByLabel('Title').fill(ad.title);
  await page.getByLabel('Description').fill(ad.description);
  await page.getByLabel('Price').fill(ad.price ?? '');
  await page.getByLabel('Location').fill(ad.location);
  await page.getByLabel('Contact phone').fill(ad.phone ?? '');
}

/** Post an ad through the form; returns the ad's clean URL path. */
export async function postAd(page: Page, ad: AdInput): Promise<string> {
  await page.goto('/post');
  await fillAdForm(page, ad);
  await page.getByRole('button', { name: 'Publish ad' }).click();
  await expect(page).toHaveURL(new RegExp(`/classifieds/${ad.category}/[a-z0-9-]+$`));
  return new URL(page.url()).pathname;
}

/** A logged-in, verified user in a fresh context, for specs that need one. */
export async function verifiedPage(browser: Browser, prefix: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': visitorIp() } });
  const page = await context.newPage();
  const email = await registerVerified(page, prefix);
  return { context, page, email };
}

/** The header's search form (the home and results pages have their own too). */
export function headerSearch(page: Page) {
  return page.locator('header').getByRole('search');
}

/** The site's slug rule, as far as the specs need it. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A staff account made the way an operator makes one (`classifieds admin create`). */
export function createStaff(email: string, role: 'admin' | 'moderator' | 'agent'): void {
  const bin = process.env.E2E_BIN;
  const dataDir = process.env.E2E_DATA_DIR;
  if (!bin || !dataDir) throw new Error('E2E_BIN and E2E_DATA_DIR are not set: run the specs with scripts/e2e');
  execFileSync(bin, ['admin', 'create', '--email', email, '--role', role, '--password', PASSWORD, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
}

/** Log in through the form in a fresh context of its own address. */
export async function loginPage(browser: Browser, email: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': visitorIp() } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return { context, page };
}
