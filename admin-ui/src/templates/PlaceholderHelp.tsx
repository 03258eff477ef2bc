// What the author may write and what the template already uses: the variables extracted from
// the bodies as they are typed (placeholders.ts) next to the syntax the server's renderer
// accepts (admin-api modules/templates/render.ts).
import { Accordion, AccordionDetails, AccordionSummary, Box, Chip, Stack, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { extractPlaceholders, type DeclaredVariables } from './placeholders.ts';

const SYNTAX: Array<[string, string]> = [
  ['{{event.title}}', 'value'],
  ['{{{event.html}}}', 'raw'],
  ['{{#if event.location}}…{{else}}…{{/if}}', 'if'],
  ['{{#each attendees}}{{name}}{{/each}}', 'each'],
  ['{{#with event}}{{title}}{{/with}}', 'with'],
  ['{{lookup labels key}}', 'lookup'],
  ['{{!-- … --}}', 'comment'],
];

export function PlaceholderHelp() {
  const translate = useTranslate();
  const [subject, bodyHtml, bodyText, payload, declared] = useWatch({
    name: ['subject', 'body_html', 'body_text', 'payload', 'variables'],
  }) as [string | null, string | null, string | null, unknown, DeclaredVariables | undefined];
  const placeholders = useMemo(
    () =>
      extractPlaceholders(
        subject,
        bodyHtml,
        bodyText,
        payload && typeof payload === 'object' ? JSON.stringify(payload) : null,
      ),
    [subject, bodyHtml, bodyText, payload],
  );
  return (
    <Box data-testid="placeholder-help">
      <Typography variant="subtitle2" gutterBottom>
        {translate('resources.templates.placeholders.used')}
      </Typography>
      {placeholders.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('resources.templates.placeholders.none')}
        </Typography>
      ) : (
        <Stack
          direction="row"
          flexWrap="wrap"
          useFlexGap
          spacing={1}
          component="ul"
          sx={{ p: 0, m: 0, listStyle: 'none' }}
        >
          {placeholders.map(({ path, uses }) => {
            const isDeclared = Boolean(declared && Object.hasOwn(declared, path.replace(/\[\]/g, '')));
            const usesText = uses.map((u) => translate(`resources.templates.placeholders.uses.${u}`)).join(', ');
            return (
              <li key={path}>
                <Chip
                  size="small"
                  variant={isDeclared ? 'filled' : 'outlined'}
                  label={`${path} · ${usesText}${isDeclared ? ` · ${translate('resources.templates.placeholders.declared')}` : ''}`}
                  sx={{ fontFamily: 'monospace' }}
                />
              </li>
            );
          })}
        </Stack>
      )}
      <Accordion disableGutters elevation={0} sx={{ mt: 1, '&:before': { display: 'none' } }}>
        <AccordionSummary expandIcon={<ExpandMoreIcon />} sx={{ px: 0 }}>
          <Typography variant="subtitle2">{translate('resources.templates.placeholders.syntax_title')}</Typography>
        </AccordionSummary>
        <AccordionDetails sx={{ px: 0 }}>
          <Box
            component="dl"
            sx={{ m: 0, '& dt': { fontFamily: 'monospace', fontSize: '0.8rem' }, '& dd': { ml: 2, mb: 1 } }}
          >
            {SYNTAX.map(([code, key]) => (
              <Box key={key}>
                <dt>{code}</dt>
                <Typography component="dd" variant="body2" color="text.secondary">
                  {translate(`resources.templates.placeholders.syntax.${key}`)}
                </Typography>
              </Box>
            ))}
          </Box>
          <Typography variant="body2">{translate('resources.templates.placeholders.rules')}</Typography>
        </AccordionDetails>
      </Accordion>
    </Box>
  );
}
