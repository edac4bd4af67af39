import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TAttachment, uploadAttachment } from '../api';
import { errorText } from '../shell/errors';

const MAX_FILES = 20;

/** Files uploaded one by one as they are picked; a ticket or reply then names their ids. */
export const useAttachmentUploads = () => {
  const [files, setFiles] = useState<TAttachment[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const add = async (picked: FileList | null) => {
    if (!picked?.length) return;
    setBusy(true);
    setError(null);
    try {
      for (const file of Array.from(picked).slice(0, MAX_FILES - files.length)) {
        const uploaded = await uploadAttachment(file);
        setFiles((list) => [...list, uploaded]);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return {
    files,
    busy,
    error,
    ids: files.map((f) => f.id),
    add,
    remove: (id: string) => setFiles((list) => list.filter((f) => f.id !== id)),
    clear: () => setFiles([]),
  };
};

export function AttachmentPicker({ uploads }: { uploads: ReturnType<typeof useAttachmentUploads> }) {
  const { t } = useTranslation('portal');
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('tickets.form.attachments')}</label>
      <input
        id={id}
        type="file"
        multiple
        aria-describedby={`${id}-hint`}
        disabled={uploads.busy || uploads.files.length >= MAX_FILES}
        onChange={(e) => {
          void uploads.add(e.target.files);
          e.target.value = '';
        }}
      />
      <p id={`${id}-hint`} className="field__hint">
        {uploads.busy ? t('tickets.form.uploading') : t('tickets.form.attachHint')}
      </p>
      {uploads.error !== null && (
        <p className="field__error" role="alert">
          {errorText(t, uploads.error)}
        </p>
      )}
      {uploads.files.length > 0 && (
        <ul className="files">
          {uploads.files.map((f) => (
            <li key={f.id}>
              <span dir="auto">{f.fileName}</span>{' '}
              <button
                type="button"
                className="button button--quiet"
                aria-label={t('tickets.form.removeFile', { name: f.fileName })}
                onClick={() => uploads.remove(f.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
