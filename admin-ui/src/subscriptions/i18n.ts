export const messages = {
  en: {
    resources: {
      subscriptions: {
        name: 'Subscription |||| Subscriptions',
        fields: {
          url: 'Receiver URL',
          event_types: 'Event types',
          description: 'Description',
          active: 'Active',
          disabled_reason: 'Disabled because',
          consecutive_failures: 'Failures in a row',
          last_success_at: 'Last delivered',
          last_failure_at: 'Last failure',
          event_type: 'Receives event type',
          created_at: 'Created',
        },
        help: {
          url: 'Where Chronos POSTs signed messages (http:// or https://)',
          event_types: 'Exact types (event.created), families (event.*) or * for everything',
        },
        add_event_type: 'Add "%{item}"',
        already_registered: 'This URL was already registered: its settings were updated and its secret kept',
        secret: {
          title: 'Signing secret',
          label: 'Secret',
          once: 'Copy this secret into the receiver now. It is shown only this once; afterwards you can only replace it.',
          copy: 'Copy the secret',
          copied: 'Copied to the clipboard',
          copy_failed: 'The browser did not allow copying; select the text and copy it yourself.',
          done: 'I have stored the secret',
        },
        rotate: {
          button: 'New secret',
          title: 'Replace the signing secret?',
          content: 'The current secret stops working at once; the receiver must get the new one.',
        },
        test: {
          button: 'Send test',
          title: 'Send a signed test message',
          explain:
            'Chronos does not show a stored secret again. Paste the secret the receiver uses: a test message signed with it is checked against the secret Chronos signs with.',
          secret: 'Secret (whsec_…)',
          secret_help: 'Only used in this browser to sign the test message',
          send: 'Send test message',
          ok: 'Accepted: the signature matches (message %{id}).',
          failed: 'Refused: %{error}',
        },
        empty:
          'No subscriptions yet. A subscription sends Chronos events (event created, command completed…) as signed webhooks to a URL, for example an n8n workflow.',
      },
    },
  },
  de: {
    resources: {
      subscriptions: {
        name: 'Abonnement |||| Abonnements',
        fields: {
          url: 'Empfänger-URL',
          event_types: 'Ereignistypen',
          description: 'Beschreibung',
          active: 'Aktiv',
          disabled_reason: 'Deaktiviert, weil',
          consecutive_failures: 'Fehler in Folge',
          last_success_at: 'Zuletzt zugestellt',
          last_failure_at: 'Letzter Fehler',
          event_type: 'Empfängt Ereignistyp',
          created_at: 'Angelegt',
        },
        help: {
          url: 'Wohin Chronos signierte Nachrichten per POST sendet (http:// oder https://)',
          event_types: 'Genaue Typen (event.created), Familien (event.*) oder * für alles',
        },
        add_event_type: '„%{item}“ hinzufügen',
        already_registered:
          'Diese URL war bereits registriert: Ihre Einstellungen wurden aktualisiert, das Geheimnis bleibt',
        secret: {
          title: 'Signaturgeheimnis',
          label: 'Geheimnis',
          once: 'Kopieren Sie dieses Geheimnis jetzt in den Empfänger. Es wird nur dieses eine Mal angezeigt; danach kann es nur ersetzt werden.',
          copy: 'Geheimnis kopieren',
          copied: 'In die Zwischenablage kopiert',
          copy_failed: 'Der Browser erlaubt das Kopieren nicht; markieren und kopieren Sie den Text selbst.',
          done: 'Ich habe das Geheimnis gespeichert',
        },
        rotate: {
          button: 'Neues Geheimnis',
          title: 'Signaturgeheimnis ersetzen?',
          content: 'Das bisherige Geheimnis gilt sofort nicht mehr; der Empfänger braucht das neue.',
        },
        test: {
          button: 'Test senden',
          title: 'Signierte Testnachricht senden',
          explain:
            'Chronos zeigt ein gespeichertes Geheimnis nicht erneut an. Fügen Sie das Geheimnis des Empfängers ein: Eine damit signierte Testnachricht wird gegen das Geheimnis geprüft, mit dem Chronos signiert.',
          secret: 'Geheimnis (whsec_…)',
          secret_help: 'Wird nur in diesem Browser zum Signieren der Testnachricht verwendet',
          send: 'Testnachricht senden',
          ok: 'Angenommen: Die Signatur stimmt (Nachricht %{id}).',
          failed: 'Abgelehnt: %{error}',
        },
        empty:
          'Noch keine Abonnements. Ein Abonnement sendet Chronos-Ereignisse (Termin angelegt, Befehl abgeschlossen …) als signierte Webhooks an eine URL, etwa an einen n8n-Workflow.',
      },
    },
  },
};
