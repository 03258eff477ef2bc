export const messages = {
  en: {
    resources: {
      'workflow-installs': {
        name: 'Workflow install |||| Workflow installs',
        fields: {
          id: 'n8n workflow id',
          name: 'Name',
          workflow_key: 'Key (file)',
          version: 'Version',
          active: 'Active',
          import_state: 'At import',
          imported_at: 'Imported',
          imported_by: 'Imported by',
          n8n_updated_at: 'n8n updated',
        },
        matched: 'matched the file',
        differs: 'differed from the file',
        empty:
          'No workflows installed yet. Run `npm run workflows -- import` to install the versioned workflows into n8n; they are listed here.',
      },
    },
  },
  de: {
    resources: {
      'workflow-installs': {
        name: 'Workflow-Installation |||| Workflow-Installationen',
        fields: {
          id: 'n8n-Workflow-ID',
          name: 'Name',
          workflow_key: 'Schlüssel (Datei)',
          version: 'Version',
          active: 'Aktiv',
          import_state: 'Beim Import',
          imported_at: 'Importiert',
          imported_by: 'Importiert von',
          n8n_updated_at: 'In n8n geändert',
        },
        matched: 'entsprach der Datei',
        differs: 'wich von der Datei ab',
        empty:
          'Noch keine Workflows installiert. Führen Sie `npm run workflows -- import` aus, um die versionierten Workflows in n8n zu installieren; sie erscheinen dann hier.',
      },
    },
  },
};
