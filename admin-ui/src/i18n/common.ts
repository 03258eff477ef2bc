// Messages shared by the layout, the login page and several resources.
export const messages = {
  en: {
    chronos: {
      title: 'Chronos',
      menu: {
        planning: 'Planning',
        automation: 'Automation',
        delivery: 'Delivery',
        operations: 'Operations',
        security: 'Security',
      },
      read_only: 'Read only: your role may view but not change this.',
    },
  },
  de: {
    chronos: {
      title: 'Chronos',
      menu: {
        planning: 'Planung',
        automation: 'Automatisierung',
        delivery: 'Zustellung',
        operations: 'Betrieb',
        security: 'Sicherheit',
      },
      read_only: 'Nur lesen: Ihre Rolle darf dies ansehen, aber nicht ändern.',
    },
  },
};
