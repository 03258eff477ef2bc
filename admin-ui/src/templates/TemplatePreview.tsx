// The server-rendered live preview: POST /templates/preview with the form as it is now (saved
// or not) and the sample variables, debounced while either is edited. The server renders it
// exactly as a send would, lists missing variables, and records nothing.
// The HTML goes into a sandboxed iframe (sandbox="" — no scripts, an opaque origin, and the
// console's CSP, so remote images do not load either): it is exactly what a mail would carry.
import { Alert, Box, LinearProgress, Stack, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { useWatch } from 'react-hook-form';
import type { RenderedTemplate } from './types.ts';

function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

type Props = {
  /** The sample variables as JSON text, or undefined while the editor holds invalid JSON. */
  variablesJson: string | undefined;
};

const TEMPLATE_FIELDS = ['name', 'type', 'category', 'subject', 'body_html', 'body_text', 'payload', 'variables'];

export function TemplatePreview({ variablesJson }: Props) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const values = useWatch({ name: TEMPLATE_FIELDS });
  const template = JSON.stringify(Object.fromEntries(TEMPLATE_FIELDS.map((name, i) => [name, values[i] ?? null])));
  // One string of both, so the debounce compares by value.
  const debounced = useDebouncedValue(
    variablesJson === undefined ? undefined : JSON.stringify([template, variablesJson]),
    600,
  );
  const { data, error, isFetching } = useQuery({
    queryKey: ['templates', 'preview', debounced],
    queryFn: () => {
      const [templateJson, variables] = JSON.parse(debounced!) as [string, string];
      const fields = JSON.parse(templateJson) as Record<string, unknown>;
      // A new template may have no name yet; the preview does not need one.
      return dataProvider.call<RenderedTemplate>('POST', 'templates/preview', {
        template: { ...fields, name: fields.name || 'preview' },
        variables: JSON.parse(variables) as Record<string, unknown>,
      });
    },
    enabled: debounced !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });

  return (
    <Stack spacing={1} data-testid="template-preview">
      {isFetching ? <LinearProgress /> : <Box sx={{ height: 4 }} />}
      {error ? (
        <Alert severity="error">{translate('resources.templates.preview.failed', { error: error.message })}</Alert>
      ) : null}
      {data?.missing.length ? (
        <Alert severity="warning" data-testid="preview-missing">
          {translate('resources.templates.preview.missing', { names: data.missing.join(', ') })}
        </Alert>
      ) : null}
      {data?.subject ? (
        <Typography variant="body2">
          <strong>{translate('resources.templates.preview.subject')}:</strong>{' '}
          <span data-testid="preview-subject">{data.subject}</span>
        </Typography>
      ) : null}
      {data?.body_html ? (
        <>
          <Typography variant="caption" color="text.secondary">
            {translate('resources.templates.preview.html')} — {translate('resources.templates.preview.images')}
          </Typography>
          <Box
            component="iframe"
            sandbox=""
            srcDoc={data.body_html}
            title={translate('resources.templates.preview.frame_title')}
            sx={{ width: '100%', height: 360, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: '#fff' }}
          />
        </>
      ) : null}
      {data?.body_text ? (
        <>
          <Typography variant="caption" color="text.secondary">
            {translate('resources.templates.preview.text')}
          </Typography>
          <Box
            component="pre"
            data-testid="preview-text"
            sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', fontSize: '0.8rem' }}
          >
            {data.body_text}
          </Box>
        </>
      ) : null}
      {data?.payload !== undefined && data?.payload !== null ? (
        <>
          <Typography variant="caption" color="text.secondary">
            {translate('resources.templates.preview.payload')}
          </Typography>
          <Box
            component="pre"
            data-testid="preview-payload"
            sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', fontSize: '0.8rem' }}
          >
            {JSON.stringify(data.payload, null, 2)}
          </Box>
        </>
      ) : null}
      {data && !data.body_html && !data.body_text && (data.payload === null || data.payload === undefined) ? (
        <Typography variant="body2" color="text.secondary">
          {translate('resources.templates.preview.empty_body')}
        </Typography>
      ) : null}
    </Stack>
  );
}
