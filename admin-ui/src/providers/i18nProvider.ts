// English and German, switchable from the app bar (react-admin shows its locale menu when
// the provider lists more than one locale); react-admin's store remembers the choice.
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { resolveBrowserLocale } from 'react-admin';
import { de } from '../i18n/de.ts';
import { en } from '../i18n/en.ts';

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'de' ? de : en) as never,
  resolveBrowserLocale('en') === 'de' ? 'de' : 'en',
  [
    { locale: 'en', name: 'English' },
    { locale: 'de', name: 'Deutsch' },
  ],
);
