/** An error the user can cause and fix: it carries a Spanish message and never shows a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
