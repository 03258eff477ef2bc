import { Box } from '@mui/material';
import { Title } from 'react-admin';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';

export function AccountPage() {
  return (
    <Box sx={{ maxWidth: 900, mt: 2 }}>
      <Title title="chronos.account.title" />
      <ChangePasswordCard />
      <SessionsCard />
    </Box>
  );
}
