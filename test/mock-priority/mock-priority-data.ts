import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Copies of the sample payloads of data/priority (service root, customers, LOGPART, shipments). */
export const SAMPLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'samples');

/** One entity of the mock: its fields (for $metadata), its rows, and its sub-forms' fields. */
export type MockEntity = {
  fields: string[];
  subforms: Record<string, string[]>;
  rows: Array<Record<string, unknown>>;
};

export type MockData = Record<string, MockEntity>;

export type GenerateOpts = {
  customers?: number;
  parts?: number;
  balancesPerPart?: number;
  shipments?: number;
};

const CUSTOMER_FIELDS = ['CUSTNAME', 'CUSTDES', 'PHONE', 'FAX', 'EMAIL', 'ADDRESS', 'STATE', 'UDATE'];
const PART_FIELDS = ['PARTNAME', 'PARTDES', 'FAMILYNAME', 'UDATE'];
const BALANCE_FIELDS = ['WARHSNAME', 'LOCNAME', 'TBALANCE', 'CUSTNAME'];
const DOC_FIELDS = [
  'DOCNO',
  'TYPE',
  'CUSTNAME',
  'CDES',
  'CURDATE',
  'STATDES',
  'REFERENCE',
  'DISTRDATE',
  'UDATE',
];

/**
 * An Israel-time timestamp as Priority writes it: +03:00 from the last Friday of March to the last
 * Sunday of October (summer time), +02:00 otherwise. Month granularity is close enough for a mock.
 */
export const israelTime = (utc: Date): string => {
  const m = utc.getUTCMonth(); // 0-based
  const offsetH = m >= 3 && m <= 9 ? 3 : 2;
  const local = new Date(utc.getTime() + offsetH * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+0${offsetH}:00`;
};

const BASE = Date.UTC(2026, 0, 5, 8, 0, 0);
const FAMILIES = ['FOOD', 'PACK', 'CHEM', 'TEXT'];
const STATES = ['חיפה', 'עכו', 'Karmiel', 'נצרת'];

/** Deterministic customers, parts with per-warehouse balances, and shipments. */
export const generateData = (o: GenerateOpts = {}): MockData => {
  const nCust = o.customers ?? 20;
  const nParts = o.parts ?? 30;
  const perPart = o.balancesPerPart ?? 2;
  const nDocs = o.shipments ?? 40;
  const custName = (i: number) => String(20000 + (i % Math.max(nCust, 1)));
  // Spread updates over the year so both +02:00 and +03:00 appear.
  const udate = (i: number) => israelTime(new Date(BASE + (i % 300) * 86_400_000 + i * 1000));
  return {
    CUSTOMERS: {
      fields: CUSTOMER_FIELDS,
      subforms: {},
      rows: Array.from({ length: nCust }, (_, i) => ({
        CUSTNAME: custName(i),
        CUSTDES: i % 2 ? `Customer ${i} Ltd` : `לקוח ${i} בע"מ`,
        PHONE: `04-81${String(10000 + i).slice(-5)}`,
        FAX: null,
        EMAIL: `ops${i}@example.co.il`,
        ADDRESS: `רחוב ${i}`,
        STATE: STATES[i % STATES.length],
        UDATE: udate(i),
      })),
    },
    LOGPART: {
      fields: PART_FIELDS,
      subforms: { PARTBALANCE_SUBFORM: BALANCE_FIELDS },
      rows: Array.from({ length: nParts }, (_, i) => ({
        PARTNAME: `P-${String(i).padStart(6, '0')}`,
        PARTDES: i % 3 ? `Part ${i}` : `פריט ${i}`,
        FAMILYNAME: FAMILIES[i % FAMILIES.length],
        UDATE: udate(i),
        PARTBALANCE_SUBFORM: Array.from({ length: perPart }, (_, w) => ({
          WARHSNAME: `W${w + 1}`,
          LOCNAME: `A-${String(i % 100).padStart(2, '0')}-${w}`,
          TBALANCE: (i * 37 + w * 11) % 2000,
          CUSTNAME: custName(i + w),
        })),
      })),
    },
    DOCUMENTS_D: {
      fields: DOC_FIELDS,
      subforms: {},
      rows: Array.from({ length: nDocs }, (_, i) => ({
        DOCNO: `SH26${String(i).padStart(6, '0')}`,
        TYPE: 'D',
        CUSTNAME: custName(i),
        CDES: `לקוח ${i % Math.max(nCust, 1)}`,
        CURDATE: israelTime(new Date(BASE + i * 86_400_000)),
        STATDES: i % 2 ? 'בדרך' : 'סופית',
        REFERENCE: `MSCU${String(1000000 + i)}`,
        DISTRDATE: israelTime(new Date(BASE + (i + 3) * 86_400_000)),
        UDATE: udate(i),
      })),
    },
  };
};

/** The sample payloads in data/priority, as the mock's data. */
export const sampleData = (dir: string): MockData => {
  const read = (f: string) =>
    (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { value: Array<Record<string, unknown>> }).value;
  const withUdate = (rows: Array<Record<string, unknown>>) =>
    rows.map((r, i) => ({ UDATE: israelTime(new Date(BASE + i * 86_400_000)), ...r }));
  return {
    CUSTOMERS: { fields: CUSTOMER_FIELDS, subforms: {}, rows: withUdate(read('customers.json')) },
    LOGPART: {
      fields: PART_FIELDS,
      subforms: { PARTBALANCE_SUBFORM: BALANCE_FIELDS },
      rows: withUdate(read('logpart-balances.json')),
    },
    DOCUMENTS_D: { fields: DOC_FIELDS, subforms: {}, rows: read('documents-d.json') },
  };
};
