import { Anchor, Code, List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

// A small Markdown subset rendered straight to React elements: the preview never injects HTML, so
// whatever an author types (including <script>) shows as text. The portal shows the server's
// sanitised rendering; this preview only needs to look close to it.

const SAFE_URL = /^(https?:|mailto:|\/)/i;

const inline = (text: string, key: string): ReactNode[] => {
  const out: ReactNode[] = [];
  // links, bold, italic, inline code — in one pass, earliest match first
  const re = /\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`/g;
  let last = 0;
  let i = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const k = `${key}-${i++}`;
    if (m[1] !== undefined && m[2] !== undefined) {
      out.push(
        SAFE_URL.test(m[2]) ? (
          <Anchor key={k} href={m[2]} target="_blank" rel="noopener noreferrer">
            {m[1]}
          </Anchor>
        ) : (
          m[1]
        ),
      );
    } else if (m[3] !== undefined) out.push(<strong key={k}>{m[3]}</strong>);
    else if (m[4] !== undefined) out.push(<em key={k}>{m[4]}</em>);
    else if (m[5] !== undefined) out.push(<Code key={k}>{m[5]}</Code>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
};

/** Headings (#, ##, ###), paragraphs, bullet and numbered lists, bold, italic, code and links. */
export function MarkdownPreview({ source, dir }: { source: string; dir: 'rtl' | 'ltr' }) {
  const blocks: ReactNode[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  let items: string[] = [];
  let ordered = false;
  const flush = () => {
    const k = `b${blocks.length}`;
    if (para.length) {
      blocks.push(
        <Text key={k} mb="sm">
          {inline(para.join(' '), k)}
        </Text>,
      );
      para = [];
    }
    if (items.length) {
      blocks.push(
        <List key={k} type={ordered ? 'ordered' : 'unordered'} mb="sm" withPadding>
          {items.map((item, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static rendering of the current text
            <List.Item key={j}>{inline(item, `${k}-${j}`)}</List.Item>
          ))}
        </List>,
      );
      items = [];
    }
  };
  for (const line of lines) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading?.[1] && heading[2] !== undefined) {
      flush();
      const k = `b${blocks.length}`;
      const order = (heading[1].length + 1) as 2 | 3 | 4;
      blocks.push(
        <Title key={k} order={order} mb="xs">
          {inline(heading[2], k)}
        </Title>,
      );
    } else if (bullet?.[1] !== undefined || numbered?.[1] !== undefined) {
      const isOrdered = numbered?.[1] !== undefined;
      if (para.length || (items.length && isOrdered !== ordered)) flush();
      ordered = isOrdered;
      items.push((bullet?.[1] ?? numbered?.[1]) as string);
    } else if (!line.trim()) {
      flush();
    } else {
      if (items.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return (
    <div dir={dir} data-testid="markdown-preview">
      {blocks}
    </div>
  );
}
