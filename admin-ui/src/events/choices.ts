// Choices of the event selects (labels are i18n keys).
export const STATUS_CHOICES = [
  { id: 'scheduled', name: 'resources.events.status.scheduled' },
  { id: 'completed', name: 'resources.events.status.completed' },
  { id: 'cancelled', name: 'resources.events.status.cancelled' },
];

export const MODE_CHOICES = [
  { id: 'free', name: 'resources.events.modes.free' },
  { id: 'auto_plan', name: 'resources.events.modes.auto_plan' },
];

export const LINK_TYPE_CHOICES = [
  { id: 'related', name: 'resources.events.links.types.related' },
  { id: 'depends_on', name: 'resources.events.links.types.depends_on' },
  { id: 'follows', name: 'resources.events.links.types.follows' },
  { id: 'replaces', name: 'resources.events.links.types.replaces' },
];
