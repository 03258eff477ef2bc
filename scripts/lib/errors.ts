/** A missing prerequisite or a conflict the user can fix: printed as one line, no stack trace. */
export class PrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}
