export const CALENDAR_MODE_CHOICES = [
  { id: 'free', name: 'resources.events.modes.free' },
  { id: 'auto_plan', name: 'resources.events.modes.auto_plan' },
];

/** IANA zones the browser knows (the API accepts the same list, plus UTC and aliases). */
export const TIME_ZONE_CHOICES = ['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => ({
  id: zone,
  name: zone,
}));
