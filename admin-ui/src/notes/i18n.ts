export const messages = {
  en: {
    resources: {
      notes: {
        name: 'Note |||| Notes',
        fields: {
          text: 'Text',
          tags: 'Tags',
          source: 'Source',
          source_ref: 'Reference in the source',
          event_id: 'Event',
          created_at: 'Created',
          updated_at: 'Changed',
          q: 'Search',
        },
        filters: { tag: 'Tag' },
        source_help: 'Where it came from, e.g. console, telegram',
        empty:
          'No notes yet. Notes keep thoughts and minutes, captured here, from Telegram or from calendar entries, optionally tied to an event.',
      },
    },
  },
  de: {
    resources: {
      notes: {
        name: 'Notiz |||| Notizen',
        fields: {
          text: 'Text',
          tags: 'Schlagwörter',
          source: 'Quelle',
          source_ref: 'Verweis in der Quelle',
          event_id: 'Termin',
          created_at: 'Angelegt',
          updated_at: 'Geändert',
          q: 'Suche',
        },
        filters: { tag: 'Schlagwort' },
        source_help: 'Woher sie stammt, z. B. console, telegram',
        empty:
          'Noch keine Notizen. Notizen halten Gedanken und Protokolle fest – hier, per Telegram oder aus Kalendereinträgen erfasst, auf Wunsch einem Termin zugeordnet.',
      },
    },
  },
};
