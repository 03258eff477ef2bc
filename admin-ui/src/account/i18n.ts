export const messages = {
  en: {
    chronos: {
      account: {
        title: 'My account',
        change_password: 'Change password',
        current_password: 'Current password',
        new_password: 'New password',
        confirm_password: 'Repeat the new password',
        rule: 'At least 12 characters with upper- and lower-case letters, a digit and a special character; not one of your last 5.',
        mismatch: 'The two new passwords differ',
        changed:
          'Password changed; %{smart_count} other session ended |||| Password changed; %{smart_count} other sessions ended',
        must_change: 'Your password was set by an administrator. Choose your own password to continue.',
        sessions: 'Active sessions',
        signed_in: 'Signed in',
        last_seen: 'Last seen',
        browser: 'Browser',
        this_session: 'this browser',
        end_session: 'End',
        logout_all: 'Sign out everywhere',
      },
    },
  },
  de: {
    chronos: {
      account: {
        title: 'Mein Konto',
        change_password: 'Passwort ändern',
        current_password: 'Aktuelles Passwort',
        new_password: 'Neues Passwort',
        confirm_password: 'Neues Passwort wiederholen',
        rule: 'Mindestens 12 Zeichen mit Groß- und Kleinbuchstaben, einer Ziffer und einem Sonderzeichen; keines Ihrer letzten 5.',
        mismatch: 'Die beiden neuen Passwörter stimmen nicht überein',
        changed:
          'Passwort geändert; %{smart_count} andere Sitzung beendet |||| Passwort geändert; %{smart_count} andere Sitzungen beendet',
        must_change:
          'Ihr Passwort wurde von einem Administrator gesetzt. Wählen Sie ein eigenes Passwort, um fortzufahren.',
        sessions: 'Aktive Sitzungen',
        signed_in: 'Angemeldet',
        last_seen: 'Zuletzt aktiv',
        browser: 'Browser',
        this_session: 'dieser Browser',
        end_session: 'Beenden',
        logout_all: 'Überall abmelden',
      },
    },
  },
};
