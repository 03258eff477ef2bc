// An event's checklist (sub-tasks). Ticking saves at once, without a form; text edits, adds,
// deletes and moves each call their endpoint and reload the list. Viewers see it read-only.
import AddIcon from '@mui/icons-material/Add';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import DeleteIcon from '@mui/icons-material/Delete';
import {
  Box,
  Card,
  CardContent,
  Checkbox,
  IconButton,
  LinearProgress,
  List,
  ListItem,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { ChronosDataProvider } from '../providers/dataProvider.ts';
import { movedOrder, progressOf, type ChecklistItem } from './checklist.ts';

type SubTask = ChecklistItem & { notes: string | null };

export const checklistKey = (eventId: string) => ['events', eventId, 'sub-tasks'];

function ItemText({ item, canEdit, onSave }: { item: SubTask; canEdit: boolean; onSave: (text: string) => void }) {
  const [text, setText] = useState(item.text);
  if (!canEdit)
    return (
      <Typography sx={{ flex: 1, textDecoration: item.completed ? 'line-through' : undefined }}>{item.text}</Typography>
    );
  return (
    <TextField
      value={text}
      size="small"
      variant="standard"
      fullWidth
      slotProps={{ htmlInput: { 'aria-label': item.text, name: `sub_task_text_${item.position}` } }}
      sx={{ flex: 1, '& input': { textDecoration: item.completed ? 'line-through' : undefined } }}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => text.trim() && text !== item.text && onSave(text.trim())}
      onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
    />
  );
}

export function Checklist({ eventId, canEdit }: { eventId: string; canEdit: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<ChronosDataProvider>();
  const queryClient = useQueryClient();
  const base = `events/${eventId}/sub-tasks`;
  const { data: items = [], isPending } = useQuery({
    queryKey: checklistKey(eventId),
    queryFn: () => dataProvider.call<SubTask[]>('GET', base),
  });
  const [newText, setNewText] = useState('');

  const change = useMutation({
    mutationFn: ({ method, path, body }: { method: 'POST' | 'PUT' | 'DELETE'; path: string; body?: unknown }) =>
      dataProvider.call(method, path, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: checklistKey(eventId) }),
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  const busy = change.isPending;
  const progress = progressOf(items);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!newText.trim()) return;
    change.mutate({ method: 'POST', path: base, body: { text: newText.trim() } }, { onSuccess: () => setNewText('') });
  };
  const move = (index: number, delta: number) => {
    const ids = movedOrder(items, index, delta);
    if (ids) change.mutate({ method: 'POST', path: `${base}/reorder`, body: { ids } });
  };

  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="checklist">
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2 }}>
          <Typography variant="h6">{translate('resources.events.checklist.title')}</Typography>
          <Typography variant="body2" color="text.secondary" data-testid="checklist-progress">
            {translate('resources.events.checklist.progress', { done: progress.done, total: progress.total })}
          </Typography>
        </Box>
        <LinearProgress
          variant={isPending || busy ? 'indeterminate' : 'determinate'}
          value={progress.percent}
          sx={{ my: 1 }}
        />
        {!isPending && items.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('resources.events.checklist.empty')}
          </Typography>
        ) : null}
        <List dense>
          {items.map((item, index) => (
            <ListItem key={`${item.id}-${item.text}`} disableGutters sx={{ gap: 1 }}>
              <Checkbox
                checked={item.completed}
                disabled={!canEdit || busy}
                slotProps={{ input: { 'aria-label': item.text } }}
                onChange={(e) =>
                  change.mutate({ method: 'POST', path: `${base}/${item.id}/${e.target.checked ? 'tick' : 'untick'}` })
                }
              />
              <ItemText
                item={item}
                canEdit={canEdit}
                onSave={(text) =>
                  change.mutate({
                    method: 'PUT',
                    path: `${base}/${item.id}`,
                    body: { text, notes: item.notes, completed: item.completed },
                  })
                }
              />
              {canEdit ? (
                <>
                  <Tooltip title={translate('resources.events.checklist.move_up')}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={translate('resources.events.checklist.move_up')}
                        disabled={busy || index === 0}
                        onClick={() => move(index, -1)}
                      >
                        <ArrowUpwardIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                  <Tooltip title={translate('resources.events.checklist.move_down')}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={translate('resources.events.checklist.move_down')}
                        disabled={busy || index === items.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        <ArrowDownwardIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                  <Tooltip title={translate('ra.action.delete')}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={translate('resources.events.checklist.delete_item')}
                        disabled={busy}
                        onClick={() => change.mutate({ method: 'DELETE', path: `${base}/${item.id}` })}
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                </>
              ) : null}
            </ListItem>
          ))}
        </List>
        {canEdit ? (
          <Box component="form" onSubmit={add} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
            <TextField
              value={newText}
              onChange={(e) => setNewText(e.target.value)}
              size="small"
              fullWidth
              label={translate('resources.events.checklist.new_item')}
              slotProps={{ htmlInput: { name: 'new_sub_task', maxLength: 1000 } }}
            />
            <Button
              type="submit"
              label="resources.events.checklist.add"
              disabled={busy || !newText.trim()}
              startIcon={<AddIcon />}
            />
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
}
