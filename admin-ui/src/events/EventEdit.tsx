// Event detail for admins: the record form (whole-record PUT, pessimistic so field errors
// land under the inputs), then conflicts, checklist and links. Saving into a collision:
// free mode saves and warns; auto_plan is refused with free slots, one click moves there.
import { Box } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  DeleteButton,
  Edit,
  SaveButton,
  SimpleForm,
  Toolbar,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRedirect,
  type RaRecord,
} from 'react-admin';
import { placementRefusal, writeConflicts, type PlacementRefusal, type Slot } from './conflicts.ts';
import { EventFormFields } from './EventFormFields.tsx';
import { EventPanels } from './EventPanels.tsx';
import { EventTitle } from './EventTitle.tsx';
import { SuggestionsDialog } from './SuggestionsDialog.tsx';

function EventToolbar() {
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteButton mutationMode="pessimistic" />
    </Toolbar>
  );
}

function PanelsOfRecord() {
  const record = useRecordContext();
  return record ? <EventPanels /> : null;
}

export function EventEdit() {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<PlacementRefusal | null>(null);
  const [submitted, setSubmitted] = useState<RaRecord | null>(null);

  const saved = (record: RaRecord) => {
    void queryClient.invalidateQueries({ queryKey: ['events', String(record.id)] });
    const conflicts = writeConflicts(record);
    if (conflicts.length) {
      // Stay on the page: the conflicts panel shows what overlaps and where it would fit.
      notify('resources.events.conflicts.saved_with', {
        type: 'warning',
        messageArgs: { smart_count: conflicts.length },
      });
      return;
    }
    notify('ra.notification.updated', { type: 'success', messageArgs: { smart_count: 1 } });
    redirect('list', 'events');
  };

  // Accepting a slot keeps every other edit of the refused save and moves only the times.
  const acceptSlot = async (slot: Slot) => {
    if (!submitted) return;
    const { data } = await dataProvider.update('events', {
      id: submitted.id,
      data: { ...submitted, ...slot },
      previousData: submitted,
    });
    saved(data);
  };

  return (
    <>
      <Edit
        title={<EventTitle />}
        mutationMode="pessimistic"
        transform={(data: RaRecord) => {
          setSubmitted(data);
          return data;
        }}
        mutationOptions={{
          onSuccess: saved,
          onError: (error: unknown) => {
            const found = placementRefusal(error);
            if (found) setRefusal(found);
            else notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
          },
        }}
      >
        <SimpleForm toolbar={<EventToolbar />}>
          <EventFormFields />
        </SimpleForm>
        <Box sx={{ px: 2, pb: 2 }}>
          <PanelsOfRecord />
        </Box>
      </Edit>
      <SuggestionsDialog refusal={refusal} onAccept={acceptSlot} onClose={() => setRefusal(null)} />
    </>
  );
}
