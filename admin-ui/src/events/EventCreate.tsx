// New event. An auto_plan collision (409) opens the free slots; accepting one creates the
// event there with everything else as typed.
import { useState } from 'react';
import { Create, SimpleForm, useCreatePath, useDataProvider, useNotify, useRedirect, type RaRecord } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { placementRefusal, writeConflicts, type PlacementRefusal, type Slot } from './conflicts.ts';
import { EventFormFields } from './EventFormFields.tsx';
import { SuggestionsDialog } from './SuggestionsDialog.tsx';

function nextFullHour(offsetHours: number): string {
  const date = new Date();
  date.setMinutes(0, 0, 0);
  date.setHours(date.getHours() + 1 + offsetHours);
  return date.toISOString();
}

export function EventCreate() {
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const createPath = useCreatePath();
  const [refusal, setRefusal] = useState<PlacementRefusal | null>(null);
  const [submitted, setSubmitted] = useState<Record<string, unknown>>({});

  const opened = (record: RaRecord) => {
    const conflicts = writeConflicts(record);
    if (conflicts.length)
      notify('resources.events.conflicts.saved_with', {
        type: 'warning',
        messageArgs: { smart_count: conflicts.length },
      });
    else notify('ra.notification.created', { type: 'success', messageArgs: { smart_count: 1 } });
    redirect(createPath({ resource: 'events', id: record.id, type: 'edit' }));
  };

  const acceptSlot = async (slot: Slot) => {
    const { data } = await dataProvider.create('events', { data: { ...submitted, ...slot } });
    opened(data);
  };

  return (
    <>
      <Create
        mutationMode="pessimistic"
        transform={(data: Record<string, unknown>) => {
          setSubmitted(data);
          return data;
        }}
        mutationOptions={{
          onSuccess: opened,
          onError: (error: unknown) => {
            const found = placementRefusal(error);
            if (found) setRefusal(found);
            else notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
          },
        }}
      >
        <SimpleForm
          defaultValues={{
            calendar_id: 'default',
            status: 'scheduled',
            start_at: nextFullHour(0),
            end_at: nextFullHour(1),
            attendees: [],
            tags: [],
          }}
        >
          <EventFormFields />
        </SimpleForm>
      </Create>
      <SuggestionsDialog refusal={refusal} onAccept={acceptSlot} onClose={() => setRefusal(null)} />
    </>
  );
}
