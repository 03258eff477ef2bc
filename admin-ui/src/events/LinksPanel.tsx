// Links between events (related, depends_on, follows, replaces), both directions. Admins add
// one by picking the target event, and remove one; a refused link (a dependency cycle, a
// duplicate) shows the server's message under the target.
import AddLinkIcon from '@mui/icons-material/AddLink';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import {
  Box,
  Card,
  CardContent,
  IconButton,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  AutocompleteInput,
  Form,
  Link,
  ReferenceInput,
  SaveButton,
  SelectInput,
  required,
  useCreatePath,
  useDataProvider,
  useNotify,
  useTranslate,
  type HttpError,
} from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { LINK_TYPE_CHOICES } from './choices.ts';
import { formatSpan } from './formatSpan.ts';

type EventLink = {
  id: string;
  link_type: string;
  direction: 'outgoing' | 'incoming';
  other: { id: string; title: string; start_at: string; end_at: string; status: string };
};

export function LinksPanel({ eventId, canEdit }: { eventId: string; canEdit: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const createPath = useCreatePath();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const queryClient = useQueryClient();
  // A new key empties the add form after a link was added.
  const [formKey, setFormKey] = useState(0);
  const key = ['events', eventId, 'links'];
  const base = `events/${eventId}/links`;
  const { data: links = [], isPending } = useQuery({
    queryKey: key,
    queryFn: () => dataProvider.call<EventLink[]>('GET', base),
  });
  const remove = useMutation({
    mutationFn: (id: string) => dataProvider.call('DELETE', `${base}/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  const add = async (values: Record<string, unknown>) => {
    try {
      await dataProvider.call('POST', base, values);
      notify('resources.events.links.added', { type: 'success' });
      setFormKey((k) => k + 1);
      await queryClient.invalidateQueries({ queryKey: key });
      return undefined;
    } catch (error) {
      const http = error as HttpError;
      notify(http.message, { type: 'error' });
      // Returned errors land under the matching inputs (e.g. target_event_id for a cycle).
      return (http.body as { errors?: Record<string, string> } | undefined)?.errors;
    }
  };

  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="links">
      <CardContent>
        <Typography variant="h6">{translate('resources.events.links.title')}</Typography>
        {isPending || remove.isPending ? <LinearProgress /> : null}
        {!isPending && links.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('resources.events.links.empty')}
          </Typography>
        ) : null}
        {links.length ? (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.events.links.type')}</TableCell>
                <TableCell>{translate('resources.events.links.other')}</TableCell>
                <TableCell>{translate('resources.events.links.when')}</TableCell>
                {canEdit ? <TableCell /> : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {links.map((link) => (
                <TableRow key={link.id}>
                  <TableCell>{translate(`resources.events.links.${link.direction}.${link.link_type}`)}</TableCell>
                  <TableCell>
                    <Link to={createPath({ resource: 'events', id: link.other.id, type: 'edit' })}>
                      {link.other.title}
                    </Link>
                  </TableCell>
                  <TableCell>{formatSpan(link.other.start_at, link.other.end_at)}</TableCell>
                  {canEdit ? (
                    <TableCell align="right">
                      <Tooltip title={translate('resources.events.links.remove')}>
                        <span>
                          <IconButton
                            size="small"
                            aria-label={translate('resources.events.links.remove')}
                            disabled={remove.isPending}
                            onClick={() => remove.mutate(link.id)}
                          >
                            <LinkOffIcon fontSize="small" />
                          </IconButton>
                        </span>
                      </Tooltip>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
        {canEdit ? (
          <Form key={formKey} onSubmit={add} defaultValues={{ link_type: 'related' }} resource="events">
            <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap', mt: 2 }}>
              <SelectInput
                source="link_type"
                label="resources.events.links.type"
                choices={LINK_TYPE_CHOICES}
                validate={required()}
              />
              <ReferenceInput source="target_event_id" reference="events" sort={{ field: 'start_at', order: 'DESC' }}>
                <AutocompleteInput
                  optionText="title"
                  label="resources.events.links.target"
                  validate={required()}
                  sx={{ minWidth: 320 }}
                />
              </ReferenceInput>
              <SaveButton label="resources.events.links.add" icon={<AddLinkIcon />} alwaysEnable sx={{ mt: 1 }} />
            </Box>
          </Form>
        ) : null}
      </CardContent>
    </Card>
  );
}
