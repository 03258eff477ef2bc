// What the API answers when an event placement collides. Free mode writes and lists the
// overlaps in `conflicts[]`; auto_plan refuses with 409 whose problem carries `conflicts` and
// `suggestions` (free slots). The console turns both into something the user can act on.

export type Slot = { start_at: string; end_at: string };

export type EventConflict = {
  id: string;
  title: string;
  calendar_id: string;
  start_at: string;
  end_at: string;
  attendees: string[];
  overlap: { start_at: string; end_at: string; minutes: number };
};

export type PlacementRefusal = { message: string; conflicts: EventConflict[]; suggestions: Slot[] };

type ErrorLike = { status?: unknown; message?: unknown; body?: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The auto_plan refusal inside an HttpError (409 with suggestions), or null for any other error. */
export function placementRefusal(error: unknown): PlacementRefusal | null {
  if (!isObject(error)) return null;
  const { status, message, body } = error as ErrorLike;
  if (status !== 409 || !isObject(body) || !Array.isArray(body.suggestions)) return null;
  return {
    message: typeof body.message === 'string' ? body.message : String(message ?? ''),
    conflicts: Array.isArray(body.conflicts) ? (body.conflicts as EventConflict[]) : [],
    suggestions: body.suggestions as Slot[],
  };
}

/** The free-mode overlaps a write answered with (none when the answer has no list). */
export function writeConflicts(answer: unknown): EventConflict[] {
  return isObject(answer) && Array.isArray(answer.conflicts) ? (answer.conflicts as EventConflict[]) : [];
}
