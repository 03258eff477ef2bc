// Fixed values of the health API (severity, healing action status) as react-admin choices.
export const SEVERITY_CHOICES = ['info', 'warning', 'critical'].map((id) => ({
  id,
  name: `resources.health-events.severities.${id}`,
}));

export const HEALING_STATUS_CHOICES = ['pending', 'running', 'succeeded', 'failed', 'skipped'].map((id) => ({
  id,
  name: `resources.healing-actions.statuses.${id}`,
}));
