// Incident severities, mildest first (the API sorts them in this order too), and the chip
// colour each one gets.
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_CHOICES = SEVERITIES.map((id) => ({ id, name: `resources.security-incidents.severities.${id}` }));

export const SEVERITY_COLORS: Record<Severity, 'default' | 'info' | 'warning' | 'error'> = {
  low: 'default',
  medium: 'info',
  high: 'warning',
  critical: 'error',
};
