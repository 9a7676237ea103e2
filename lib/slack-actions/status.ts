import type { Reply } from './ports.ts';

/** `/inquiry status [entry]`: answered from the accountability board. */
export interface StatusPort {
  reply(args: string): Promise<Reply>;
}
