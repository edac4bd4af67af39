import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { intlTag, toLocale } from '../../../ui/locale';

// Money travels as decimal strings ("12500.00"). Sums are kept in integer agorot (cents) so an
// optimistic board update never drifts through floating point.
export const toCents = (amount: string): bigint => {
  const [whole = '0', frac = ''] = amount.trim().split('.');
  const negative = whole.startsWith('-');
  const cents = BigInt(whole.replace('-', '') || '0') * 100n + BigInt(`${frac}00`.slice(0, 2));
  return negative ? -cents : cents;
};

export const fromCents = (cents: bigint): string => {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

export interface MoneySum {
  currency: string;
  amount: string;
}

/** Adds (or with sign -1, subtracts) an amount to a per-currency list, dropping sums that reach zero. */
export const addToSums = (
  sums: readonly MoneySum[],
  currency: string,
  amount: string | null,
  sign: 1 | -1,
): MoneySum[] => {
  if (amount === null) return [...sums];
  const delta = toCents(amount) * BigInt(sign);
  const found = sums.some((sum) => sum.currency === currency);
  const next = found
    ? sums.map((sum) =>
        sum.currency === currency ? { currency, amount: fromCents(toCents(sum.amount) + delta) } : sum,
      )
    : [...sums, { currency, amount: fromCents(delta) }];
  return next.filter((sum) => toCents(sum.amount) !== 0n);
};

/** Formats money in the UI language: "‏12,500 ‏₪" / "₪12,500"; decimals only when there are any. */
export const useMoney = () => {
  const { i18n } = useTranslation();
  const tag = intlTag(toLocale(i18n.language));
  return useMemo(() => {
    const cache = new Map<string, Intl.NumberFormat>();
    const formatter = (currency: string, compact: boolean) => {
      const key = `${currency}|${compact}`;
      let f = cache.get(key);
      if (!f) {
        try {
          f = new Intl.NumberFormat(tag, {
            style: 'currency',
            currency,
            ...(compact
              ? { notation: 'compact', maximumFractionDigits: 1 }
              : { trailingZeroDisplay: 'stripIfInteger' }),
          });
        } catch {
          f = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
        }
        cache.set(key, f);
      }
      return f;
    };
    return {
      format: (amount: string | number, currency = 'ILS') =>
        formatter(currency, false).format(Number(amount)),
      compact: (amount: string | number, currency = 'ILS') =>
        formatter(currency, true).format(Number(amount)),
    };
  }, [tag]);
};

/** Currencies offered in the deal forms (any ISO code is accepted by the server). */
export const CURRENCIES = ['ILS', 'USD', 'EUR', 'GBP'] as const;

/** Select options "ILS · שקל חדש", named by Intl in the UI language; `current` is kept if unusual. */
export const useCurrencyOptions = () => {
  const { i18n } = useTranslation();
  const tag = intlTag(toLocale(i18n.language));
  return useMemo(() => {
    const names = new Intl.DisplayNames(tag, { type: 'currency' });
    return (current?: string) =>
      [...new Set([...CURRENCIES, ...(current ? [current] : [])])].map((code) => ({
        value: code,
        label: `${code} · ${names.of(code) ?? code}`,
      }));
  }, [tag]);
};
