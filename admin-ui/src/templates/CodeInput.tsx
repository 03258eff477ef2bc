// A react-admin input around the lazily loaded code editor: the value lives in the form like
// any other input, and validation or server errors (problem+json `errors.body_html`) show
// underneath. JSON mode keeps the typed text locally and gives the form the parsed value, so
// a half-typed document neither jumps the cursor nor reaches the server.
import { Box, FormHelperText, FormLabel, LinearProgress, useTheme } from '@mui/material';
import { lazy, Suspense, useId, useState } from 'react';
import { FieldTitle, InputHelperText, useInput, useResourceContext, useTranslate, type Validator } from 'react-admin';

const CodeEditor = lazy(() => import('./CodeEditor.tsx'));

type CodeInputProps = {
  source: string;
  language: 'html' | 'text' | 'json';
  helperText?: string;
  validate?: Validator | Validator[];
  readOnly?: boolean;
};

const jsonText = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));

const validJson: Validator = (value: unknown) =>
  typeof value === 'string' ? 'resources.templates.editor.invalid_json' : undefined;

export function CodeInput({ source, language, helperText, validate, readOnly }: CodeInputProps) {
  const resource = useResourceContext();
  const translate = useTranslate();
  const theme = useTheme();
  const id = useId();
  const validators = [
    ...(Array.isArray(validate) ? validate : validate ? [validate] : []),
    ...(language === 'json' ? [validJson] : []),
  ];
  const {
    field,
    fieldState: { error, invalid, isTouched },
    formState: { isSubmitted },
    isRequired,
  } = useInput({ source, validate: validators });
  const [jsonDraft, setJsonDraft] = useState(() => jsonText(field.value));
  const text = language === 'json' ? jsonDraft : ((field.value as string | null) ?? '');
  const showError = invalid && (isTouched || isSubmitted);
  const helperId = `${id}-helper`;

  const onChange = (next: string) => {
    if (language !== 'json') return field.onChange(next);
    setJsonDraft(next);
    if (!next.trim()) return field.onChange(null);
    try {
      const parsed: unknown = JSON.parse(next);
      field.onChange(parsed !== null && typeof parsed === 'object' ? parsed : next);
    } catch {
      field.onChange(next); // a string: validJson reports it
    }
  };

  return (
    <Box data-source={source} sx={{ width: '100%', mb: 2 }}>
      <FormLabel error={showError} required={isRequired} sx={{ display: 'block', mb: 0.5, fontSize: '0.85rem' }}>
        <FieldTitle source={source} resource={resource} isRequired={false} />
      </FormLabel>
      <Box
        sx={{
          border: 1,
          borderColor: showError ? 'error.main' : 'divider',
          borderRadius: 1,
          overflow: 'hidden',
          fontSize: '0.85rem',
        }}
      >
        <Suspense fallback={<LinearProgress aria-label={translate('resources.templates.editor.loading')} />}>
          <CodeEditor
            value={text}
            onChange={onChange}
            onBlur={field.onBlur}
            language={language}
            label={translate(`resources.${resource}.fields.${source}`)}
            describedBy={helperId}
            invalid={showError}
            readOnly={readOnly}
            dark={theme.palette.mode === 'dark'}
          />
        </Suspense>
      </Box>
      <FormHelperText id={helperId} error={showError} component="div">
        <InputHelperText error={showError ? error?.message : undefined} helperText={helperText} />
      </FormHelperText>
    </Box>
  );
}
