import type { Block, RenderedMessage } from '../digest/types.ts';
import type { ControlValue } from './controls.ts';

/** What every verified, authorised request carries into its job: who, where, and how to answer them. */
interface JobBase {
  /** Derived from the request's signature: the replay guard's key and the job's ledger key. */
  requestId: string;
  receivedAt: string;
  teamId: string;
  channel: string;
  user: { id: string; name?: string };
  /** Slack's URL for answering this request (checked against the allowed origins before it is kept). */
  responseUrl: string;
}

/** Work accepted by the door, done after Slack has had its acknowledgement. */
export type SlackJob =
  | (JobBase & { type: 'correction'; messageTs: string; control: ControlValue })
  | (JobBase & { type: 'command'; command: 'find' | 'status'; args: string });

/**
 * Requests seen, by id: the replay guard at the door (a conditional create) and the exactly-once ledger for their
 * jobs (a lease, then done). Records expire a day after they are made.
 */
export interface RequestLedger {
  /** False when this request was recorded before: a replay, refused. */
  record(requestId: string, job: SlackJob | undefined, now: Date): Promise<boolean>;
  /** The right to run a recorded job until `until`; `done` if it already ran, `busy` while another run holds it. */
  claim(requestId: string, now: Date, until: Date): Promise<'claimed' | 'done' | 'busy' | 'unknown'>;
  finish(requestId: string, outcome: string, now: Date): Promise<void>;
}

/** An answer to the person who clicked or typed, through the request's response URL. */
export interface Reply {
  text: string;
  blocks?: Block[];
  /** Default ephemeral: only the person who asked sees it. */
  inChannel?: boolean;
}

/** The Slack Web API as the jobs need it. `SlackActionsClient` implements it. */
export interface SlackActionsPort {
  /** Whether `user` is a member of `channel` (corrections only come from the channel's members). */
  isMember(channel: string, user: string): Promise<boolean>;
  /** chat.update: the message in place. */
  updateMessage(channel: string, ts: string, message: Pick<RenderedMessage, 'text' | 'blocks'>): Promise<void>;
  respond(responseUrl: string, reply: Reply): Promise<void>;
}

/** A Slack API call that failed; the job tells the person and goes on where it can. */
export class SlackActionError extends Error {
  override readonly name = 'SlackActionError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
