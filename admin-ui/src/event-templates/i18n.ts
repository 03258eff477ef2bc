export const messages = {
  en: {
    resources: {
      'event-templates': {
        name: 'Event template |||| Event templates',
        fields: {
          name: 'Name',
          title: 'Event title',
          description: 'Description',
          duration_minutes: 'Duration (minutes)',
          calendar_id: 'Calendar',
          mode: 'Planning mode',
          location: 'Location',
          event_type: 'Type',
          reminder_offsets: 'Reminders (minutes before)',
          attendees: 'Attendees',
          tags: 'Tags',
          checklist: 'Checklist',
          text: 'Item',
          notes: 'Notes',
          usage_count: 'Used',
          q: 'Search',
        },
        name_help: 'How the template is listed, e.g. "Weekly review".',
        calendar_help: 'Empty: the calendar the event is created in',
        offsets_help: "Comma-separated; empty: the calendar's default",
        empty:
          'No event templates yet. A template prefills recurring kinds of events — title, duration, attendees and a checklist — so they are created in one step.',
      },
    },
  },
  de: {
    resources: {
      'event-templates': {
        name: 'Terminvorlage |||| Terminvorlagen',
        fields: {
          name: 'Name',
          title: 'Termintitel',
          description: 'Beschreibung',
          duration_minutes: 'Dauer (Minuten)',
          calendar_id: 'Kalender',
          mode: 'Planungsmodus',
          location: 'Ort',
          event_type: 'Art',
          reminder_offsets: 'Erinnerungen (Minuten vorher)',
          attendees: 'Teilnehmende',
          tags: 'Schlagwörter',
          checklist: 'Checkliste',
          text: 'Punkt',
          notes: 'Notizen',
          usage_count: 'Verwendet',
          q: 'Suche',
        },
        name_help: 'Wie die Vorlage aufgeführt wird, z. B. „Wochenrückblick“.',
        calendar_help: 'Leer: der Kalender, in dem der Termin angelegt wird',
        offsets_help: 'Durch Kommas getrennt; leer: Vorgabe des Kalenders',
        empty:
          'Noch keine Terminvorlagen. Eine Vorlage füllt wiederkehrende Terminarten vor – Titel, Dauer, Teilnehmende und eine Checkliste –, sodass sie in einem Schritt angelegt sind.',
      },
    },
  },
};
