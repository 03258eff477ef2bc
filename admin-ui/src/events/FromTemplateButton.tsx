// "From template": pick an event template, a start and optional overrides, and the server
// builds the event (title, duration, attendees, checklist…); the new event opens. An auto_plan
// collision offers the free slots like a plain create.
import LibraryAddIcon from '@mui/icons-material/LibraryAdd';
import { Dialog, DialogContent, DialogTitle, LinearProgress } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  Button,
  DateTimeInput,
  Form,
  ReferenceInput,
  SaveButton,
  TextInput,
  Toolbar,
  required,
  useCanAccess,
  useCreatePath,
  useDataProvider,
  useNotify,
  useRedirect,
  useTranslate,
  type HttpError,
} from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { placementRefusal, writeConflicts, type PlacementRefusal, type Slot } from './conflicts.ts';
import { localToIso } from './eventForm.ts';
import { fromTemplateBody } from './fromTemplate.ts';
import { SuggestionsDialog } from './SuggestionsDialog.tsx';

type Created = { id: string; conflicts?: unknown[] };

export function FromTemplateButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const createPath = useCreatePath();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const { canAccess } = useCanAccess({ action: 'create', resource: 'events' });
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<PlacementRefusal | null>(null);
  const [request, setRequest] = useState<{ templateId: string; body: Record<string, unknown> } | null>(null);

  if (!canAccess) return null;

  const post = async (templateId: string, body: Record<string, unknown>) => {
    const created = await dataProvider.call<Created>('POST', `events/from-template/${templateId}`, body);
    const conflicts = writeConflicts(created);
    if (conflicts.length)
      notify('resources.events.conflicts.saved_with', {
        type: 'warning',
        messageArgs: { smart_count: conflicts.length },
      });
    else notify('resources.events.from_template.created', { type: 'success' });
    setOpen(false);
    redirect(createPath({ resource: 'events', id: created.id, type: 'edit' }));
  };

  const submit = async (values: Record<string, unknown>) => {
    const { templateId, body } = fromTemplateBody(values);
    setRequest({ templateId, body });
    setSaving(true);
    try {
      await post(templateId, body);
      return undefined;
    } catch (error) {
      const found = placementRefusal(error);
      if (found) {
        setRefusal(found);
        return undefined;
      }
      notify((error as Error).message, { type: 'error' });
      return (error as HttpError).body?.errors as Record<string, string> | undefined;
    } finally {
      setSaving(false);
    }
  };

  const acceptSlot = async (slot: Slot) => {
    if (request) await post(request.templateId, { ...request.body, start_at: slot.start_at, end_at: slot.end_at });
  };

  return (
    <>
      <Button label="resources.events.from_template.button" onClick={() => setOpen(true)}>
        <LibraryAddIcon />
      </Button>
      <Dialog open={open} onClose={saving ? undefined : () => setOpen(false)} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('resources.events.from_template.title')}</DialogTitle>
        <Form onSubmit={submit} resource="events">
          <DialogContent>
            <ReferenceInput source="template_id" reference="event-templates" sort={{ field: 'name', order: 'ASC' }}>
              <AutocompleteInput
                optionText="name"
                label="resources.events.from_template.template"
                validate={required()}
                fullWidth
              />
            </ReferenceInput>
            <DateTimeInput source="start_at" parse={localToIso} validate={required()} fullWidth />
            <TextInput source="title" helperText="resources.events.from_template.optional" fullWidth />
            <ReferenceInput source="calendar_id" reference="calendars" sort={{ field: 'name', order: 'ASC' }}>
              <AutocompleteInput optionText="name" helperText="resources.events.from_template.optional" fullWidth />
            </ReferenceInput>
            {saving ? <LinearProgress /> : null}
          </DialogContent>
          <Toolbar sx={{ justifyContent: 'space-between' }}>
            <Button label="ra.action.cancel" onClick={() => setOpen(false)} disabled={saving} />
            <SaveButton label="resources.events.from_template.create" alwaysEnable disabled={saving} />
          </Toolbar>
        </Form>
      </Dialog>
      <SuggestionsDialog refusal={refusal} onAccept={acceptSlot} onClose={() => setRefusal(null)} />
    </>
  );
}
