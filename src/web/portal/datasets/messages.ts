// Strings of the portal's dataset tables (portal namespace, key `datasets`).
export const datasetsHe = {
  title: 'נתונים',
};

export const datasetsEn: typeof datasetsHe = {
  title: 'Data',
};
