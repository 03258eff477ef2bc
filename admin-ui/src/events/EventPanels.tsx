// What an event page shows below the record: conflicts, checklist and links (read-only for
// viewers). Rendered inside Edit/Show, so the record comes from the context.
import { useCanAccess, useRecordContext } from 'react-admin';
import { Checklist } from './Checklist.tsx';
import { ConflictsPanel } from './ConflictsPanel.tsx';
import { LinksPanel } from './LinksPanel.tsx';

export function EventPanels() {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'events' });
  if (!record?.id) return null;
  const id = String(record.id);
  const canEdit = canAccess === true;
  return (
    <>
      <ConflictsPanel eventId={id} canEdit={canEdit} />
      <Checklist eventId={id} canEdit={canEdit} />
      <LinksPanel eventId={id} canEdit={canEdit} />
    </>
  );
}
