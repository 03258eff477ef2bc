export const messages = {
  en: {
    resources: {
      'saved-links': {
        name: 'Saved link |||| Saved links',
        fields: {
          url: 'URL',
          description: 'Description',
          tags: 'Tags',
          source: 'Source',
          source_ref: 'Reference in the source',
          event_id: 'Event',
          created_at: 'Created',
          q: 'Search',
        },
        validation: { url: 'Must be an http:// or https:// address with a host and no spaces' },
        empty:
          'No saved links yet. Saved links collect pages worth keeping — added here, from Telegram or from calendar entries — searchable by their description and address.',
      },
    },
  },
  de: {
    resources: {
      'saved-links': {
        name: 'Gespeicherter Link |||| Gespeicherte Links',
        fields: {
          url: 'URL',
          description: 'Beschreibung',
          tags: 'Schlagwörter',
          source: 'Quelle',
          source_ref: 'Verweis in der Quelle',
          event_id: 'Termin',
          created_at: 'Angelegt',
          q: 'Suche',
        },
        validation: { url: 'Muss eine http://- oder https://-Adresse mit Host und ohne Leerzeichen sein' },
        empty:
          'Noch keine gespeicherten Links. Hier sammeln sich aufbewahrenswerte Seiten – hier, per Telegram oder aus Kalendereinträgen hinzugefügt –, durchsuchbar nach Beschreibung und Adresse.',
      },
    },
  },
};
