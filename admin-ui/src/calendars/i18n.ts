export const messages = {
  en: {
    resources: {
      calendars: {
        name: 'Calendar |||| Calendars',
        fields: {
          id: 'Id',
          name: 'Name',
          description: 'Description',
          color: 'Colour',
          time_zone: 'Time zone',
          default_mode: 'Default planning mode',
          auto_reschedule: 'Move displaced auto-plan events automatically',
          buffer_minutes: 'Buffer between events (minutes)',
          default_reminder_offsets: 'Default reminders (minutes before)',
          event_count: 'Events',
          q: 'Search',
        },
        id_help: 'A short slug such as "work"; it cannot change later.',
        color_help: 'Optional, e.g. #3366ff',
        auto_reschedule_help: 'When a new event takes their time, auto-plan events move to the next free slot.',
        offsets_help: 'Comma-separated, e.g. 15, 60',
        working_hours: 'Working hours',
        working_hours_help:
          "Per weekday, in the calendar's time zone: spans such as 09:00-12:00, 13:00-17:00. Empty means no working time; auto-plan only suggests slots inside these hours.",
        days: {
          mon: 'Monday',
          tue: 'Tuesday',
          wed: 'Wednesday',
          thu: 'Thursday',
          fri: 'Friday',
          sat: 'Saturday',
          sun: 'Sunday',
        },
        validation: {
          id: 'Lower-case letters, digits, _ and - only, starting with a letter or digit',
          span_format: 'Use spans such as 09:00-17:00 (00:00 to 24:00)',
          span_order: 'A span must end after it starts (split overnight spans at 24:00)',
          span_overlap: 'The spans of one day must not overlap',
          offsets: 'Whole minutes from 0 to 525600, separated by commas',
          offsets_count: 'At most 20 reminders',
        },
        empty:
          'No calendars yet. A calendar groups events and sets their time zone, working hours and whether overlaps are allowed.',
      },
    },
  },
  de: {
    resources: {
      calendars: {
        name: 'Kalender |||| Kalender',
        fields: {
          id: 'Kennung',
          name: 'Name',
          description: 'Beschreibung',
          color: 'Farbe',
          time_zone: 'Zeitzone',
          default_mode: 'Standard-Planungsmodus',
          auto_reschedule: 'Verdrängte automatisch geplante Termine selbst verschieben',
          buffer_minutes: 'Puffer zwischen Terminen (Minuten)',
          default_reminder_offsets: 'Standard-Erinnerungen (Minuten vorher)',
          event_count: 'Termine',
          q: 'Suche',
        },
        id_help: 'Ein kurzes Kürzel wie „arbeit“; es lässt sich später nicht ändern.',
        color_help: 'Optional, z. B. #3366ff',
        auto_reschedule_help:
          'Belegt ein neuer Termin ihre Zeit, rücken automatisch geplante Termine ins nächste freie Zeitfenster.',
        offsets_help: 'Durch Kommas getrennt, z. B. 15, 60',
        working_hours: 'Arbeitszeiten',
        working_hours_help:
          'Je Wochentag in der Zeitzone des Kalenders: Zeitspannen wie 09:00-12:00, 13:00-17:00. Leer heißt keine Arbeitszeit; automatisches Planen schlägt nur Zeitfenster innerhalb dieser Zeiten vor.',
        days: {
          mon: 'Montag',
          tue: 'Dienstag',
          wed: 'Mittwoch',
          thu: 'Donnerstag',
          fri: 'Freitag',
          sat: 'Samstag',
          sun: 'Sonntag',
        },
        validation: {
          id: 'Nur Kleinbuchstaben, Ziffern, _ und -, beginnend mit einem Buchstaben oder einer Ziffer',
          span_format: 'Zeitspannen wie 09:00-17:00 angeben (00:00 bis 24:00)',
          span_order: 'Eine Zeitspanne muss nach ihrem Beginn enden (über Mitternacht bei 24:00 teilen)',
          span_overlap: 'Die Zeitspannen eines Tages dürfen sich nicht überschneiden',
          offsets: 'Ganze Minuten von 0 bis 525600, durch Kommas getrennt',
          offsets_count: 'Höchstens 20 Erinnerungen',
        },
        empty:
          'Noch keine Kalender. Ein Kalender fasst Termine zusammen und legt ihre Zeitzone, Arbeitszeiten und den Umgang mit Überschneidungen fest.',
      },
    },
  },
};
