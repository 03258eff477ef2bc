// The right-hand side of the template form: placeholder help, the sample variables, the
// server-rendered preview and the test send. The samples start from the declared samples plus
// a stand-in for each used variable; after a save they gain the variables the template now
// uses, keeping what the author typed.
import { Alert, Box, Button, Card, CardContent, Divider, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState, type ReactNode } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { useFormContext, useFormState } from 'react-hook-form';
import { PlaceholderHelp } from './PlaceholderHelp.tsx';
import { declareSamples, extractPlaceholders, mergeSamples, parseVariables, sampleVariables } from './placeholders.ts';
import { TemplatePreview } from './TemplatePreview.tsx';
import { TestSend } from './TestSend.tsx';
import type { Template } from './types.ts';

function savedSamples(record: Template): Record<string, unknown> {
  const used = extractPlaceholders(
    record.subject,
    record.body_html,
    record.body_text,
    record.payload ? JSON.stringify(record.payload) : null,
  );
  return sampleVariables(used, record.variables);
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

export function TemplateWorkbench() {
  const translate = useTranslate();
  const record = useRecordContext<Template>();
  const { isDirty } = useFormState();
  const form = useFormContext();
  const [samplesText, setSamplesText] = useState(() => (record ? pretty(savedSamples(record)) : '{}'));
  const [declaredNote, setDeclaredNote] = useState(false);
  const parsed = parseVariables(samplesText);

  // A saved change may use new variables: add them, keep the edited values.
  const savedAt = record?.updated_at;
  useEffect(() => {
    if (!record) return;
    setSamplesText((current) => {
      const mine = parseVariables(current);
      return mine.ok ? pretty(mergeSamples(savedSamples(record), mine.value)) : current;
    });
    // Only when a new version was saved (updated_at), not on every change of the record object.
  }, [savedAt]);

  const variablesJson = parsed.ok ? JSON.stringify(parsed.value) : undefined;

  return (
    <Stack spacing={2} sx={{ width: '100%' }}>
      <Section title={translate('resources.templates.placeholders.title')}>
        <PlaceholderHelp />
      </Section>
      <Section title={translate('resources.templates.preview.title')}>
        <Stack spacing={1.5}>
          <TextField
            name="sample_variables"
            label={translate('resources.templates.preview.variables')}
            value={samplesText}
            onChange={(e) => {
              setSamplesText(e.target.value);
              setDeclaredNote(false);
            }}
            multiline
            minRows={4}
            maxRows={16}
            error={!parsed.ok}
            helperText={
              parsed.ok
                ? translate('resources.templates.preview.variables_help')
                : translate(`resources.templates.editor.${parsed.error}`)
            }
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: '0.8rem' } } }}
          />
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            <Button
              size="small"
              disabled={!record}
              onClick={() => record && setSamplesText(pretty(savedSamples(record)))}
            >
              {translate('resources.templates.preview.reset_variables')}
            </Button>
            <Button
              size="small"
              disabled={!parsed.ok}
              onClick={() => {
                if (!parsed.ok) return;
                const declared = declareSamples(parsed.value, form.getValues('variables') ?? {});
                form.setValue('variables', declared, { shouldDirty: true });
                setDeclaredNote(true);
              }}
            >
              {translate('resources.templates.preview.declare')}
            </Button>
          </Box>
          {declaredNote ? <Alert severity="success">{translate('resources.templates.preview.declared')}</Alert> : null}
          <Divider />
          <TemplatePreview variablesJson={variablesJson} />
        </Stack>
      </Section>
      {record?.id ? (
        <Section title={translate('resources.templates.test_send.title')}>
          <TestSend record={record} variables={parsed.ok ? parsed.value : undefined} dirty={isDirty} />
        </Section>
      ) : null}
    </Stack>
  );
}
