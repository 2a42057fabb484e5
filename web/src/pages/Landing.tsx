import { navigate } from '../router.ts';

const STEPS: readonly (readonly [string, string])[] = [
  [
    'Seize',
    'Enforcement agencies record each seized lot with its addresses, evidence and custodian.',
  ],
  [
    'Forfeit',
    'A court order moves a lot to forfeited; nothing moves towards the reserve before that.',
  ],
  [
    'Approve',
    'Disposals need a quorum of named approvers under a versioned policy. No one approves their own request.',
  ],
  [
    'Invest',
    'The reserve holds gold and FX, and gets crypto exposure through external managers with mandates and limits.',
  ],
  ['Publish', 'Signed reports and proofs of reserves, checkable offline by anyone.'],
];

export default function Landing() {
  return (
    <div className="landing">
      <section className="hero">
        <h1>Kazna</h1>
        <p className="lead">
          Seized cryptocurrency, turned into a governed, audited and transparent national reserve.
          Every state change is evidence in a tamper-evident log, every movement needs a quorum, and
          every published number can be verified offline.
        </p>
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              navigate('/transparency');
            }}
          >
            See the reserve
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              navigate('/login');
            }}
          >
            Officials: sign in
          </button>
        </div>
      </section>
      <ol className="steps">
        {STEPS.map(([title, text]) => (
          <li key={title}>
            <strong>{title}</strong>
            <span>{text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
