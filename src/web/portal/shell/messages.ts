// Strings of the portal's frame: header, navigation, user menu, language, page states.
export const shellHe = {
  portalFallbackName: 'פורטל לקוחות',
  helpCentre: 'מרכז העזרה',
  skipToContent: 'דילוג לתוכן',
  nav: {
    label: 'ניווט ראשי',
    tickets: 'הפניות שלי',
    kb: 'מאגר ידע',
    data: 'נתונים',
  },
  userMenu: {
    open: 'תפריט משתמש: {{name}}',
    signedInAs: 'מחובר/ת בתור {{email}}',
    account: 'חברה: {{name}}',
    signOut: 'יציאה',
  },
  language: {
    label: 'שפה',
    he: 'עברית',
    en: 'English',
    switchTo: 'Switch to English',
  },
  signIn: 'כניסה',
  notFound: {
    title: 'הדף לא נמצא',
    body: 'ייתכן שהקישור שגוי או שאין לך גישה לדף הזה.',
    back: 'חזרה לדף הראשי',
  },
  unknownWorkspace: {
    title: 'הפורטל לא נמצא',
    body: 'בדקו את הכתובת שקיבלתם מספק השירות.',
  },
};

export const shellEn: typeof shellHe = {
  portalFallbackName: 'Customer portal',
  helpCentre: 'Help centre',
  skipToContent: 'Skip to content',
  nav: {
    label: 'Main navigation',
    tickets: 'My tickets',
    kb: 'Knowledge base',
    data: 'Data',
  },
  userMenu: {
    open: 'User menu: {{name}}',
    signedInAs: 'Signed in as {{email}}',
    account: 'Company: {{name}}',
    signOut: 'Sign out',
  },
  language: {
    label: 'Language',
    he: 'עברית',
    en: 'English',
    switchTo: 'לעברית',
  },
  signIn: 'Sign in',
  notFound: {
    title: 'Page not found',
    body: 'The link may be wrong, or you may not have access to this page.',
    back: 'Back to the start',
  },
  unknownWorkspace: {
    title: 'Portal not found',
    body: 'Check the address your service provider gave you.',
  },
};
