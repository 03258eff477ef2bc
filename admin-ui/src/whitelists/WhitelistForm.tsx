// The form of a whitelist entry (create and edit). Params are edited as rows — name, type,
// required, description — and turned back into the API's record on save (toApiBody).
import {
  ArrayInput,
  BooleanInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  regex,
  required,
  useRecordContext,
  type RaRecord,
} from 'react-admin';
import {
  PARAM_NAME_PATTERN,
  PARAM_TYPES,
  UPPER_SNAKE_PATTERN,
  toParamRecord,
  toParamRows,
  type ParamRow,
  type ParamSpecs,
} from './param-specs.ts';

const TYPE_CHOICES = PARAM_TYPES.map((id) => ({ id, name: `resources.whitelists.types.${id}` }));
const upper = (value: string) => (value ?? '').toUpperCase();
const upperSnake = [required(), regex(UPPER_SNAKE_PATTERN, 'resources.whitelists.validation.upper_snake')];

function uniqueName(value: string, values: { param_rows?: ParamRow[] }) {
  const name = (value ?? '').trim();
  if (!PARAM_NAME_PATTERN.test(name)) return 'resources.whitelists.validation.param_name';
  const same = (values.param_rows ?? []).filter((row) => (row?.name ?? '').trim() === name).length;
  return same > 1 ? 'resources.whitelists.validation.param_duplicate' : undefined;
}

type FormValues = RaRecord & { param_rows?: ParamRow[]; params?: ParamSpecs };

/** Form values → the body of POST/PUT /whitelists. */
export function toApiBody(data: FormValues) {
  return {
    system: data.system,
    action: data.action,
    description: data.description || null,
    enabled: data.enabled ?? true,
    params: toParamRecord(data.param_rows),
  };
}

export function WhitelistForm() {
  const record = useRecordContext<FormValues>();
  const formRecord = record ? { ...record, param_rows: toParamRows(record.params) } : undefined;
  return (
    <SimpleForm record={formRecord} defaultValues={{ enabled: true, param_rows: [] }}>
      <TextInput source="system" validate={upperSnake} parse={upper} helperText="resources.whitelists.help.system" />
      <TextInput source="action" validate={upperSnake} parse={upper} />
      <TextInput source="description" multiline fullWidth />
      <BooleanInput source="enabled" />
      <ArrayInput source="param_rows" label="resources.whitelists.fields.params">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" label="resources.whitelists.fields.param_name" validate={uniqueName} />
          <SelectInput
            source="type"
            label="resources.whitelists.fields.param_type"
            choices={TYPE_CHOICES}
            defaultValue="string"
            validate={required()}
          />
          <BooleanInput source="required" label="resources.whitelists.fields.param_required" />
          <TextInput source="description" label="resources.whitelists.fields.param_description" />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  );
}
