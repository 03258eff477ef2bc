// Form and workbench side by side on wide screens, stacked on narrow ones.
import { Box } from '@mui/material';
import { TemplateFields } from './TemplateFields.tsx';
import { TemplateWorkbench } from './TemplateWorkbench.tsx';

export function TemplateLayout() {
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 3fr) minmax(0, 2fr)' },
        gap: 3,
        width: '100%',
        alignItems: 'start',
      }}
    >
      <TemplateFields />
      <TemplateWorkbench />
    </Box>
  );
}
