import { assetAmount, wholeAmount } from '../console/money.ts';
import { useI18n } from '../portal/i18n.ts';

/**
 * An amount as people read it, in the console's language: base units in the asset's own units with
 * its symbol, exactly (never through a float); the base units stay on hover for whoever checks.
 */
export function Money(p: { baseUnits: string; asset: string }) {
  const { locale } = useI18n();
  return (
    <span className="money" title={`${p.baseUnits} base units`}>
      {assetAmount(locale, p.baseUnits, p.asset)}
    </span>
  );
}

/** An amount already in whole units (a decimal string), with the asset's symbol. */
export function WholeMoney(p: { whole: string; asset: string }) {
  const { locale } = useI18n();
  return <span className="money">{wholeAmount(locale, p.whole, p.asset)}</span>;
}
