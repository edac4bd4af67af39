// Strings of the customer's own account screen (two-step sign-in).
export const accountHe = {
  title: 'אבטחת החשבון',
  menuLink: 'אבטחת החשבון',
  totp: {
    title: 'אימות דו-שלבי',
    on: 'האימות הדו-שלבי פעיל: בכל כניסה נבקש גם קוד מאפליקציית האימות.',
    off: 'האימות הדו-שלבי כבוי. הפעלתו מגינה על החשבון גם אם הסיסמה דלפה.',
    start: 'הפעלת אימות דו-שלבי',
    scan: 'סרקו את הקוד באפליקציית אימות (כמו Google Authenticator או Microsoft Authenticator), או הקלידו את המפתח:',
    qrAlt: 'קוד QR להוספת החשבון לאפליקציית האימות',
    secret: 'מפתח',
    code: 'הקוד שהאפליקציה מציגה (6 ספרות)',
    enable: 'אישור והפעלה',
    enabled: 'האימות הדו-שלבי הופעל.',
    recoveryTitle: 'קודי שחזור',
    recoveryHint: 'שמרו אותם במקום בטוח. כל קוד משמש פעם אחת, אם הטלפון אינו זמין. הם לא יוצגו שוב.',
    disable: 'כיבוי אימות דו-שלבי',
    disableConfirm: 'לאישור, הקלידו את הסיסמה',
    disabled: 'האימות הדו-שלבי כובה.',
    cancel: 'ביטול',
  },
};

export const accountEn: typeof accountHe = {
  title: 'Account security',
  menuLink: 'Account security',
  totp: {
    title: 'Two-step sign-in',
    on: 'Two-step sign-in is on: every sign-in also asks for a code from your authenticator app.',
    off: 'Two-step sign-in is off. Turning it on protects your account even if your password leaks.',
    start: 'Turn on two-step sign-in',
    scan: 'Scan the code with an authenticator app (such as Google Authenticator or Microsoft Authenticator), or type the key:',
    qrAlt: 'QR code that adds this account to your authenticator app',
    secret: 'Key',
    code: 'The code the app shows (6 digits)',
    enable: 'Confirm and turn on',
    enabled: 'Two-step sign-in is on.',
    recoveryTitle: 'Recovery codes',
    recoveryHint:
      'Keep them somewhere safe. Each works once, if your phone is not at hand. They will not be shown again.',
    disable: 'Turn off two-step sign-in',
    disableConfirm: 'To confirm, type your password',
    disabled: 'Two-step sign-in is off.',
    cancel: 'Cancel',
  },
};
