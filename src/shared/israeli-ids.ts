/**
 * Israeli ID (ת.ז.) and company numbers (ח.פ. / ע.מ.) share one check-digit scheme: 9 digits,
 * weights 1,2,1,2…, digits of each product summed, total divisible by 10. Shorter numbers are
 * left-padded with zeros (old IDs have 8 digits).
 */
export const normaliseIsraeliId = (input: string): string => input.replace(/[\s\-./]/g, '');

export const isValidIsraeliId = (input: string): boolean => {
  const digits = normaliseIsraeliId(input);
  if (!/^\d{5,9}$/.test(digits)) return false;
  const padded = digits.padStart(9, '0');
  if (padded === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const n = Number(padded[i]) * ((i % 2) + 1);
    sum += n > 9 ? n - 9 : n;
  }
  return sum % 10 === 0;
};
