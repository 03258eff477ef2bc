export const messages = {
  en: {
    resources: {
      'security-incidents': {
        name: 'Security incident |||| Security incidents',
        fields: {
          kind: 'Kind',
          severity: 'Severity',
          ip: 'IP address',
          actor_type: 'Actor type',
          actor_id: 'Actor id',
          actor_label: 'Actor',
          details: 'Details',
          occurred_at: 'Time',
          open: 'Open',
          acknowledged_at: 'Acknowledged',
          acknowledged_by: 'Acknowledged by',
          from: 'From',
          to: 'Until',
        },
        severities: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
        acknowledge: 'Acknowledge',
        acknowledged: 'The incident is acknowledged',
        acknowledged_state: 'Acknowledged',
        open_state: 'Open',
        empty:
          'No security incidents. Chronos raises one when it sees brute-force sign-ins, a key used from a new address, a broken audit chain and similar signs of trouble; acknowledge them here once looked into.',
      },
    },
  },
  de: {
    resources: {
      'security-incidents': {
        name: 'Sicherheitsvorfall |||| Sicherheitsvorfälle',
        fields: {
          kind: 'Art',
          severity: 'Schweregrad',
          ip: 'IP-Adresse',
          actor_type: 'Art des Akteurs',
          actor_id: 'Akteur-ID',
          actor_label: 'Akteur',
          details: 'Details',
          occurred_at: 'Zeitpunkt',
          open: 'Offen',
          acknowledged_at: 'Bestätigt',
          acknowledged_by: 'Bestätigt von',
          from: 'Von',
          to: 'Bis',
        },
        severities: { low: 'Niedrig', medium: 'Mittel', high: 'Hoch', critical: 'Kritisch' },
        acknowledge: 'Bestätigen',
        acknowledged: 'Der Vorfall ist bestätigt',
        acknowledged_state: 'Bestätigt',
        open_state: 'Offen',
        empty:
          'Keine Sicherheitsvorfälle. Chronos meldet einen, wenn es Brute-Force-Anmeldungen, einen Schlüssel von einer neuen Adresse, eine unterbrochene Audit-Kette oder ähnliche Warnzeichen bemerkt; bestätigen Sie sie hier, sobald sie geprüft sind.',
      },
    },
  },
};
