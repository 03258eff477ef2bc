// What an empty list says: what the resource is for and what to do next
// (`resources.<name>.empty`), with the create button when the user may create.
import InboxIcon from '@mui/icons-material/Inbox';
import { Box, Typography } from '@mui/material';
import { CreateButton, useCanAccess, useResourceDefinition, useTranslate } from 'react-admin';

export function EmptyState({ resource }: { resource: string }) {
  const translate = useTranslate();
  const { hasCreate } = useResourceDefinition({ resource });
  const { canAccess } = useCanAccess({ action: 'create', resource });
  return (
    <Box sx={{ textAlign: 'center', m: 4 }} data-testid="empty-state">
      <InboxIcon sx={{ fontSize: 64, color: 'text.disabled' }} />
      <Typography variant="h6" color="text.secondary" sx={{ my: 1 }}>
        {translate(`resources.${resource}.empty`)}
      </Typography>
      {hasCreate && canAccess ? <CreateButton resource={resource} /> : null}
    </Box>
  );
}
