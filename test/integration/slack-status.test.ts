import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidate, SlackWorld } from '../support/slack-actions.ts';

const textOf = (body: { text?: string; blocks?: unknown }) => `${body.text}\n${JSON.stringify(body.blocks)}`;

describe('/inquiry status, answered from the accountability board', () => {
  const w = new SlackWorld();
  let chairItem: string;

  /** The answer to one typed command, as the person who typed it receives it. */
  async function ask(text: string) {
    const before = w.slack.responses.length;
    const ack = await w.command(text);
    expect(ack).toEqual({ status: 200, body: '' });
    expect(w.jobs.at(-1)).toEqual({ status: 'done', outcome: 'answered' });
    const answer = w.slack.responses[before]!.body;
    expect(answer.response_type).toBe('ephemeral');
    return textOf(answer);
  }

  beforeAll(async () => {
    // Prepare: the national inquiry announced, then its chair named (a sentence a hostile feed could write), and a
    // promise on ethnicity data with a date; all stored as a poll cycle stores them, with the board recording them
    await w.start();
    const { newItems } = await w.ingest([
      candidate({ title: 'Statement on the national inquiry', entries: ['national-inquiry'], published: '2025-06-10T09:00:00.000Z', text: 'The Government will establish a national inquiry into grooming gangs, with statutory powers.' }),
      candidate({ kind: 'news', title: 'Chair named', entries: ['national-inquiry'], text: 'Lady Smith has been named as the chair of the national inquiry <!channel> & all. More later.' }),
      candidate({ title: 'Ethnicity data', entries: ['c-ethnicity-data'], text: 'The Government will make mandatory ethnicity data a requirement for every police force by March 2026.' }),
    ]);
    chairItem = newItems[1]!.id;
  });
  afterAll(async () => {
    await w.stop();
  });

  it('with no entry, gives the board line: counts of overdue, due soon, changed and stalled, the first few of each, and the board page', async () => {
    // Act
    const text = await ask('status');
    // Assess
    expect(text).toContain('*Accountability board*, 3 entries as of 2025-06-16');
    expect(text).toContain('*1* overdue  ·  0 due soon  ·  *2* changed this week  ·  0 stalled');
    expect(text).toContain('Terms of reference published (National inquiry `national-inquiry`): due 2025-06-01, *15 days overdue*');
    expect(text).toContain('National inquiry `national-inquiry`: unknown → *being set up* (2025-06-16)');
    expect(text).toContain('Mandatory ethnicity data `c-ethnicity-data`: unknown → *promised* (2025-06-16)');
    expect(text).toContain('<https://archive.example.org/board|on the research pages>');
  });

  it('for an entry named in words, gives its state and since when, its last event with the sentence and links, and its next deadline', async () => {
    // Act
    const text = await ask('status National Inquiry');
    // Assess
    expect(text).toContain('*National inquiry*  `national-inquiry`');
    expect(text).toContain('Inquiry, *being set up* since 2025-06-16');
    expect(text).toContain('*Last event*: chair appointed, 2025-06-16');
    // The feed's sentence, escaped: it cannot ping the channel
    expect(text).toContain('“Lady Smith has been named as the chair of the national inquiry &lt;!channel&gt; &amp; all.”');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain(`<https://archive.example.org/item/${chairItem}|in the archive>`);
    expect(text).toContain('*Next deadline*: Terms of reference published: due 2025-06-01, *15 days overdue*');
    expect(text).toContain('<https://archive.example.org/entries/national-inquiry|Its timeline and every item>');
  });

  it('for an entry named by an alias, gives the days left before a promised date', async () => {
    // Act
    const text = await ask('status mandatory ethnicity data');
    // Assess
    expect(text).toContain('Commitment, *promised* since 2025-06-16');
    expect(text).toContain('“The Government will make mandatory ethnicity data a requirement for every police force by March 2026.”');
    expect(text).toMatch(/\*Next deadline\*: [^"]*: due 2026-03-31, in 288 days/);
  });

  it('for an entry with nothing on the board, says so rather than guess', async () => {
    // Act
    const text = await ask('status casey-audit');
    // Assess
    expect(text).toContain('Inquiry, *unknown*: nothing on the board says where it stands yet');
    expect(text).toContain('*Last event*: none yet.');
    expect(text).toContain('*Next deadline*: none open.');
  });

  it('for a name it does not know, lists the closest entries; for words several entries share, lists those', async () => {
    // Act
    const typo = await ask('status natonal inqury <!here>');
    const shared = await ask('status national');
    const nothing = await ask('status zebra');
    // Assess
    expect(typo).toContain('No tracked entry is called “natonal inqury &lt;!here&gt;”. The closest:\\n• National inquiry `national-inquiry`');
    expect(typo).not.toContain('<!here>');
    expect(shared).toContain('“national” fits 2 tracked entries:\\n• Casey national audit `casey-audit`\\n• National inquiry `national-inquiry`');
    expect(nothing).toContain('nor anything like it. The board tracks: `casey-audit`, `national-inquiry`, `c-ethnicity-data`');
  });
});

describe('/inquiry status in a deployment without the accountability board', () => {
  const w = new SlackWorld();

  beforeAll(async () => {
    await w.start({ board: false });
    await w.ingest([candidate({ title: 'Statement on the national inquiry', entries: ['national-inquiry'], text: 'The Government will establish a national inquiry into grooming gangs.' })]);
  });
  afterAll(async () => {
    await w.stop();
  });

  it('says the board is not available, to the person who asked only, and still finds items', async () => {
    // Act
    const statusAck = await w.command('status national-inquiry');
    const statusJob = w.jobs.at(-1);
    const status = w.slack.responses.at(-1)!.body;
    const findAck = await w.command('find national inquiry');
    const find = w.slack.responses.at(-1)!.body;
    // Assess
    expect(statusAck).toEqual({ status: 200, body: '' });
    expect(statusJob).toEqual({ status: 'done', outcome: 'answered' });
    expect(status).toMatchObject({ response_type: 'ephemeral', text: 'The accountability board is not available in this deployment.' });
    expect(findAck).toEqual({ status: 200, body: '' });
    expect(textOf(find)).toContain('Statement on the national inquiry');
    expect(w.errors).toEqual([]);
  });
});
