// "When a command of SYSTEM/COMMAND reaches STATUS, then create SYSTEM/COMMAND with these
// params": both halves are picked from the whitelist (system → its commands), and the
// follow-up's params are one input each, at `params_template.<name>` where the API's errors land.
import { Box, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { COMMAND_STATUSES } from '../commands/command-status.ts';
import type { Catalog } from '../whitelists/catalog.ts';
import type { ParamSpecs } from '../whitelists/param-specs.ts';
import { coerceTemplateValue, placeholdersFor, templateForRule, templateValueText } from './template-values.ts';

const STATUS_CHOICES = COMMAND_STATUSES.map((id) => ({ id, name: `resources.commands.statuses.${id}` }));

type RuleValues = { trigger_system?: string; trigger_action?: string; follow_system?: string; follow_action?: string };

/** Form values → the body of POST/PUT /rules (the whole record). */
export function ruleBody(catalog: Catalog) {
  return (data: RaRecord) => ({
    name: data.name,
    description: data.description || null,
    trigger_system: data.trigger_system,
    trigger_action: data.trigger_action,
    trigger_status: data.trigger_status,
    follow_system: data.follow_system,
    follow_action: data.follow_action,
    params_template: templateForRule(catalog.paramsOf(data.follow_system, data.follow_action), data.params_template),
    enabled: data.enabled ?? true,
    max_depth: data.max_depth,
  });
}

function TemplateInputs({ specs, placeholders }: { specs: ParamSpecs | undefined; placeholders: string[] }) {
  const translate = useTranslate();
  if (!specs) return null;
  const names = Object.keys(specs);
  return (
    <Box sx={{ width: '100%' }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {names.length
          ? translate('resources.rules.placeholders', { list: placeholders.join('  ') })
          : translate('resources.commands.no_params')}
      </Typography>
      {names.map((name) => (
        <TextInput
          key={name}
          source={`params_template.${name}`}
          label={`${name} (${translate(`resources.whitelists.types.${specs[name]!.type}`)})`}
          validate={specs[name]!.required ? required() : undefined}
          helperText={specs[name]!.description || false}
          format={templateValueText}
          parse={(text: string) => coerceTemplateValue(specs[name]!.type, text)}
          fullWidth
        />
      ))}
    </Box>
  );
}

function Pickers({ catalog }: { catalog: Catalog }) {
  const translate = useTranslate();
  return (
    <FormDataConsumer<RuleValues>>
      {({ formData }) => (
        <Box sx={{ width: '100%' }}>
          <Typography variant="h6">{translate('resources.rules.when')}</Typography>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <AutocompleteInput source="trigger_system" choices={catalog.systems} validate={required()} />
            <AutocompleteInput
              source="trigger_action"
              choices={catalog.actionsOf(formData.trigger_system)}
              validate={required()}
              disabled={!formData.trigger_system}
            />
            <SelectInput source="trigger_status" choices={STATUS_CHOICES} validate={required()} />
          </Box>
          <Typography variant="h6">{translate('resources.rules.then')}</Typography>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <AutocompleteInput source="follow_system" choices={catalog.systems} validate={required()} />
            <AutocompleteInput
              source="follow_action"
              choices={catalog.actionsOf(formData.follow_system)}
              validate={required()}
              disabled={!formData.follow_system}
            />
          </Box>
          <TemplateInputs
            specs={catalog.paramsOf(formData.follow_system, formData.follow_action)}
            placeholders={placeholdersFor(catalog.paramsOf(formData.trigger_system, formData.trigger_action))}
          />
        </Box>
      )}
    </FormDataConsumer>
  );
}

export function RuleForm({ catalog }: { catalog: Catalog }) {
  return (
    <SimpleForm defaultValues={{ trigger_status: 'COMPLETED', enabled: true, max_depth: 3, params_template: {} }}>
      <TextInput source="name" validate={required()} />
      <TextInput source="description" multiline fullWidth />
      <Pickers catalog={catalog} />
      <BooleanInput source="enabled" />
      <NumberInput source="max_depth" min={1} max={20} step={1} helperText="resources.rules.help.max_depth" />
    </SimpleForm>
  );
}
