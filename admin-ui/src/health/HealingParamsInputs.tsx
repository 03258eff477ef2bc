// The inputs of the selected action's params, typed as its HEALING whitelist entry says
// (int/number → number input, bool → switch, anything else → text), required ones marked.
import { BooleanInput, NumberInput, TextInput, required } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { paramInputs, type WhitelistParam } from './healing-request.ts';

export type HealingWhitelistEntry = {
  id: string;
  action: string;
  description: string | null;
  params: Record<string, WhitelistParam>;
};

export function HealingParamsInputs({ entries }: { entries: HealingWhitelistEntry[] }) {
  const action = useWatch({ name: 'action' }) as string | undefined;
  const entry = entries.find((e) => e.action === action);
  return (
    <>
      {paramInputs(entry?.params).map((input) => {
        const common = {
          key: `${action}.${input.name}`,
          source: `params.${input.name}`,
          label: input.name,
          helperText: input.description ?? false,
          validate: input.required ? required() : undefined,
        };
        if (input.type === 'int' || input.type === 'number')
          return <NumberInput {...common} key={common.key} step={input.type === 'int' ? 1 : 'any'} />;
        if (input.type === 'bool') return <BooleanInput {...common} key={common.key} />;
        return <TextInput {...common} key={common.key} />;
      })}
    </>
  );
}
