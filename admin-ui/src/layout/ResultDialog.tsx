// The dialog of an action that runs on the server and then shows its result (verify a
// backup, verify the audit chain…): a progress bar with what is happening while it runs, the
// result afterwards, and a close button that waits for the run to finish.
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Typography } from '@mui/material';
import { useId, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';

type Props = {
  open: boolean;
  running: boolean;
  onClose: () => void;
  /** i18n keys of the title and of the "in progress" text. */
  title: string;
  runningText: string;
  /** The result, shown once the run has finished. */
  children?: ReactNode;
};

export function ResultDialog({ open, running, onClose, title, runningText, children }: Props) {
  const translate = useTranslate();
  const titleId = useId();
  return (
    <Dialog open={open} onClose={() => !running && onClose()} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{translate(title)}</DialogTitle>
      <DialogContent>
        {running ? (
          <>
            <Typography sx={{ mb: 1 }}>{translate(runningText)}</Typography>
            <LinearProgress />
          </>
        ) : null}
        {children}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={running}>
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
