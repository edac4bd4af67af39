const MARK = '\uE000'; // private use: never in a translation

/**
 * A translated sentence with user-written text (a name, an organization) inside `<bdi>`, so a
 * Hebrew name in an English sentence (or the reverse) keeps its own direction and cannot reorder
 * the words around it. `translate` gets a placeholder to pass as the interpolation value.
 */
export function WithUserText({
  translate,
  value,
}: {
  translate: (placeholder: string) => string;
  value: string;
}) {
  const text = translate(MARK);
  const at = text.indexOf(MARK);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <bdi>{value}</bdi>
      {text.slice(at + MARK.length)}
    </>
  );
}
