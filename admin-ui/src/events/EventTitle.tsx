import { useRecordContext, useTranslate } from 'react-admin';

export function EventTitle() {
  const record = useRecordContext();
  const translate = useTranslate();
  return <span>{record ? `${translate('resources.events.name', { smart_count: 1 })}: ${record.title}` : ''}</span>;
}
