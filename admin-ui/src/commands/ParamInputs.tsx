// One input per param the chosen whitelist entry declares, typed by its spec, each at
// `params.<name>` — where the API's whitelist refusal (422, errors `params.<name>`) lands.
import { BooleanInput, NumberInput, TextInput, required, useTranslate } from 'react-admin';
import { Typography } from '@mui/material';
import type { ParamSpec, ParamSpecs } from '../whitelists/param-specs.ts';
import { formatJsonText, parseJsonText } from './params-json.ts';

function ParamInput({ name, spec }: { name: string; spec: ParamSpec }) {
  const source = `params.${name}`;
  const validate = spec.required ? required() : undefined;
  const common = { source, label: name, helperText: spec.description || false, validate } as const;
  switch (spec.type) {
    case 'int':
    case 'number':
      return <NumberInput {...common} step={spec.type === 'int' ? 1 : 'any'} />;
    case 'bool':
      return <BooleanInput source={source} label={name} helperText={spec.description || false} />;
    case 'list':
    case 'object':
      return (
        <TextInput
          {...common}
          multiline
          fullWidth
          format={formatJsonText}
          parse={parseJsonText}
          placeholder={spec.type === 'list' ? '["a", "b"]' : '{"key": "value"}'}
        />
      );
    default:
      // e-mail and url stay plain text: the server's type check is the one that decides.
      return <TextInput {...common} fullWidth />;
  }
}

export function ParamInputs({ specs }: { specs: ParamSpecs | undefined }) {
  const translate = useTranslate();
  const names = Object.keys(specs ?? {});
  if (!specs) return null;
  if (names.length === 0) return <Typography variant="body2">{translate('resources.commands.no_params')}</Typography>;
  return (
    <>
      {names.map((name) => (
        <ParamInput key={name} name={name} spec={specs[name]!} />
      ))}
    </>
  );
}
