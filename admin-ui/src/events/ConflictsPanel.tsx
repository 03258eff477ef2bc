// The event's current conflicts (overlapping events of the same attendees or calendar) and,
// when there are any, the next free slots — each one accepted with a click by admins.
import WarningIcon from '@mui/icons-material/WarningAmber';
import {
  Alert,
  Box,
  Button as MuiButton,
  Card,
  CardContent,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useCreatePath, useDataProvider, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import type { EventConflict, Slot } from './conflicts.ts';
import { formatSpan } from './formatSpan.ts';
import { useReschedule } from './useReschedule.ts';

type Answer = { conflicts: EventConflict[]; suggestions: Slot[] };

export function ConflictsPanel({ eventId, canEdit }: { eventId: string; canEdit: boolean }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const reschedule = useReschedule();
  const [moving, setMoving] = useState(false);
  const { data, isPending } = useQuery({
    queryKey: ['events', eventId, 'conflicts'],
    queryFn: () => dataProvider.call<Answer>('GET', `events/${eventId}/conflicts`),
  });
  if (isPending) return <LinearProgress sx={{ mt: 2 }} />;
  if (!data?.conflicts.length) return null;

  const accept = async (slot: Slot) => {
    setMoving(true);
    try {
      await reschedule(eventId, slot);
    } finally {
      setMoving(false);
    }
  };

  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="conflicts">
      <CardContent>
        <Alert severity="warning" icon={<WarningIcon />}>
          {translate('resources.events.conflicts.title', { smart_count: data.conflicts.length })}
        </Alert>
        <List dense>
          {data.conflicts.map((c) => (
            <ListItem key={c.id}>
              <ListItemText
                primary={<Link to={createPath({ resource: 'events', id: c.id, type: 'edit' })}>{c.title}</Link>}
                secondary={translate('resources.events.conflicts.overlap', {
                  span: formatSpan(c.start_at, c.end_at),
                  minutes: c.overlap.minutes,
                  attendees: c.attendees.join(', ') || '—',
                })}
              />
            </ListItem>
          ))}
        </List>
        {canEdit && data.suggestions.length ? (
          <Box>
            <Typography variant="subtitle2">{translate('resources.events.suggestions.free_slots')}</Typography>
            {moving ? <LinearProgress /> : null}
            <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 1 }}>
              {data.suggestions.map((slot) => (
                <MuiButton
                  key={slot.start_at}
                  size="small"
                  variant="outlined"
                  disabled={moving}
                  onClick={() => void accept(slot)}
                >
                  {formatSpan(slot.start_at, slot.end_at)}
                </MuiButton>
              ))}
            </Box>
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
}
