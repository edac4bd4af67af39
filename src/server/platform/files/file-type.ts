// What a file really is, read from its first bytes ("magic numbers"), never from the name or the
// type the client claims. Only these types are accepted as attachments; anything else (programs,
// scripts, HTML, SVG) is refused.

export type DetectedType = { contentType: string; extension: string };

const startsWith = (buf: Buffer, bytes: number[], offset = 0) =>
  buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);

const ascii = (buf: Buffer, from: number, to: number) => buf.subarray(from, to).toString('latin1');

// Office Open XML and OpenDocument files are ZIP archives: the name's extension tells them apart.
const ZIP_KINDS: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  zip: 'application/zip',
};
// Legacy Office (Word 97–2003 …) files are OLE compound documents.
const OLE_KINDS: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  msg: 'application/vnd.ms-outlook',
};
const TEXT_KINDS: Record<string, string> = {
  csv: 'text/csv',
  eml: 'message/rfc822',
  txt: 'text/plain',
  log: 'text/plain',
};

const extOf = (fileName: string) => /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';

// Markup a browser would run if it ever rendered the file inline.
const LOOKS_LIKE_MARKUP = /^\s*(<\?xml|<!doctype|<html|<svg|<script|<head|<body|<iframe)/i;

const isText = (buf: Buffer) => {
  const sample = buf.subarray(0, 64 * 1024);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      // A sample may end inside a multi-byte character; drop up to 3 trailing bytes for the check.
      sample.length === buf.length ? sample : sample.subarray(0, sample.length - 3),
    );
    return true;
  } catch {
    return false;
  }
};

/** The type of an allowed file, or null when its content is not one of the allowed types. */
export const detectFileType = (buf: Buffer, fileName: string): DetectedType | null => {
  const ext = extOf(fileName);
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { contentType: 'application/pdf', extension: 'pdf' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { contentType: 'image/png', extension: 'png' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a')
    return { contentType: 'image/gif', extension: 'gif' };
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP')
    return { contentType: 'image/webp', extension: 'webp' };
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a]))
    return { contentType: 'image/tiff', extension: 'tiff' };
  if (
    ascii(buf, 4, 12) === 'ftypheic' ||
    ascii(buf, 4, 12) === 'ftypheix' ||
    ascii(buf, 4, 12) === 'ftypmif1'
  )
    return { contentType: 'image/heic', extension: 'heic' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const kind = ZIP_KINDS[ext] ? ext : 'zip';
    return { contentType: ZIP_KINDS[kind] ?? 'application/zip', extension: kind };
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const kind = OLE_KINDS[ext] ? ext : 'doc';
    return { contentType: OLE_KINDS[kind] ?? 'application/msword', extension: kind };
  }
  if (buf.length > 0 && isText(buf) && !LOOKS_LIKE_MARKUP.test(buf.subarray(0, 1024).toString('utf8'))) {
    const kind = TEXT_KINDS[ext] ? ext : 'txt';
    return { contentType: TEXT_KINDS[kind] ?? 'text/plain', extension: kind };
  }
  return null;
};
