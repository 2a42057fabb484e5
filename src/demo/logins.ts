/** The demo accounts printed at start; the governance domain creates them in the demo. */
export interface DemoLogin {
  readonly username: string;
  readonly role: string;
  readonly password: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [];
