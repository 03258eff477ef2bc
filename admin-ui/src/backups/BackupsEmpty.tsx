// The empty backup list: what backups are for, and the "back up now" button right there
// (react-admin's empty page replaces the list toolbar, where the button usually is).
import { Box } from '@mui/material';
import { EmptyState } from '../layout/EmptyState.tsx';
import { BackUpNowButton } from './BackUpNowButton.tsx';

export function BackupsEmpty() {
  return (
    <Box sx={{ textAlign: 'center' }}>
      <EmptyState resource="backups" />
      <BackUpNowButton />
    </Box>
  );
}
