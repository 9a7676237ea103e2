import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function runCli(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/inquiry-watch.js', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const line = (o: object) => JSON.stringify(o);

describe('inquiry-watch classify', () => {
  it('answers each JSONL line in order, and names bad lines on stderr with exit status 1', async () => {
    // Prepare
    const input = [
      line({ id: 'a', title: 'Casey audit published', text: 'The national audit on group-based child sexual exploitation.', source_type: 'report' }),
      'not json',
      line({ id: 'b', title: 'Dog grooming salon fined', text: 'A dog grooming business was fined.' }),
      line({ id: 'c', text: 'no title' }),
      line({ id: 'd', title: 'Written question', text: 'To ask the Secretary of State for the Home Department, when the national inquiry into grooming gangs will start.', source_type: 'question', source_url: 'https://questions-statements.parliament.uk/x', published: '2025-09-01' }),
    ].join('\n');
    // Act
    const { code, stdout, stderr } = await runCli(['classify', '--config', 'missing.yaml'], `${input}\n`);
    // Assess
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => [o.id, o.inquiries, o.commitments, o.kind])).toEqual([
      ['a', ['casey-audit'], [], 'report'],
      ['b', [], [], 'news'],
      ['d', ['national-inquiry'], [], 'question'],
    ]);
    expect(Object.keys(out[0])).toEqual(['id', 'inquiries', 'commitments', 'kind', 'evidence']);
    expect(out[0].evidence[0]).toMatchObject({
      id: 'casey-audit',
      phrases: [
        { phrase: 'casey audit', offset: 0 },
        { phrase: 'national audit on group-based child sexual exploitation', offset: 26 },
      ],
    });
    expect(stderr).toMatch(/^line 2: not valid JSON/m);
    expect(stderr).toMatch(/^line 4: title: /m);
    expect(code).toBe(1);
  });

  it('treats an optional field given as null as absent, as JSON producers write it', async () => {
    // Prepare
    const item = { title: 'Casey audit published', text: 'The national audit.' };
    const input = [line({ id: 'n', ...item, source_url: null, source_type: null, published: null }), line({ id: 'n', ...item })].join('\n');
    // Act
    const { code, stdout, stderr } = await runCli(['classify', '--config', 'missing.yaml'], `${input}\n`);
    // Assess
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [withNulls, without] = stdout.trim().split('\n');
    expect(JSON.parse(withNulls!)).toMatchObject({ id: 'n', inquiries: ['casey-audit'] });
    expect(withNulls).toBe(without);
  });

  it('still refuses null for a required field', async () => {
    // Prepare
    const input = line({ id: 'r', title: null, text: 'The national audit.' });
    // Act
    const { code, stderr } = await runCli(['classify', '--config', 'missing.yaml'], `${input}\n`);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(/^line 1: title: /m);
  });

  it('reads a file with --in and uses the registry given with --registry', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'classify-cli-'));
    const registry = join(dir, 'registry.yaml');
    writeFileSync(registry, 'entries:\n  - id: helpline\n    type: commitment\n    name: Helpline\n    match:\n      aliases: [survivor helpline]\n');
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, `${line({ id: 1, title: 'New survivor helpline', text: 'Opens today.' })}\n`);
    // Act
    const { code, stdout } = await runCli(['classify', '--registry', registry, '--in', input], '');
    // Assess
    expect(JSON.parse(stdout)).toMatchObject({ id: '1', inquiries: [], commitments: ['helpline'], kind: 'news' });
    expect(code).toBe(0);
  });
});
