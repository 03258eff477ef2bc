// Field errors of a failed API call (problem+json `errors`, keyed by field path), in the shape
// a react-admin form's onSubmit returns to show them under the inputs; undefined when the
// error carries none (then it is a notification instead).
export function submissionErrors(error: unknown): Record<string, string> | undefined {
  const body = (error as { body?: { errors?: unknown } } | null)?.body;
  const errors = body?.errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return undefined;
  const entries = Object.entries(errors).filter(([, message]) => typeof message === 'string');
  return entries.length ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}
