import type { ItemsQuery } from './plan.ts';

/**
 * What a citation needs besides the rows: the exact query, the registry version (a hash of the rules that
 * classified the items) and when the result was made. Match evidence travels in each row.
 */
export interface Provenance {
  generator: 'inquiry-watch';
  generatedAt: string;
  /** `compiled.version` of the registry loaded when the result was produced. */
  registryVersion: string;
  query: Omit<ItemsQuery, 'limit'> & { limit?: number };
  /** Which stored view answered, e.g. `timeline of casey-audit`. */
  answeredBy?: string;
  evidence: string;
  pageSemantics: string;
}

export const PAGE_SEMANTICS =
  'newest first by published time; a page may hold fewer than limit items when kind/source/q filters drop records, ' +
  'and nextCursor continues without gaps or duplicates; no nextCursor means the result set is complete';

const EVIDENCE_NOTE =
  'each row carries the evidence for its match (entry id, matched phrases with offsets, snippet, score); ' +
  'rows from a tracked-entry timeline carry that entry only';

export function buildProvenance(input: { query: ItemsQuery; registryVersion: string; generatedAt: Date; answeredBy?: string }): Provenance {
  const p: Provenance = {
    generator: 'inquiry-watch',
    generatedAt: input.generatedAt.toISOString(),
    registryVersion: input.registryVersion,
    query: input.query,
    evidence: EVIDENCE_NOTE,
    pageSemantics: PAGE_SEMANTICS,
  };
  if (input.answeredBy) p.answeredBy = input.answeredBy;
  return p;
}

export const describeAccess = (access: { by: string; value: string }): string =>
  access.by === 'tracked' ? `timeline of ${access.value}` : `items ${access.by === 'kind' ? 'of kind' : 'from source'} ${access.value}`;

/** Provenance of a board answer (`GET /status`, `/status/{id}`, `/deadlines`): as of when, under which rules. */
export interface BoardProvenance {
  generator: 'inquiry-watch';
  generatedAt: string;
  registryVersion: string;
  /** The board as of this date (yyyy-mm-dd). */
  at: string;
  answeredBy: string;
  evidence: string;
  rules: string;
}

export const buildBoardProvenance = (input: { registryVersion: string; generatedAt: Date; at: string; stalledAfterDays: number }): BoardProvenance => ({
  generator: 'inquiry-watch',
  generatedAt: input.generatedAt.toISOString(),
  registryVersion: input.registryVersion,
  at: input.at,
  answeredBy: 'accountability board: events detected in archived items at ingest, and people\'s decisions',
  evidence:
    'each event carries the item id, URL, the exact sentence and the date that justify it; source "person" marks a ' +
    'maintainer\'s decision (or the registry\'s record of a government response), which wins over inference',
  rules:
    'states follow the latest event that moves them; stalled after ' +
    `${input.stalledAfterDays} days without movement; committee reports: response due by the committee's deadline, else two months, ` +
    'six at the outside; inquiry reports: six months; promises: the date they name',
});
