import { LinearProgress } from '@mui/material';
import { Edit } from 'react-admin';
import { useWhitelistCatalog } from '../whitelists/useWhitelistCatalog.ts';
import { RuleForm, ruleBody } from './RuleForm.tsx';

export function RuleEdit() {
  const { catalog, isPending } = useWhitelistCatalog();
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={ruleBody(catalog)}>
      {isPending ? <LinearProgress /> : <RuleForm catalog={catalog} />}
    </Edit>
  );
}
