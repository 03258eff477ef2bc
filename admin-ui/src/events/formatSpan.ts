// One way to print a time span in the console's lists and dialogs: the browser's locale and
// time zone, the end without its date when both fall on the same day.

export function formatSpan(start: string, end: string, locale?: string): string {
  const from = new Date(start);
  const to = new Date(end);
  const dateTime: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  const sameDay = from.toDateString() === to.toDateString();
  const first = from.toLocaleString(locale, dateTime);
  const second = sameDay ? to.toLocaleTimeString(locale, { timeStyle: 'short' }) : to.toLocaleString(locale, dateTime);
  return `${first} – ${second}`;
}
