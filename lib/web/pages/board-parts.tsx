import type { Deadline, EntryStatus, Evidence } from '../board.ts';
import { calendarDate } from '../dates.ts';
import { Time } from './components.tsx';

/** Evidence links shown per event or row: the rest are on the entry's timeline and in the export. */
const MAX_EVIDENCE = 3;
/** A quoted sentence is cut at a word near this length. */
const MAX_QUOTE = 240;

export const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/** Board wording with its dates as UK readers write them ("report of 2025-06-02" → "report of 2 Jun 2025"). */
export const ukDates = (text: string): string => text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (day) => calendarDate(day));

/** Where a deadline stands, in words: "due 20 Jul 2025, 12 days overdue". */
export function DeadlineWhen(props: { deadline: Deadline }) {
  const d = props.deadline;
  const due = (
    <>
      due <Time iso={d.due} />
    </>
  );
  switch (d.status) {
    case 'overdue':
      return (
        <>
          {due}, <strong class="overdue">{days(d.days)} overdue</strong>
        </>
      );
    case 'open':
      return (
        <>
          {due}, {d.days === 0 ? 'today' : `in ${days(d.days)}`}
        </>
      );
    case 'met':
      return (
        <>
          {due}, met{d.metOn && <> <Time iso={d.metOn} /></>}
          {d.days > 0 && `, ${days(d.days)} late`}
        </>
      );
    case 'excepted':
      return <>{due}; no response expected (the committee excepted it)</>;
  }
}

/** What is due and where it stands: "Government response to …: due 20 Jul 2025, 12 days overdue". */
export function DeadlineText(props: { deadline: Deadline }) {
  return (
    <>
      {ukDates(props.deadline.label)}: <DeadlineWhen deadline={props.deadline} />
    </>
  );
}

/** An entry's state as the entries list and a timeline show it: "being set up since 30 Jul 2025 (stalled)". */
export function StateText(props: { status: EntryStatus }) {
  const s = props.status;
  return (
    <>
      <span class="state">{s.state}</span>
      {s.since && (
        <>
          {' '}
          since <Time iso={s.since} />
        </>
      )}
      {s.stalled && <span class="stalled"> (stalled)</span>}
    </>
  );
}

/** Links to what the board rests on: the archived item's page, else the source itself. */
export function EvidenceLinks(props: { evidence: Evidence[]; label?: string }) {
  if (props.evidence.length === 0) return null;
  const shown = props.evidence.slice(0, MAX_EVIDENCE);
  const more = props.evidence.length - shown.length;
  return (
    <span class="evidence-links">
      {props.label ?? 'Evidence'}:{' '}
      {shown.map((e, i) => (
        <>
          {i > 0 && '; '}
          <EvidenceLink evidence={e} />
        </>
      ))}
      {more > 0 && ` and ${more} more`}
    </span>
  );
}

function EvidenceLink(props: { evidence: Evidence }) {
  const e = props.evidence;
  const text = e.title ?? (e.sentence ? cut(e.sentence, 80) : hostOf(e.url));
  if (e.itemId) {
    return (
      <>
        <a href={`/item/${encodeURIComponent(e.itemId)}`} class="evidence-link">
          {text}
        </a>{' '}
        (<Time iso={e.date} />)
      </>
    );
  }
  // Only web addresses become links (a hostile feed's `javascript:` URL stays text).
  return (
    <>
      {/^https?:\/\//i.test(e.url) ? (
        <a href={e.url} class="evidence-link" rel="noopener noreferrer external">
          {text}
        </a>
      ) : (
        text
      )}{' '}
      (<Time iso={e.date} />, at {hostOf(e.url)})
    </>
  );
}

/** The first evidence's sentence, quoted: what the board read. */
export function EvidenceQuote(props: { evidence: Evidence[] }) {
  const sentence = props.evidence[0]?.sentence;
  if (!sentence || sentence === props.evidence[0]?.title) return null;
  return <q class="snippet">{cut(sentence, MAX_QUOTE)}</q>;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const at = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, at > max / 2 ? at : max - 1)}…`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
