// What the bot says, in English and German (chosen by the sender's Telegram language). Plain
// text only (no parse_mode): user text quoted back can then never break Telegram's markup.
import { DateTime } from 'luxon';
import type { ParseReason } from './parse-event.ts';

export type Lang = 'en' | 'de';

export const langOf = (code: string | undefined | null): Lang => (code?.toLowerCase().startsWith('de') ? 'de' : 'en');

const HELP: Record<Lang, string> = {
  en: [
    'What I understand:',
    '/events – the next 5 events',
    '/create <text> – a new event, e.g. /create Meeting tomorrow 2pm',
    '/status – pending commands and deliveries',
    '/help – this help',
    'NOTE: <text> – save a note',
    'URL: <url> <description> – save a link',
    'ACTION: <SYSTEM> <COMMAND> key=value … – queue a whitelisted command',
    'Or just write something like "Meeting tomorrow 2pm" or "Call with Bob on 12.03. at 14:30 for 45 minutes".',
  ].join('\n'),
  de: [
    'Das verstehe ich:',
    '/events – die nächsten 5 Termine',
    '/create <Text> – ein neuer Termin, z. B. /create Zahnarzt am Freitag um 9',
    '/status – offene Befehle und Zustellungen',
    '/help – diese Hilfe',
    'NOTIZ: <Text> – eine Notiz speichern',
    'URL: <url> <Beschreibung> – einen Link speichern',
    'ACTION: <SYSTEM> <BEFEHL> schlüssel=wert … – einen freigegebenen Befehl einreihen',
    'Oder schreib einfach „Team-Meeting übermorgen 10 Uhr“.',
  ].join('\n'),
};

export const help = (lang: Lang) => HELP[lang];

export const start = (lang: Lang, name: string | undefined) =>
  (lang === 'de'
    ? `Hallo${name ? ` ${name}` : ''}! Ich bin der Chronos-Bot.`
    : `Hello${name ? ` ${name}` : ''}! I am the Chronos bot.`) + `\n\n${HELP[lang]}`;

export const unknownCommand = (lang: Lang, command: string) =>
  (lang === 'de' ? `Den Befehl /${command} kenne ich nicht.` : `I don't know the command /${command}.`) +
  `\n\n${HELP[lang]}`;

export const notUnderstood = (lang: Lang) =>
  (lang === 'de'
    ? 'Das habe ich nicht verstanden. Für einen Termin brauche ich einen Titel und eine Zeit, z. B. „Meeting morgen 14 Uhr“.'
    : 'Sorry, I didn\'t understand that. For an event I need a title and a time, e.g. "Meeting tomorrow 2pm".') +
  `\n\n${HELP[lang]}`;

export const textOnly = (lang: Lang) =>
  lang === 'de' ? 'Ich verstehe nur Textnachrichten.' : 'I only understand text messages.';

const REASONS: Record<ParseReason, Record<Lang, string>> = {
  empty: { en: 'The text is empty.', de: 'Der Text ist leer.' },
  too_long: { en: 'The text is too long.', de: 'Der Text ist zu lang.' },
  no_when: { en: 'I found no date or time.', de: 'Ich habe kein Datum und keine Uhrzeit gefunden.' },
  no_time: { en: 'When? Please add a time, e.g. "at 2pm".', de: 'Um wie viel Uhr? Bitte eine Uhrzeit angeben, z. B. „um 14 Uhr“.' },
  no_title: { en: 'What is it? Please add a title.', de: 'Worum geht es? Bitte einen Titel angeben.' },
  invalid_date: { en: 'That date does not exist.', de: 'Dieses Datum gibt es nicht.' },
  invalid_time: { en: 'That time does not exist.', de: 'Diese Uhrzeit gibt es nicht.' },
  invalid_duration: { en: 'The length must be between 1 minute and 7 days.', de: 'Die Dauer muss zwischen 1 Minute und 7 Tagen liegen.' },
  ambiguous: { en: 'That is ambiguous.', de: 'Das ist nicht eindeutig.' },
}; // prettier-ignore

export const cannotParse = (lang: Lang, reason: ParseReason, detail: string) =>
  `${REASONS[reason][lang]} (${detail})\n${lang === 'de' ? 'Beispiel: /create Zahnarzt am Freitag um 9' : 'Example: /create Meeting tomorrow 2pm'}`;

export const createUsage = (lang: Lang) =>
  lang === 'de'
    ? 'Was soll ich eintragen? Beispiel: /create Zahnarzt am Freitag um 9'
    : 'What should I create? Example: /create Meeting tomorrow 2pm';

/** "Tue, 11 Mar 2026, 14:00–15:00 (Europe/Berlin)"; the end's date only when it differs. */
export function when(lang: Lang, start: Date, end: Date, zone: string): string {
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  const s = DateTime.fromJSDate(start, { zone }).setLocale(locale);
  const e = DateTime.fromJSDate(end, { zone }).setLocale(locale);
  const day = 'ccc, d LLL yyyy';
  const endText = s.hasSame(e, 'day') ? e.toFormat('HH:mm') : e.toFormat(`${day}, HH:mm`);
  return `${s.toFormat(`${day}, HH:mm`)}–${endText} (${zone})`;
}

export const eventCreated = (lang: Lang, title: string, whenText: string) =>
  lang === 'de' ? `Eingetragen: ${title}\n${whenText}` : `Created: ${title}\n${whenText}`;

export const slotTaken = (lang: Lang, suggestions: string[]) =>
  (lang === 'de'
    ? 'Zu dieser Zeit ist schon etwas geplant (Auto-Plan).'
    : 'Something is already planned at that time (auto-plan).') +
  (suggestions.length
    ? `\n${lang === 'de' ? 'Freie Zeiten:' : 'Free slots:'}\n${suggestions.map((s) => `• ${s}`).join('\n')}`
    : `\n${lang === 'de' ? 'Keine freie Zeit gefunden.' : 'No free slot was found.'}`);

export const noEvents = (lang: Lang) => (lang === 'de' ? 'Keine anstehenden Termine.' : 'No upcoming events.');
export const nextEvents = (lang: Lang, lines: string[]) =>
  `${lang === 'de' ? 'Die nächsten Termine:' : 'Next events:'}\n${lines.map((l) => `• ${l}`).join('\n')}`;

export const noteSaved = (lang: Lang) => (lang === 'de' ? 'Notiz gespeichert.' : 'Note saved.');
export const linkSaved = (lang: Lang, url: string) =>
  lang === 'de' ? `Link gespeichert: ${url}` : `Link saved: ${url}`;
export const commandQueued = (lang: Lang, system: string, action: string, id: string) =>
  lang === 'de' ? `Befehl ${system} ${action} eingereiht (${id}).` : `Command ${system} ${action} queued (${id}).`;

export const refused = (lang: Lang, detail: string, errors: Record<string, string> | undefined) =>
  `${lang === 'de' ? 'Das ging nicht' : 'That did not work'}: ${detail}` +
  (errors && Object.keys(errors).length
    ? `\n${Object.entries(errors)
        .map(([k, v]) => `• ${k}: ${v}`)
        .join('\n')}`
    : '');

export type StatusCounts = {
  commands_pending: number;
  commands_processing: number;
  commands_failed: number;
  outbox_pending: number;
  outbox_dead: number;
  oldest_pending_seconds: number | null;
};

export function status(lang: Lang, c: StatusCounts): string {
  const lag = c.oldest_pending_seconds === null ? '–' : `${c.oldest_pending_seconds}s`;
  return lang === 'de'
    ? [
        'Chronos läuft.',
        `Befehle: ${c.commands_pending} offen, ${c.commands_processing} in Arbeit, ${c.commands_failed} fehlgeschlagen`,
        `Zustellungen: ${c.outbox_pending} wartend (älteste ${lag}), ${c.outbox_dead} unzustellbar`,
      ].join('\n')
    : [
        'Chronos is running.',
        `Commands: ${c.commands_pending} pending, ${c.commands_processing} processing, ${c.commands_failed} failed`,
        `Deliveries: ${c.outbox_pending} pending (oldest ${lag}), ${c.outbox_dead} dead`,
      ].join('\n');
}
