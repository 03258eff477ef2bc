export const messages = {
  en: {
    resources: {
      ingest: {
        name: 'Ingest',
        title: 'Ingest',
        menu: 'Ingest',
        fields: {
          domain: 'Domain',
          record_count: 'Records',
          first_received_at: 'First received',
          last_received_at: 'Last received',
          active_tokens: 'Active tokens',
          received_at: 'Received',
          size_bytes: 'Size (bytes)',
          source_ip: 'Sender address',
          payload: 'Payload',
        },
        show_records: 'Records',
        records_title: 'Records of %{domain}',
        no_records: 'No records match.',
        payload_title: '%{domain}, received %{at}',
        export: 'Export',
        export_progress: '%{smart_count} record received |||| %{smart_count} records received',
        exported: 'Exported %{smart_count} record |||| Exported %{smart_count} records',
        export_failed: 'The export failed: %{error}',
        empty:
          'No ingest domains yet. Create an ingest token for a domain; whatever its callers push to /ingest/<domain> is listed here.',
      },
    },
  },
  de: {
    resources: {
      ingest: {
        name: 'Eingang',
        title: 'Eingang',
        menu: 'Eingang',
        fields: {
          domain: 'Domäne',
          record_count: 'Datensätze',
          first_received_at: 'Zuerst empfangen',
          last_received_at: 'Zuletzt empfangen',
          active_tokens: 'Aktive Token',
          received_at: 'Empfangen',
          size_bytes: 'Größe (Bytes)',
          source_ip: 'Absenderadresse',
          payload: 'Inhalt',
        },
        show_records: 'Datensätze',
        records_title: 'Datensätze von %{domain}',
        no_records: 'Keine passenden Datensätze.',
        payload_title: '%{domain}, empfangen %{at}',
        export: 'Exportieren',
        export_progress: '%{smart_count} Datensatz empfangen |||| %{smart_count} Datensätze empfangen',
        exported: '%{smart_count} Datensatz exportiert |||| %{smart_count} Datensätze exportiert',
        export_failed: 'Der Export ist fehlgeschlagen: %{error}',
        empty:
          'Noch keine Eingangsdomänen. Legen Sie ein Eingangstoken für eine Domäne an; was dessen Aufrufer an /ingest/<domain> senden, erscheint hier.',
      },
    },
  },
};
