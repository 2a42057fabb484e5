import { PublicAddressesJson } from '../../../../src/transparency/public/answers.ts';
import { useApi } from '../../useApi.ts';
import { decimal } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Empty, Loading, ProblemNote, Section } from './common.tsx';

/** The addresses the publication policy makes public, with each lot's balance as booked. */
export function Addresses() {
  const { t, locale } = useI18n();
  const { data, problem } = useApi('/public/addresses', PublicAddressesJson);
  return (
    <Section title="addr.title">
      <p>{t('addr.lead')}</p>
      {problem !== null ? (
        <ProblemNote problem={problem} />
      ) : data === null ? (
        <Loading />
      ) : data.lots.length === 0 ? (
        <Empty text="addr.empty" />
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('addr.address')}</th>
                <th scope="col">{t('addr.chain')}</th>
                <th scope="col" className="num">
                  {t('addr.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.lots.flatMap((l, i) =>
                l.addresses.map((a) => (
                  <tr key={`${String(i)}-${a}`}>
                    <td className="mono">{a}</td>
                    <td>{l.chain}</td>
                    <td className="num">{`${decimal(locale, l.balance)} ${l.asset}`}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <p className="muted small">{t('addr.check')}</p>
        </>
      )}
    </Section>
  );
}
