import { renderEmail } from '../../platform/mail/layout.js';

type Locale = 'he' | 'en';

export const inviteEmail = (l: Locale, p: { orgName: string; inviterName: string; url: string }) =>
  l === 'he'
    ? {
        subject: `הוזמנת להצטרף ל-${p.orgName} בקשר`,
        ...renderEmail({
          locale: l,
          title: `הזמנה ל-${p.orgName}`,
          paragraphs: [
            `${p.inviterName} הזמין/ה אותך להצטרף לסביבת העבודה ${p.orgName} בקשר.`,
            'הקישור תקף לשבעה ימים.',
          ],
          action: { label: 'הצטרפות וקביעת סיסמה', url: p.url },
        }),
      }
    : {
        subject: `You are invited to ${p.orgName} on Kesher`,
        ...renderEmail({
          locale: l,
          title: `Invitation to ${p.orgName}`,
          paragraphs: [
            `${p.inviterName} invited you to join the ${p.orgName} workspace on Kesher.`,
            'The link is valid for 7 days.',
          ],
          action: { label: 'Join and set a password', url: p.url },
        }),
      };

export const resetEmail = (l: Locale, p: { orgName: string; url: string }) =>
  l === 'he'
    ? {
        subject: 'איפוס סיסמה לקשר',
        ...renderEmail({
          locale: l,
          title: 'איפוס סיסמה',
          paragraphs: [
            `התקבלה בקשה לאיפוס הסיסמה שלך ב-${p.orgName}.`,
            'הקישור תקף לשעה אחת. אם לא ביקשת, אפשר להתעלם מהודעה זו.',
          ],
          action: { label: 'קביעת סיסמה חדשה', url: p.url },
        }),
      }
    : {
        subject: 'Reset your Kesher password',
        ...renderEmail({
          locale: l,
          title: 'Password reset',
          paragraphs: [
            `Someone asked to reset your password for ${p.orgName}.`,
            'The link is valid for one hour. If it was not you, ignore this email.',
          ],
          action: { label: 'Choose a new password', url: p.url },
        }),
      };
