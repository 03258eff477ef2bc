// Test send of an e-mail template: the saved template with the sample variables, so the author
// sees at once whether the SMTP server took it (status and Message-ID) or why not.
import { Alert } from '@mui/material';
import { useTranslate } from 'react-admin';
import { TestMail } from './TestMail.tsx';
import type { Template } from './types.ts';

type Props = { record: Template; variables: Record<string, unknown> | undefined; dirty: boolean };

export function TestSend({ record, variables, dirty }: Props) {
  const translate = useTranslate();
  if (record.type !== 'email')
    return <Alert severity="info">{translate('resources.templates.test_send.only_email')}</Alert>;
  return (
    <TestMail
      mail={variables ? { template_id: record.id, variables } : undefined}
      dirty={dirty}
      saveFirst="resources.templates.test_send.save_first"
      testId="test-send"
    />
  );
}
