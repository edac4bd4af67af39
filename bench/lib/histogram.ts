// A fixed-size, log-linear latency histogram in the spirit of HdrHistogram: values (microseconds)
// below 256 have their own bucket; above that each power of two is split into 128 buckets, so a
// bucket is at most 1/128 of its value wide (percentiles within ±0.4% of the true value) and the
// whole range up to 2^32 µs (71 minutes) fits in 3,328 counters — memory stays bounded however
// long or fast a run is.

const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;
const MAX_VALUE_US = 0xffff_ffff;

/** Number of counters a histogram needs. */
export const HISTOGRAM_BUCKETS = (32 - SUB_BITS + 1) * SUB;

export const bucketOf = (valueUs: number): number => {
  const v = Math.min(Math.max(Math.round(valueUs), 0), MAX_VALUE_US);
  if (v < 2 * SUB) return v;
  const shift = 31 - Math.clz32(v) - SUB_BITS;
  return (shift + 1) * SUB + ((v >>> shift) - SUB);
};

/** The middle of a bucket's value range, in microseconds. */
export const bucketMidpointUs = (index: number): number => {
  if (index < 2 * SUB) return index;
  const shift = Math.floor(index / SUB) - 1;
  const mantissa = (index % SUB) + SUB;
  const low = mantissa * 2 ** shift;
  return low + (2 ** shift - 1) / 2;
};

export type LatencySummary = {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
};

/** Percentile (0–100] of the recorded values, in microseconds; 0 when nothing was recorded. */
export const percentileUs = (counts: Uint32Array, total: number, p: number): number => {
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return bucketMidpointUs(i);
  }
  return bucketMidpointUs(counts.length - 1);
};

export const summarize = (
  counts: Uint32Array,
  exact: { count: number; minUs: number; maxUs: number; sumUs: number },
): LatencySummary => {
  const ms = (us: number) => us / 1000;
  // Clamp the bucket estimates into the exact range so p99 never prints above max.
  const at = (p: number) =>
    ms(Math.min(Math.max(percentileUs(counts, exact.count, p), exact.minUs), exact.maxUs));
  return {
    count: exact.count,
    minMs: exact.count ? ms(exact.minUs) : 0,
    meanMs: exact.count ? ms(exact.sumUs / exact.count) : 0,
    p50Ms: at(50),
    p90Ms: at(90),
    p95Ms: at(95),
    p99Ms: at(99),
    p999Ms: at(99.9),
    maxMs: exact.count ? ms(exact.maxUs) : 0,
  };
};
