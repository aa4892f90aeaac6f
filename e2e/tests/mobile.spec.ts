import { expect, type Page } from '@playwright/test';
import { postAd, registerVerified, shot, test } from './support';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth).toBe(390);
  expect(scrollWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px viewport`).toBeLessThanOrEqual(innerWidth);
}

test('home and ad pages fit a 390px wide phone', async ({ page }) => {
  // An ad with long words, a long location and a phone number: the usual
  // things that push a narrow layout sideways.
  await registerVerified(page, 'mobile');
  const adPath = await postAd(page, {
    category: 'home-garden',
    title: 'Solid oak dining table with six matching chairs, extendable',
    description:
      'Seats six, eight when extended. Minor scratches on one leg.\n\nCollection from Rondebosch; we can help load. ' +
      'Measurements: 180 cm × 90 cm, extended 240 cm. Reference: OAKTABLE-2026-RONDEBOSCH-EXTENDABLE.',
    price: '7500',
    location: 'Rondebosch, Southern Suburbs, Cape Town',
    phone: '+27 21 555 0123',
  });

  await page.goto('/');
  await expectNoHorizontalScroll(page);
  await shot(page, 'mobile-home');

  await page.goto(adPath);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Solid oak dining table');
  await expectNoHorizontalScroll(page);
  await shot(page, 'mobile-ad-page');
});
