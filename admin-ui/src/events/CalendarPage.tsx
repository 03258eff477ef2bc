// The calendar view of events (week and month). FullCalendar is heavy, so it loads lazily in
// its own chunk; this page is all the main bundle carries.
import { Card, CardContent, LinearProgress } from '@mui/material';
import { Suspense, lazy } from 'react';
import { Title, TopToolbar, CreateButton, Button } from 'react-admin';
import { Link } from 'react-router-dom';
import ListIcon from '@mui/icons-material/List';

const EventCalendar = lazy(() => import('./EventCalendar.tsx'));

export function CalendarPage() {
  return (
    <>
      <Title title="resources.events.calendar.title" />
      <TopToolbar>
        <Button component={Link} to="/events" label="resources.events.calendar.list">
          <ListIcon />
        </Button>
        <CreateButton resource="events" />
      </TopToolbar>
      <Card>
        <CardContent>
          <Suspense fallback={<LinearProgress />}>
            <EventCalendar />
          </Suspense>
        </CardContent>
      </Card>
    </>
  );
}
