// Small page helpers shared by the browser suites: react-admin inputs by their `source`
// (name attribute; labels change with the language), the error text under an input, and
// waiting for react-admin's notification.
import type { Locator, Page } from 'playwright-core';

/** The input of a react-admin field by its source (`name` attribute). */
export function field(page: Page, source: string): Locator {
  return page.locator(`[name="${source}"]`).first();
}

/** The helper text under the field (where react-admin shows validation errors). */
export async function fieldError(page: Page, source: string): Promise<string> {
  const input = field(page, source);
  await input.waitFor();
  const describedBy = await input.getAttribute('aria-describedby');
  const helper = describedBy
    ? page.locator(`[id="${describedBy.split(' ')[0]}"]`)
    : input.locator('xpath=ancestor::div[contains(@class,"MuiFormControl-root")][1]//p');
  await page.waitForFunction((el) => !!el && el.getAttribute('aria-invalid') === 'true', await input.elementHandle());
  return (await helper.innerText()).trim();
}

/**
 * The text of a react-admin notification (snackbar). With `expected`, waits for one that
 * matches it: an earlier notification (say, the error of a previous save) may still be showing.
 */
export async function notification(page: Page, expected?: string | RegExp): Promise<string> {
  const snackbars = page.locator('.MuiSnackbarContent-message');
  const snackbar = expected ? snackbars.filter({ hasText: expected }).last() : snackbars.last();
  await snackbar.waitFor();
  return (await snackbar.innerText()).trim();
}
