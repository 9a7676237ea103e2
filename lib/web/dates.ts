/** Dates as researchers in the UK read them: Europe/London wall-clock time, day month year. */
const DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `16 June 2025` */
export const londonDate = (iso: string): string => DATE.format(new Date(iso));
/** `16 Jun 2025` */
export const londonShortDate = (iso: string): string => SHORT_DATE.format(new Date(iso));
/** `16 June 2025, 14:03` */
export const londonDateTime = (iso: string): string => `${DATE.format(new Date(iso))}, ${TIME.format(new Date(iso))}`;
/** `16 Jun 2025, 14:03` */
export const londonShortDateTime = (iso: string): string => `${SHORT_DATE.format(new Date(iso))}, ${TIME.format(new Date(iso))}`;

/** A calendar date (`2025-06-16`, a week start) read as that day, not as UTC midnight shifted. */
export const calendarDate = (day: string): string => SHORT_DATE.format(new Date(`${day}T12:00:00Z`));
/** `16 June 2025` for a calendar date. */
export const calendarDateLong = (day: string): string => DATE.format(new Date(`${day}T12:00:00Z`));
