// Auth failures carry a GoTrue error code and a sentence a person understands.
export class AuthError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export const invalidCredentials = () => new AuthError(400, "invalid_credentials", "Wrong email or password.");
export const notSignedIn = () =>
  new AuthError(401, "no_authorization", "You are not signed in, or your session ended. Please sign in again.");
