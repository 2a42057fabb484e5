/** The demo accounts printed at start; the governance domain creates them in the demo. */
export interface DemoLogin {
  readonly username: string;
  readonly role: string;
  readonly password: string;
}

/** For the demo only: every demo login shares this password. Never use it for a real deployment. */
export const DEMO_PASSWORD = 'kazna-demo-only';

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { username: 'officer', role: 'enforcement_officer', password: DEMO_PASSWORD },
  { username: 'registrar', role: 'court_registrar', password: DEMO_PASSWORD },
  { username: 'custody', role: 'custody_officer', password: DEMO_PASSWORD },
  { username: 'investment', role: 'investment_officer', password: DEMO_PASSWORD },
  { username: 'committee', role: 'investment_committee', password: DEMO_PASSWORD },
  { username: 'committee2', role: 'investment_committee', password: DEMO_PASSWORD },
  { username: 'risk', role: 'risk_officer', password: DEMO_PASSWORD },
  { username: 'compliance', role: 'compliance_officer', password: DEMO_PASSWORD },
  { username: 'compliance2', role: 'compliance_officer', password: DEMO_PASSWORD },
  { username: 'auditor', role: 'auditor', password: DEMO_PASSWORD },
  { username: 'admin', role: 'administrator', password: DEMO_PASSWORD },
  { username: 'admin2', role: 'administrator', password: DEMO_PASSWORD },
];
