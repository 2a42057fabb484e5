import { useState } from 'react';
import { shortId } from '../console/names.tsx';
import { useI18n } from '../portal/i18n.ts';

export { OrganisationName, OwnerName, PersonName, ShortId } from '../console/names.tsx';

/**
 * A thing by its name (a manager, an account, a lot), with its id on hover and a button that copies
 * it: people read names, and whoever files a query needs the exact id. Without a name the id is
 * shown shortened, never whole in the text.
 */
export function EntityLabel(p: { id: string; name?: string | null }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const shown = p.name === undefined || p.name === null || p.name === '' ? shortId(p.id) : p.name;
  return (
    <span className="entity" title={p.id} data-id={p.id}>
      {shown}
      <button
        type="button"
        className="copy-id"
        aria-label={copied ? t('entity.copied') : t('entity.copy')}
        title={copied ? t('entity.copied') : t('entity.copy')}
        onClick={() => {
          void navigator.clipboard.writeText(p.id).then(() => {
            setCopied(true);
          });
        }}
      >
        {copied ? '✓' : '⧉'}
      </button>
    </span>
  );
}
