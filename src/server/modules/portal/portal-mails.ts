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

export const portalResetEmail = (l: Locale, p: { portalName: string; url: string }) =>
  l === 'he'
    ? {
        subject: `איפוס סיסמה לפורטל הלקוחות של ${p.portalName}`,
        ...renderEmail({
          locale: l,
          title: 'איפוס סיסמה',
          paragraphs: [
            `התקבלה בקשה לאיפוס הסיסמה שלך בפורטל הלקוחות של ${p.portalName}.`,
            'הקישור תקף לשעה אחת ולשימוש אחד. אם לא ביקשת, אפשר להתעלם מהודעה זו.',
          ],
          action: { label: 'קביעת סיסמה חדשה', url: p.url },
        }),
      }
    : {
        subject: `Reset your ${p.portalName} customer portal password`,
        ...renderEmail({
          locale: l,
          title: 'Password reset',
          paragraphs: [
            `Someone asked to reset your password for the ${p.portalName} customer portal.`,
            'The link works once, for one hour. If it was not you, ignore this email.',
          ],
          action: { label: 'Choose a new password', url: p.url },
        }),
      };
