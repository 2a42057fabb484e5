import { useI18n, type Key } from '../i18n.ts';
import { WithCode } from '../../ui/common.tsx';
import { Section } from './common.tsx';

/** Every dataset on the portal, in CSV and JSON, straight from the public API. */
const DATASETS = [
  'allocation',
  'value-series',
  'enforcement',
  'flows',
  'addresses',
  'verification',
];

export function Downloads() {
  const { t } = useI18n();
  return (
    <Section title="dl.title">
      <p>{t('dl.lead')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('dl.dataset')}</th>
            <th scope="col">CSV</th>
            <th scope="col">JSON</th>
          </tr>
        </thead>
        <tbody>
          {DATASETS.map((d) => (
            <tr key={d}>
              <td>{t(`ds.${d}` as Key)}</td>
              <td>
                <a href={`/api/v1/public/${d}?format=csv`} download={`kazna-${d}.csv`}>
                  <code>{`kazna-${d}.csv`}</code>
                </a>
              </td>
              <td>
                <a href={`/api/v1/public/${d}`} download={`kazna-${d}.json`}>
                  <code>{`kazna-${d}.json`}</code>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        <WithCode text={t('dl.api')} code="/api/v1/public" />
      </p>
    </Section>
  );
}
