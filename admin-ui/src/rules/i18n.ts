export const messages = {
  en: {
    resources: {
      rules: {
        name: 'Rule |||| Rules',
        fields: {
          name: 'Name',
          description: 'Description',
          trigger_system: 'System',
          trigger_action: 'Command',
          trigger_status: 'reaches status',
          follow_system: 'create a command for system',
          follow_action: 'Command',
          params_template: 'Parameters',
          enabled: 'Active',
          max_depth: 'Max. chain depth',
          updated_at: 'Updated',
        },
        when: 'When a command of',
        then: 'then',
        placeholders: 'Use a fixed value or a placeholder from the triggering command: %{list}',
        help: { max_depth: 'Stops rule chains (a follow-up triggering further rules) after this many steps' },
        empty:
          'No rules yet. A rule creates a follow-up command when a command reaches a status — for example, send a Telegram message when a backup command completes.',
      },
    },
  },
  de: {
    resources: {
      rules: {
        name: 'Regel |||| Regeln',
        fields: {
          name: 'Name',
          description: 'Beschreibung',
          trigger_system: 'System',
          trigger_action: 'Befehl',
          trigger_status: 'den Status erreicht',
          follow_system: 'einen Befehl anlegen für System',
          follow_action: 'Befehl',
          params_template: 'Parameter',
          enabled: 'Aktiv',
          max_depth: 'Max. Kettentiefe',
          updated_at: 'Geändert',
        },
        when: 'Wenn ein Befehl von',
        then: 'dann',
        placeholders: 'Einen festen Wert oder einen Platzhalter des auslösenden Befehls verwenden: %{list}',
        help: { max_depth: 'Beendet Regelketten (ein Folgebefehl löst weitere Regeln aus) nach so vielen Schritten' },
        empty:
          'Noch keine Regeln. Eine Regel legt einen Folgebefehl an, wenn ein Befehl einen Status erreicht – etwa eine Telegram-Nachricht, wenn ein Backup-Befehl abgeschlossen ist.',
      },
    },
  },
};
