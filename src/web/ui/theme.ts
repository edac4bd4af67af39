import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm blue-teal; shade 7 keeps white text above 4.5:1 contrast.
const kesher: MantineColorsTuple = [
  '#e7f6f8',
  '#d0ebef',
  '#a3d6de',
  '#72c0cc',
  '#4aadbd',
  '#2f9fb1',
  '#1d8a9c',
  '#137483',
  '#0b5f6c',
  '#044b56',
];

const fontFamily = 'system-ui, "Segoe UI", Arial, "Noto Sans Hebrew", sans-serif';

export const theme = createTheme({
  primaryColor: 'kesher',
  primaryShade: { light: 7, dark: 5 },
  colors: { kesher },
  fontFamily,
  // DejaVu Sans Mono last: at 14px Chromium draws its underscores invisibly (API keys have them)
  fontFamilyMonospace:
    'ui-monospace, "Cascadia Mono", Consolas, Menlo, "Liberation Mono", "DejaVu Sans Mono", monospace',
  headings: { fontFamily, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  autoContrast: true,
  components: {
    // Every field is required unless it says otherwise, so no asterisks: they also end up in the
    // label text that Playwright's getByLabel matches. Inputs keep the native `required`.
    TextInput: { defaultProps: { withAsterisk: false } },
    PasswordInput: { defaultProps: { withAsterisk: false } },
    Textarea: { defaultProps: { withAsterisk: false } },
    NativeSelect: { defaultProps: { withAsterisk: false } },
    CheckboxGroup: { defaultProps: { withAsterisk: false } },
    RadioGroup: { defaultProps: { withAsterisk: false } },
    Button: { defaultProps: { fw: 600 } },
    Paper: { defaultProps: { radius: 'lg' } },
    Modal: { defaultProps: { radius: 'lg', centered: true } },
  },
});
