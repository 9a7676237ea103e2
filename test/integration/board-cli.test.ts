import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../../lib/board/board.ts';
import { classify, compileRegistry } from '../../lib/classify/classifier.ts';
import type { ItemDraft } from '../../lib/model/item.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { createTestTable } from '../support/dynamo.ts';

const run = promisify(execFile);

const drafts: ItemDraft[] = [
  {
    sourceId: 'hansard',
    sourceType: 'hansard',
    kindHint: 'statement',
    title: 'Grooming Gangs: Independent Inquiry - Shabana Mahmood',
    url: 'https://hansard.parliament.uk/Commons/2025-12-09/debates/GroomingGangsIndependentInquiry',
    published: '2025-12-09T15:30:00.000Z',
    author: 'Shabana Mahmood',
    text:
      'With permission, I will make a statement on the national inquiry into grooming gangs. Baroness Anne Longfield has been appointed as chair of the inquiry. ' +
      'The Government will publish guidance for night-time economy workers on spotting exploitation by spring 2026.',
    nativeIds: {},
    dedupKeys: ['hansard:2025-12-09:mahmood'],
  },
];

/** Each test runs the CLI several times (a Node start each): generous, so a loaded machine does not fail them. */
const SLOW = 180_000;

describe('status and registry commands on a real archive', () => {
  let dir: string;
  let table: string;
  let registryFile: string;

  beforeAll(async () => {
    const t = await createTestTable('board-cli');
    table = t.tableName;
    dir = mkdtempSync(join(tmpdir(), 'iw-board-cli-'));
    registryFile = join(dir, 'registry.yaml');
    copyFileSync('config/registry.yaml', registryFile);
    writeFileSync(join(dir, 'inquiry-watch.yaml'), 'registry: registry.yaml\nsources:\n  - { id: hansard, type: hansard }\n');
    const registry = loadRegistry(registryFile);
    const compiled = compileRegistry(registry);
    const stored = await t.store.ingest(
      drafts.map((draft) => ({ draft, classification: classify({ title: draft.title, text: draft.text, sourceType: draft.sourceType, kindHint: draft.kindHint }, compiled), fetched: draft.published!, quiet: false })),
    );
    await new Board(new DynamoBoardStore(t.client, t.tableName), registry).afterIngest(stored);
  });

  /** The real CLI against the test run's DynamoDB Local (`--store aws` takes the endpoint from the environment). */
  const cli = (...args: string[]) =>
    run(process.execPath, [resolve('bin/inquiry-watch.js'), '--config', join(dir, 'inquiry-watch.yaml'), '--store', 'aws', '--table', table, ...args], {
      env: { ...process.env, INQUIRY_WATCH_USER: 'test-maintainer' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('prints the board as JSON in the stable contract, and one entry with its evidence', async () => {
    // Act
    const json = await cli('status', '--json', '--at', '2025-12-10');
    const one = await cli('status', 'national-inquiry', '--at', '2025-12-10');
    // Assess
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(entries.find((e) => e.id === 'national-inquiry')).toEqual({
      id: 'national-inquiry',
      type: 'inquiry',
      state: 'being-set-up',
      since: '2025-12-09',
      stalled: false,
      events: [
        { type: 'chair-appointed', date: '2025-12-09', item_id: expect.any(String), url: drafts[0]!.url, sentence: 'Baroness Anne Longfield has been appointed as chair of the inquiry.', source: 'inferred' },
      ],
      deadlines: [{ what: 'Final terms of reference agreed with the government and the inquiry formally set up', due: '2026-03-31', status: 'open' }],
    });
    expect(entries.find((e) => e.id === 'c-ethnicity-data')).toMatchObject({ state: 'accepted', recommendation: { inquiry: 'casey-audit', number: 4, government_response: 'accepted' } });
    expect(one.stdout).toContain('inquiry, being set up since 2025-12-09; as of 2025-12-10');
    expect(one.stdout).toContain('“Baroness Anne Longfield has been appointed as chair of the inquiry.”');
  }, SLOW);

  it('refuses --at and --date values that are not calendar days, naming the flag and the value', async () => {
    // Act
    const [at, date] = await Promise.all([
      cli('status', '--at', '2025-02-30'),
      cli('status', 'set', 'national-inquiry', '--add', 'hearings', '--date', '2026-02-29', '--reason', 'r', '--source', 'https://www.gov.uk/x'),
    ]);
    // Assess
    expect(at).toMatchObject({ code: 2, stdout: '' });
    expect(at.stderr).toContain('--at: "2025-02-30" is not a date: February 2025 has 28 days');
    expect(date).toMatchObject({ code: 2, stdout: '' });
    expect(date.stderr).toContain('--date: "2026-02-29" is not a date: February 2026 has 28 days');
  }, SLOW);

  it("takes a person's correction with who, why and the source, and refuses one it cannot place", async () => {
    // Prepare
    const eventId = /id (\S+:national-inquiry:chair-appointed)/.exec((await cli('status', 'national-inquiry')).stdout)?.[1];
    // Act
    const rejected = await cli('status', 'set', 'national-inquiry', '--reject', eventId ?? '', '--reason', 'Appointment not yet confirmed', '--source', 'https://www.gov.uk/x');
    const unknownEvent = await cli('status', 'set', 'national-inquiry', '--confirm', 'nope', '--reason', 'r', '--source', 'https://x.example');
    const noSource = await cli('status', 'set', 'national-inquiry', '--add', 'hearings', '--date', '2026-01-05', '--reason', 'r', '--source', 'gov.uk');
    const after = JSON.parse((await cli('status', 'national-inquiry', '--json')).stdout) as { state: string; events: unknown[] }[];
    const detail = await cli('status', 'national-inquiry');
    // Assess
    expect(rejected).toMatchObject({ code: 0, stdout: expect.stringContaining('Recorded (reject, by test-maintainer). national-inquiry is now unknown') });
    expect(unknownEvent.code).toBe(2);
    expect(unknownEvent.stderr).toContain('national-inquiry has no event nope');
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain('--source must be an http(s) URL');
    expect(after[0]).toMatchObject({ state: 'unknown', events: [] });
    expect(detail.stdout).toMatch(/test-maintainer: rejected \S+: Appointment not yet confirmed \(https:\/\/www\.gov\.uk\/x\)/);
  }, SLOW);

  it('suggests a pledge, adds it to the registry file leaving the rest as it was, and applies it to the archive after a dry run', async () => {
    // Prepare
    const before = readFileSync(registryFile, 'utf8');
    const listed = await cli('registry', 'suggest');
    const candidate = /^(\S+)\s+2025-12-09\s+Shabana Mahmood\s+due 2026-05-31/m.exec(listed.stdout)?.[1];
    // Act
    const accepted = await cli('registry', 'suggest', '--accept', candidate ?? '', '--id', 'c-night-time-guidance', '--name', 'Guidance for night-time economy workers', '--alias', 'night-time economy workers');
    const dryRun = await cli('registry', 'apply');
    const applied = await cli('registry', 'apply', '--yes');
    const again = await cli('registry', 'apply');
    const timeline = await cli('query', '--tracked', 'c-night-time-guidance');
    // Assess
    expect(listed.stdout).toContain('“The Government will publish guidance for night-time economy workers on spotting exploitation by spring 2026.”');
    expect(accepted).toMatchObject({ code: 0, stdout: expect.stringContaining('Added c-night-time-guidance') });
    const after = readFileSync(registryFile, 'utf8');
    expect(after.startsWith(before.slice(0, before.indexOf('\n# ---------------------------------------------------------------- accountability board')))).toBe(true);
    expect(after).toContain('  - id: c-night-time-guidance');
    expect(after).toMatch(/c-night-time-guidance:\n {4}deadlines:\n {6}- what: "Guidance for night-time economy workers: promised by spring 2026"\n {8}due: 2026-05-31/);
    expect(dryRun.stdout).toContain('c-night-time-guidance: +1 added, -0 dropped');
    expect(dryRun.stdout).toContain('Dry run: 1 items would be re-tagged');
    expect(applied.stdout).toContain('Re-tagged 1 items');
    expect(again.stdout).toContain('Nothing to apply');
    expect(timeline.stdout).toContain('Grooming Gangs: Independent Inquiry');
    const board = JSON.parse((await cli('status', 'c-night-time-guidance', '--json', '--at', '2026-06-01')).stdout) as { deadlines: { status: string }[] }[];
    expect(board[0]!.deadlines).toEqual([expect.objectContaining({ due: '2026-05-31', status: 'overdue' })]);
  }, SLOW);
});
