// The SMTP connection test the API offers: a real mail through the saved settings.
import { useTranslate } from 'react-admin';
import { TestMail } from '../templates/TestMail.tsx';

export function SmtpTest({ dirty }: { dirty: boolean }) {
  const translate = useTranslate();
  return (
    <TestMail
      mail={{ subject: translate('resources.settings.test.subject'), text: translate('resources.settings.test.body') }}
      dirty={dirty}
      saveFirst="resources.settings.test.save_first"
      testId="smtp-test"
    />
  );
}
