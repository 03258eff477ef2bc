export const messages = {
  en: {
    resources: {
      users: {
        name: 'User |||| Users',
        fields: {
          email: 'E-mail',
          display_name: 'Display name',
          role: 'Role',
          password: 'Password',
          must_change_password: 'Must change password at next sign-in',
          locked: 'Locked',
          last_login_at: 'Last sign-in',
        },
        roles: { admin: 'Administrator', viewer: 'Viewer (read only)' },
        unlock: 'Unlock',
        unlocked: 'The account is unlocked',
        empty: 'No console users yet. Add one to give someone access to the console.',
      },
    },
  },
  de: {
    resources: {
      users: {
        name: 'Benutzer |||| Benutzer',
        fields: {
          email: 'E-Mail',
          display_name: 'Anzeigename',
          role: 'Rolle',
          password: 'Passwort',
          must_change_password: 'Muss das Passwort bei der nächsten Anmeldung ändern',
          locked: 'Gesperrt',
          last_login_at: 'Letzte Anmeldung',
        },
        roles: { admin: 'Administrator', viewer: 'Betrachter (nur lesen)' },
        unlock: 'Entsperren',
        unlocked: 'Das Konto ist entsperrt',
        empty: 'Noch keine Konsolenbenutzer. Legen Sie einen an, um jemandem Zugang zu geben.',
      },
    },
  },
};
