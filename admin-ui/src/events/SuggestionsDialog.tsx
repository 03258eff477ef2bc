// The answer to an auto_plan refusal: what the event collides with and the free slots the
// server found, each one accepted with a single click (the caller decides how to move there).
import {
  Button as MuiButton,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import type { PlacementRefusal, Slot } from './conflicts.ts';
import { formatSpan } from './formatSpan.ts';

type Props = {
  refusal: PlacementRefusal | null;
  onAccept: (slot: Slot) => Promise<unknown>;
  onClose: () => void;
};

export function SuggestionsDialog({ refusal, onAccept, onClose }: Props) {
  const translate = useTranslate();
  const [accepting, setAccepting] = useState<string | null>(null);

  const accept = async (slot: Slot) => {
    setAccepting(slot.start_at);
    try {
      await onAccept(slot);
      onClose();
    } finally {
      setAccepting(null);
    }
  };

  return (
    <Dialog open={refusal !== null} onClose={accepting ? undefined : onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{translate('resources.events.suggestions.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {refusal?.message}
        </Typography>
        {refusal?.conflicts.length ? (
          <>
            <Typography variant="subtitle2">{translate('resources.events.conflicts.with')}</Typography>
            <List dense>
              {refusal.conflicts.map((c) => (
                <ListItem key={c.id}>
                  <ListItemText primary={c.title} secondary={formatSpan(c.start_at, c.end_at)} />
                </ListItem>
              ))}
            </List>
          </>
        ) : null}
        <Typography variant="subtitle2">{translate('resources.events.suggestions.free_slots')}</Typography>
        {refusal?.suggestions.length ? (
          <List dense>
            {refusal.suggestions.map((slot) => (
              <ListItem
                key={slot.start_at}
                secondaryAction={
                  <MuiButton
                    variant="contained"
                    size="small"
                    disabled={accepting !== null}
                    onClick={() => void accept(slot)}
                    startIcon={accepting === slot.start_at ? <CircularProgress size={14} /> : undefined}
                  >
                    {translate('resources.events.suggestions.accept')}
                  </MuiButton>
                }
              >
                <ListItemText primary={formatSpan(slot.start_at, slot.end_at)} />
              </ListItem>
            ))}
          </List>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {translate('resources.events.suggestions.none')}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <MuiButton onClick={onClose} disabled={accepting !== null}>
          {translate('ra.action.cancel')}
        </MuiButton>
      </DialogActions>
    </Dialog>
  );
}
