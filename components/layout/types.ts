// Shapes the layouts take from the session; kept apart so routes can import them cheaply.

export interface ShellUser {
  /** The signed-in user's id (the live notification bell joins user:<id>). */
  id?: string;
  name: string;
  email: string;
}

export interface ShellTeam {
  id: string;
  name: string;
  role: string;
}

/** "owner" -> "Owner" for display. */
export function roleLabel(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
