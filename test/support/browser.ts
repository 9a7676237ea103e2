import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it when missing). Never a downloaded browser. */
export const CHROMIUM = process.env.INQUIRY_WATCH_CHROMIUM ?? '/usr/bin/chromium';

/** Where page screenshots go for people to look at (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../output/screenshots/', import.meta.url));

/**
 * Headless Chromium with a fresh profile (playwright's `launch` makes a new temporary --user-data-dir each time and
 * removes it on close), and nothing that reaches for the network on its own (background updates, sync, QUIC): on
 * these machines only loopback answers.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install --no-install-recommends chromium), as .ci/run does`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
