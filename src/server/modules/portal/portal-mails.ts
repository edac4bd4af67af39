import { renderEmail } from '../../platform/mail/layout.js';

type Locale = 'he' | 'en';

export const portalInviteEmail = (l: Locale, p: { portalName: string; url: string }) =>
  l === 'he'
    ? {
        subject: `הוזמנת לפורטל הלקוחות של ${p.portalName}`,
        ...renderEmail({
          locale: l,
          title: `פורטל הלקוחות של ${p.portalName}`,
          paragraphs: ['קיבלת גישה לפורטל הלקוחות. הקישור תקף לשבעה ימים ולשימוש אחד.'],
          action: { label: 'קביעת סיסמה וכניסה', url: p.url },
        }),
      }
    : {
        subject: `Your invitation to the ${p.portalName} customer portal`,
        ...renderEmail({
          locale: l,
          title: `${p.portalName} customer portal`,
          paragraphs: ['You have been given access to the customer portal. The link works once, for 7 days.'],
          action: { label: 'Set a password and sign in', url: p.url },
        }),
      };
