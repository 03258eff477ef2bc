import { LinearProgress } from '@mui/material';
import { Create } from 'react-admin';
import { useWhitelistCatalog } from '../whitelists/useWhitelistCatalog.ts';
import { RuleForm, ruleBody } from './RuleForm.tsx';

export function RuleCreate() {
  const { catalog, isPending } = useWhitelistCatalog();
  return (
    <Create mutationMode="pessimistic" redirect="list" transform={ruleBody(catalog)}>
      {isPending ? <LinearProgress /> : <RuleForm catalog={catalog} />}
    </Create>
  );
}
