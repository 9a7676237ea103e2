import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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

/** axe-core's serious and critical violations on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes[0]?.target.join(' ')})`);
}

/**
 * Tabs through the page from the top and reports the visible controls Tab never reached, and those it reached with
 * no visible focus indicator (an outline or a box shadow). A radio group counts once: Tab enters it, arrows move in it.
 */
export async function tabThrough(page: Page): Promise<{ unreached: string[]; unmarked: string[] }> {
  const expected = await page.evaluate(() => {
    const keys = new Map<string, string>();
    const controls = document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, summary, [tabindex="0"]');
    controls.forEach((el, i) => {
      // Hidden controls (inside a closed <details>) are reached once shown.
      if (!el.checkVisibility()) return;
      const key = el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : `c${i}`;
      el.dataset.kb = key;
      keys.set(key, el.outerHTML.slice(0, 80));
    });
    return [...keys];
  });
  const reached = new Set<string>();
  const unmarked: string[] = [];
  for (let i = 0; i < expected.length + 10; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const visible = style.outlineStyle !== 'none' && style.outlineWidth !== '0px' ? true : style.boxShadow !== 'none';
      return { key: el.dataset.kb ?? el.tagName, visible, what: el.outerHTML.slice(0, 80) };
    });
    if (!focus) continue;
    reached.add(focus.key);
    if (!focus.visible) unmarked.push(focus.what);
  }
  return { unreached: expected.filter(([k]) => !reached.has(k)).map(([, what]) => what), unmarked };
}

/** A new page at `url`, loaded, with the page's script errors and console errors collected in `errors`. */
export async function openPage(context: BrowserContext, url: string): Promise<Page & { errors: string[] }> {
  const page = Object.assign(await context.newPage(), { errors: [] as string[] });
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && page.errors.push(m.text()));
  await page.goto(url);
  await page.waitForLoadState('load');
  return page;
}

/** What one width of a page shows: its serious accessibility violations, how far it scrolls sideways, its errors. */
export interface WidthCheck {
  width: string;
  violations: string[];
  overflow: number;
  errors: string[];
}

/**
 * Opens the page at each of `VIEWPORTS` (waiting for `ready` when given), checks it with axe and for sideways
 * overflow, and writes a full-page screenshot `<name>-<width>.png` for people to look at.
 */
export async function checkEveryWidth(open: () => Promise<Page & { errors: string[] }>, name: string, ready?: (page: Page) => Promise<unknown>): Promise<WidthCheck[]> {
  const checks: WidthCheck[] = [];
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    const page = await open();
    await page.setViewportSize(viewport);
    await ready?.(page);
    const violations = await seriousViolations(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
    checks.push({ width, violations, overflow, errors: page.errors });
    await page.close();
  }
  return checks;
}

/**
 * A desktop-sized context in UK English and UK time that accepts downloads. axe-core is injected as an inline
 * script, which the pages' content policy (rightly) forbids: the policy is bypassed here only.
 */
export const pagesContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'en-GB', timezoneId: 'Europe/London', bypassCSP: true, acceptDownloads: true });
