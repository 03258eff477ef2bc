// One non-secret field of a setting, by its kind (definitions.ts). Sources are `value.<name>`,
// the path the API uses for its field errors, so server validation lands under the input.
import { BooleanInput, NumberInput, SelectInput, TextInput, type Validator } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { formatChatIds, parseChatIds, type FieldSpec } from './definitions.ts';

const chatIdsValid: Validator = (value: unknown) =>
  typeof value === 'string' && parseChatIds(value) === undefined ? 'resources.settings.chat_ids_invalid' : undefined;

export function SettingField({ setting, field, readOnly }: { setting: string; field: FieldSpec; readOnly: boolean }) {
  const condition = useWatch({ name: field.when ? `value.${field.when.field}` : 'value.__none' }) as unknown;
  if (field.when && condition !== field.when.equals) return null;
  const source = `value.${field.name}`;
  const label = `resources.settings.sections.${setting}.fields.${field.name}`;
  const common = { source, label, readOnly, disabled: readOnly };
  switch (field.kind) {
    case 'number':
      return <NumberInput {...common} />;
    case 'boolean':
      return <BooleanInput {...common} />;
    case 'select':
      return (
        <SelectInput
          {...common}
          choices={(field.choices ?? []).map((id) => ({ id, name: `resources.settings.choices.${field.name}.${id}` }))}
        />
      );
    case 'chat_ids':
      return (
        <TextInput
          {...common}
          format={formatChatIds}
          parse={(text: string) => text}
          validate={chatIdsValid}
          helperText="resources.settings.chat_ids_help"
        />
      );
    default:
      return <TextInput {...common} type={field.kind === 'email' ? 'email' : field.kind === 'url' ? 'url' : 'text'} />;
  }
}
