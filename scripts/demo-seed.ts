// The demo tenant, seeded through Kesher's public HTTP API only (what an integration could do):
// a Galilee logistics company, its agents, three customer companies whose Priority customer
// numbers match the mock Priority server, contacts with portal access, tickets in several SLA
// states, Hebrew and English knowledge-base articles, and the "Stock" and "Containers" datasets
// fed by Priority connectors every 15 minutes.
import { DemoClient } from './demo-client.js';

/** The personal access token the demo's mock Priority accepts (user = token, password PAT). */
export const MOCK_PRIORITY_TOKEN = 'PAT-TOKEN-1234';

export const DEMO = {
  workspace: 'galil',
  orgName: 'גליל לוגיסטיקה',
  owner: { name: 'דנה כהן', email: 'dana@galil.example', password: 'Galil-Demo-2026!' },
  agents: [
    { name: 'יוסי לוי', email: 'yossi@galil.example', role: 'agent' as const },
    { name: 'Maya Adler', email: 'maya@galil.example', role: 'manager' as const },
  ],
  agentPassword: 'Galil-Agent-2026!',
  portalPassword: 'Portal-Demo-2026!',
  customers: [
    {
      priority: '20000',
      name: 'המפרץ הזוהר בע"מ',
      tier: 'gold',
      phone: '04-8123456',
      email: 'ops@hamifratz.example.co.il',
      contact: {
        firstName: 'רונית',
        lastName: 'אברהם',
        email: 'ronit@hamifratz.example.co.il',
        phone: '+972502345678',
        lang: 'he' as const,
      },
    },
    {
      priority: '20001',
      name: 'Galilee Olive Oils Ltd',
      tier: 'standard',
      phone: '+972-4-9981234',
      email: 'logistics@galil-olive.example.com',
      contact: {
        firstName: 'David',
        lastName: 'Stern',
        email: 'david@galil-olive.example.com',
        phone: '+972523456789',
        lang: 'en' as const,
      },
    },
    {
      priority: '20002',
      name: 'יבוא ושיווק נ.ע. בע"מ',
      tier: 'standard',
      phone: '052-3456789',
      email: 'office@na-import.example.co.il',
      contact: {
        firstName: 'נועם',
        lastName: 'עזרא',
        email: 'noam@na-import.example.co.il',
        phone: '+972544567890',
        lang: 'he' as const,
      },
    },
  ],
};

type Id = { id: string };

export type SeedResult = {
  portalUsers: Array<{ company: string; email: string }>;
};

/** True when the demo organization already exists (a second `npm run demo` keeps its data). */
export const demoSeeded = async (baseUrl: string): Promise<boolean> => {
  const owner = new DemoClient(baseUrl);
  try {
    await owner.post('/api/v1/auth/login', {
      workspace: DEMO.workspace,
      email: DEMO.owner.email,
      password: DEMO.owner.password,
    });
    return true;
  } catch {
    return false;
  }
};

const acceptInvite = async (baseUrl: string, inviteUrl: string, password: string, path: string) => {
  const token = new URL(inviteUrl, baseUrl).searchParams.get('token');
  if (!token) throw new Error(`invite link without a token: ${inviteUrl}`);
  const c = new DemoClient(baseUrl);
  await c.post(path, { token, password });
  return c;
};

export const seedDemo = async (baseUrl: string, priorityUrl: string): Promise<SeedResult> => {
  const owner = new DemoClient(baseUrl);
  await owner.post('/api/v1/signup', {
    organization: { name: DEMO.orgName, slug: DEMO.workspace },
    owner: DEMO.owner,
    locale: 'he',
  });

  // Agents join through their invitation links, as they would from the emailed link.
  const agentIds: string[] = [];
  for (const a of DEMO.agents) {
    const inv = await owner.post<{ inviteUrl: string }>('/api/v1/users/invitations', {
      email: a.email,
      name: a.name,
      role: a.role,
    });
    const agent = await acceptInvite(
      baseUrl,
      inv.inviteUrl,
      DEMO.agentPassword,
      '/api/v1/auth/invitations/accept',
    );
    const me = await agent.get<{ user: { id: string } }>('/api/v1/me');
    agentIds.push(me.user.id);
  }
  const team = await owner.post<Id>('/api/v1/teams', {
    name: 'שירות לקוחות',
    assignmentMode: 'round_robin',
    memberIds: agentIds,
  });

  // Business hours with this year's and next year's Israeli holidays; a strict policy for gold customers.
  const calendars = await owner.get<{ items: Array<Id & { isDefault?: boolean }> }>(
    '/api/v1/business-calendars',
  );
  const calendar = calendars.items.find((c) => c.isDefault) ?? calendars.items[0];
  if (calendar) {
    const year = new Date().getFullYear();
    for (const y of [year, year + 1]) {
      await owner.post(`/api/v1/business-calendars/${calendar.id}/holidays/import`, {
        year: y,
        country: 'IL',
      });
    }
  }
  await owner.post('/api/v1/sla-policies', {
    name: 'לקוחות זהב',
    position: 0,
    conditions: { accountTiers: ['gold'] },
    targets: {
      urgent: { firstResponse: 30, resolution: 240 },
      high: { firstResponse: 60, resolution: 480 },
      normal: { firstResponse: 120, resolution: 960 },
      low: { firstResponse: 240, resolution: 1920 },
    },
  });

  const accounts: Array<{ id: string; contactId: string; customer: (typeof DEMO.customers)[number] }> = [];
  for (const c of DEMO.customers) {
    const account = await owner.post<Id>('/api/v1/accounts', {
      name: c.name,
      kind: 'business',
      tier: c.tier,
      phones: [c.phone],
      emails: [c.email],
      externalRefs: { priority: c.priority },
    });
    const contact = await owner.post<Id>('/api/v1/contacts', {
      firstName: c.contact.firstName,
      lastName: c.contact.lastName,
      accountId: account.id,
      emails: [c.contact.email],
      phones: [c.contact.phone],
      preferredLanguage: c.contact.lang,
    });
    accounts.push({ id: account.id, contactId: contact.id, customer: c });
  }

  await seedTickets(owner, accounts, team.id, agentIds);
  await seedKnowledgeBase(owner);
  await seedDatasets(owner, priorityUrl);

  // Portal access: each customer contact accepts its invitation and can sign in at once.
  const portalUsers: SeedResult['portalUsers'] = [];
  for (const a of accounts) {
    const res = await owner.post<{ inviteUrl: string }>(`/api/v1/contacts/${a.contactId}/portal-access`, {
      enabled: true,
      scope: 'account',
      accountId: a.id,
    });
    await acceptInvite(baseUrl, res.inviteUrl, DEMO.portalPassword, '/api/portal/v1/auth/accept-invite');
    portalUsers.push({ company: a.customer.name, email: a.customer.contact.email });
  }
  return { portalUsers };
};

type Ticket = Id & { number: number; version: number };

const seedTickets = async (
  owner: DemoClient,
  accounts: Array<{ id: string; contactId: string; customer: (typeof DEMO.customers)[number] }>,
  teamId: string,
  agentIds: string[],
) => {
  const [bay, olive, na] = accounts;
  if (!bay || !olive || !na) throw new Error('demo customers missing');
  const create = (a: typeof bay, body: Record<string, unknown>) =>
    owner.post<Ticket>('/api/v1/tickets', {
      requesterId: a.contactId,
      accountId: a.id,
      teamId,
      channel: 'email',
      ...body,
    });
  const reply = (t: Ticket, body: string, extra: Record<string, unknown> = {}) =>
    owner.post(`/api/v1/tickets/${t.id}/messages`, { body, visibility: 'public', ...extra });

  // New and urgent: its first-response clock is running against the gold policy.
  await create(bay, {
    subject: 'מכולה MSCU1234565 מעוכבת בנמל חיפה',
    description: 'המכולה הייתה אמורה להשתחרר אתמול. מה הסטטוס?',
    priority: 'urgent',
    category: 'shipping',
  });
  // Answered and waiting for the customer: the clock is paused.
  const pallets = await create(bay, {
    subject: 'חסרים 4 משטחים בספירה',
    description: 'בספירה אצלנו יש 54 משטחים ולא 58.',
    priority: 'normal',
    category: 'stock',
    assigneeId: agentIds[0],
  });
  await reply(pallets, 'בדקנו במחסן W1: 58 משטחים במיקומים Y-00-01. תוכלו לשלוח צילום של תעודת המשלוח?', {
    statusAfter: 'pending_customer',
  });
  // English customer, open and assigned, first response met.
  const oil = await create(olive, {
    subject: 'Delivery slot for 300 cases of olive oil',
    description: 'We need the stock from W2 delivered to Karmiel next Tuesday morning.',
    priority: 'high',
    category: 'delivery',
    assigneeId: agentIds[1],
  });
  await reply(oil, 'We have booked Tuesday 08:00–10:00 for you. The driver will call an hour before.', {
    statusAfter: 'open',
  });
  // Solved: the customer gets a satisfaction survey.
  const invoice = await create(na, {
    subject: 'חשבונית אחסון לחודש אוקטובר',
    description: 'נבקש עותק של החשבונית.',
    priority: 'low',
    category: 'billing',
    assigneeId: agentIds[0],
  });
  await reply(invoice, 'החשבונית נשלחה לכתובת המייל של הנהלת החשבונות.', { statusAfter: 'solved' });
};

const seedKnowledgeBase = async (owner: DemoClient) => {
  const shipping = await owner.post<Id>('/api/v1/kb/categories', {
    nameHe: 'משלוחים ומכולות',
    nameEn: 'Shipping and containers',
    visibility: 'public',
  });
  const stock = await owner.post<Id>('/api/v1/kb/categories', {
    nameHe: 'מלאי ומחסנים',
    nameEn: 'Stock and warehouses',
    visibility: 'public',
  });
  const article = (categoryId: string, visibility: string, he: [string, string], en: [string, string]) =>
    owner.post<Id>('/api/v1/kb/articles', {
      categoryId,
      visibility,
      status: 'published',
      translations: {
        he: { title: he[0], body: he[1], format: 'markdown' },
        en: { title: en[0], body: en[1], format: 'markdown' },
      },
    });
  await article(
    shipping.id,
    'public',
    [
      'איך עוקבים אחרי מכולה?',
      'בפורטל, בטבלת **מכולות**, מופיע כל משלוח עם מספר המכולה, הסטטוס ותאריך ההפצה.\n\n1. היכנסו לפורטל\n2. בחרו *מכולות*\n3. חפשו לפי מספר מכולה',
    ],
    [
      'How do I track a container?',
      'In the portal, the **Containers** table lists every shipment with its container number, status and delivery date.\n\n1. Sign in\n2. Open *Containers*\n3. Search by container number',
    ],
  );
  await article(
    shipping.id,
    'portal',
    [
      'מכולה מעוכבת בנמל — מה עושים?',
      'עיכוב בשחרור מהמכס נמשך בדרך כלל 1–3 ימי עבודה. אם עברו יותר, פתחו פנייה עם מספר המכולה ונבדוק מול סוכן המכס.',
    ],
    [
      'My container is held at the port — what now?',
      'Customs release usually takes 1–3 business days. If it has been longer, open a ticket with the container number and we will check with the customs broker.',
    ],
  );
  await article(
    stock.id,
    'portal',
    [
      'מתי מתעדכן המלאי בפורטל?',
      'המלאי מסונכרן מ-Priority כל 15 דקות. בראש כל טבלה כתוב מתי עודכנה לאחרונה.',
    ],
    [
      'How often is the stock updated?',
      'Stock is synced from Priority every 15 minutes. Each table shows when it was last updated.',
    ],
  );
};

const seedDatasets = async (owner: DemoClient, priorityUrl: string) => {
  const stock = await owner.post<Id>('/api/v1/datasets', {
    key: 'stock',
    labelHe: 'מלאי',
    labelEn: 'Stock',
    fields: [
      { key: 'part', type: 'text', labelHe: 'מק"ט', labelEn: 'Part', shown: true, filterable: true },
      {
        key: 'description',
        type: 'text',
        labelHe: 'תיאור',
        labelEn: 'Description',
        shown: true,
        filterable: false,
      },
      { key: 'family', type: 'status', labelHe: 'משפחה', labelEn: 'Family', shown: true, filterable: true },
      {
        key: 'warehouse',
        type: 'status',
        labelHe: 'מחסן',
        labelEn: 'Warehouse',
        shown: true,
        filterable: true,
      },
      {
        key: 'location',
        type: 'text',
        labelHe: 'מיקום',
        labelEn: 'Location',
        shown: true,
        filterable: false,
      },
      { key: 'balance', type: 'number', labelHe: 'יתרה', labelEn: 'Balance', shown: true, filterable: false },
      {
        key: 'customer',
        type: 'text',
        labelHe: 'לקוח',
        labelEn: 'Customer',
        shown: false,
        filterable: false,
      },
    ],
    recordKey: ['part', 'warehouse', 'location'],
    ownerField: 'customer',
    ownerRefSystem: 'priority',
    defaultSort: 'part',
  });
  const containers = await owner.post<Id>('/api/v1/datasets', {
    key: 'containers',
    labelHe: 'מכולות',
    labelEn: 'Containers',
    fields: [
      { key: 'docno', type: 'text', labelHe: 'תעודה', labelEn: 'Document', shown: true, filterable: false },
      { key: 'type', type: 'text', labelHe: 'סוג', labelEn: 'Type', shown: false, filterable: false },
      {
        key: 'container',
        type: 'text',
        labelHe: 'מכולה',
        labelEn: 'Container',
        shown: true,
        filterable: false,
      },
      { key: 'status', type: 'status', labelHe: 'סטטוס', labelEn: 'Status', shown: true, filterable: true },
      { key: 'date', type: 'datetime', labelHe: 'תאריך', labelEn: 'Date', shown: true, filterable: false },
      {
        key: 'deliveryDate',
        type: 'datetime',
        labelHe: 'הפצה',
        labelEn: 'Delivery',
        shown: true,
        filterable: false,
      },
      {
        key: 'customer',
        type: 'text',
        labelHe: 'לקוח',
        labelEn: 'Customer',
        shown: false,
        filterable: false,
      },
    ],
    recordKey: ['docno', 'type'],
    ownerField: 'customer',
    ownerRefSystem: 'priority',
    defaultSort: 'date',
  });
  // Both datasets are fed by Priority connectors: stock is LOGPART × its PARTBALANCE sub-form (one
  // record per part, warehouse and location, owned by the balance row's customer); containers are
  // DOCUMENTS_D shipments. The first runs start now; then every 15 minutes.
  const serviceRoot = `${priorityUrl}/odata/Priority/tabula.ini/galil/`;
  const credentials = { kind: 'pat', token: MOCK_PRIORITY_TOKEN };
  const map = (pairs: Array<[string, string, string?]>) =>
    pairs.map(([source, target, transform]) => ({ source, target, transform: transform ?? 'none' }));
  const stockSync = await owner.post<Id>('/api/v1/connectors', {
    name: 'Priority — מלאי',
    kind: 'priority',
    datasetId: stock.id,
    intervalMinutes: 15,
    config: {
      serviceRoot,
      entity: 'LOGPART',
      select: ['PARTNAME', 'PARTDES', 'FAMILYNAME'],
      expand: { subform: 'PARTBALANCE_SUBFORM', select: ['WARHSNAME', 'LOCNAME', 'TBALANCE', 'CUSTNAME'] },
    },
    credentials,
    mapping: map([
      ['PARTNAME', 'part'],
      ['PARTDES', 'description'],
      ['FAMILYNAME', 'family'],
      ['WARHSNAME', 'warehouse'],
      ['LOCNAME', 'location'],
      ['TBALANCE', 'balance', 'number'],
      ['CUSTNAME', 'customer'],
    ]),
  });
  const containerSync = await owner.post<Id>('/api/v1/connectors', {
    name: 'Priority — מכולות',
    kind: 'priority',
    datasetId: containers.id,
    intervalMinutes: 15,
    config: {
      serviceRoot,
      entity: 'DOCUMENTS_D',
      select: ['DOCNO', 'TYPE', 'CUSTNAME', 'STATDES', 'REFERENCE', 'CURDATE', 'DISTRDATE'],
    },
    credentials,
    mapping: map([
      ['DOCNO', 'docno'],
      ['TYPE', 'type'],
      ['REFERENCE', 'container'],
      ['STATDES', 'status'],
      ['CURDATE', 'date'],
      ['DISTRDATE', 'deliveryDate'],
      ['CUSTNAME', 'customer'],
    ]),
  });
  for (const c of [stockSync, containerSync]) {
    await owner.post(`/api/v1/connectors/${c.id}/run`, { mode: 'full' });
  }
};
