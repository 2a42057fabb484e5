import { useEffect, useState } from 'react';
import type { Problem } from '../api.ts';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { FormField } from '../ui/form.tsx';
import { enrolKey, storedKey } from './LoginSession.ts';

/**
 * A signing key made in this browser (WebCrypto, non-extractable, kept in IndexedDB) and
 * registered with the password: what signs hand-offs and votes on a device without a passkey.
 * Once this browser holds one, the form says so instead.
 */
export function BrowserKeyForm({ onDone }: { onDone: (p: Problem | null) => void }) {
  const { t } = useI18n();
  const me = useSession().me ?? null;
  const [password, setPassword] = useState('');
  const [held, setHeld] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (me === null) return;
    void storedKey(me.id).then((k) => {
      setHeld(k !== undefined);
    });
  }, [me]);
  if (me === null || held === undefined) return null;
  if (held) {
    return (
      <p className="muted" data-browser-key="held">
        {t('browserKey.held')}
      </p>
    );
  }
  return (
    <form
      className="card"
      data-form="browser-key"
      onSubmit={(e) => {
        e.preventDefault();
        void enrolKey(me.id, password).then((r) => {
          setPassword('');
          if (r.ok) setHeld(true);
          onDone(r.ok ? null : r.problem);
        });
      }}
    >
      <h2>{t('browserKey.title')}</h2>
      <p className="muted">{t('browserKey.help')}</p>
      <FormField
        label={t('login.password')}
        name="key-password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <button type="submit">{t('browserKey.create')}</button>
    </form>
  );
}
