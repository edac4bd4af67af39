/**
 * `attachment` header for a download: a plain ASCII `filename` for old clients plus the real
 * (e.g. Hebrew) name in `filename*` (RFC 6266 / 5987).
 */
export const attachmentDisposition = (fileName: string, asciiFallback: string): string => {
  const ascii = asciiFallback.replace(/[^\w.-]+/g, '_').slice(0, 120) || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};
