// Command statuses: their chip colours and which operator actions the API accepts in each
// (POST /commands/{id}/resend, /manual-complete, /manual-fail), so the page only offers
// buttons that can succeed.
export const COMMAND_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
export type OperatorAction = 'resend' | 'complete' | 'fail';

export const STATUS_COLOUR: Record<CommandStatus, 'info' | 'warning' | 'success' | 'error'> = {
  PENDING: 'info',
  PROCESSING: 'warning',
  COMPLETED: 'success',
  FAILED: 'error',
};

const ALLOWED: Record<OperatorAction, readonly CommandStatus[]> = {
  resend: ['COMPLETED', 'FAILED'],
  complete: ['PENDING', 'PROCESSING', 'FAILED'],
  fail: ['PENDING', 'PROCESSING'],
};

export function operatorActions(status: string | undefined): OperatorAction[] {
  return (Object.keys(ALLOWED) as OperatorAction[]).filter((action) =>
    (ALLOWED[action] as readonly string[]).includes(status ?? ''),
  );
}

/** The API path of an operator action. */
export function operatorPath(id: string, action: OperatorAction): string {
  return `commands/${id}/${action === 'resend' ? 'resend' : `manual-${action}`}`;
}
