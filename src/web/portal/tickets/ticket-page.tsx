import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useFormat } from '../../ui/format';
import { toLocale } from '../../ui/locale';
import { portalApi, portalKeys, type TPortalTicket } from '../api';
import { useWorkspace } from '../auth/auth-pages';
import { useDocumentTitle } from '../shell/branding';
import { errorText } from '../shell/errors';
import { LoadError, Loading, Notice } from '../shell/page-state';
import { AttachmentPicker, useAttachmentUploads } from './attachment-picker';
import { RatingPanel } from './rating-panel';
import { CLOSED_STATUSES, StatusBadge } from './status-badge';

type Message = TPortalTicket['messages'][number];

/**
 * Ticket text is HTML the server sanitised (tickets' ticket-html.ts allow-list: no script, no event
 * handlers, no style, http(s)/mailto links only) whether an agent or a customer wrote it, so it is
 * injected as it is; the portal never builds HTML from user text itself.
 */
function RichText({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server, see above
  return <div className="message__body" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}

function Files({ ticketId, files }: { ticketId: string; files: TPortalTicket['attachments'] }) {
  if (files.length === 0) return null;
  return (
    <ul className="files">
      {files.map((f) => (
        <li key={f.id}>
          <a href={portalApi.attachmentUrl(ticketId, f.id)} download={f.fileName} dir="auto">
            {f.fileName}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Thread({ ticket }: { ticket: TPortalTicket }) {
  const { t } = useTranslation('portal');
  const fmt = useFormat();
  const author = (m: Message) =>
    m.mine
      ? t('tickets.view.you')
      : m.authorKind === 'agent'
        ? t('tickets.view.agent')
        : m.authorKind === 'system'
          ? t('tickets.view.system')
          : '';
  const opening = ticket.attachments.filter((a) => a.messageId === null);
  return (
    <section aria-labelledby="conversation-title">
      <h2 id="conversation-title">{t('tickets.view.conversation')}</h2>
      <ol className="thread">
        <li className="message" data-author="customer">
          <div className="message__head">
            <span>{t('tickets.view.opened')}</span>
            <time dateTime={ticket.createdAt}>{fmt.dateTime(ticket.createdAt)}</time>
          </div>
          <RichText html={ticket.descriptionHtml} />
          <Files ticketId={ticket.id} files={opening} />
        </li>
        {ticket.messages.map((m) => (
          <li
            key={m.id}
            className="message"
            data-author={m.authorKind}
            data-mine={m.mine}
            data-message-id={m.id}
          >
            <div className="message__head">
              <span>{author(m)}</span>
              <time dateTime={m.createdAt}>{fmt.dateTime(m.createdAt)}</time>
            </div>
            <RichText html={m.bodyHtml} />
            <Files ticketId={ticket.id} files={ticket.attachments.filter((a) => a.messageId === m.id)} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function ReplyForm({ ticket }: { ticket: TPortalTicket }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const [body, setBody] = useState('');
  const uploads = useAttachmentUploads();
  const [sent, setSent] = useState(false);
  const reply = useMutation({
    mutationFn: () => portalApi.reply(ticket.id, { body, attachmentIds: uploads.ids }),
    onSuccess: (out) => {
      setBody('');
      uploads.clear();
      setSent(true);
      void queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
      if (out.followUp) {
        // A reply to a closed ticket opened a follow-up ticket: show that one.
        navigate(`/portal/${encodeURIComponent(workspace)}/tickets/${out.ticket.id}`);
      } else {
        queryClient.setQueryData(portalKeys.ticket(ticket.id), out.ticket);
      }
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(false);
    if (body.trim()) reply.mutate();
  };
  return (
    <form onSubmit={submit} className="card reply-form" aria-labelledby="reply-title">
      <h2 id="reply-title" className="visually-hidden">
        {t('tickets.reply.label')}
      </h2>
      {sent && <Notice>{t('tickets.reply.sent')}</Notice>}
      {reply.isError && <Notice tone="error">{errorText(t, reply.error)}</Notice>}
      <div className="field">
        <label htmlFor="reply-body">{t('tickets.reply.label')}</label>
        <textarea
          id="reply-body"
          dir="auto"
          required
          maxLength={50_000}
          placeholder={t('tickets.reply.placeholder')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <AttachmentPicker uploads={uploads} />
      <button type="submit" className="button button--primary" disabled={reply.isPending || uploads.busy}>
        {t('tickets.reply.send')}
      </button>
    </form>
  );
}

function StatusActions({ ticket }: { ticket: TPortalTicket }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const [done, setDone] = useState<'closed' | 'reopened' | null>(null);
  const change = useMutation({
    mutationFn: (to: 'close' | 'reopen') =>
      to === 'close' ? portalApi.close(ticket.id) : portalApi.reopen(ticket.id),
    onSuccess: (next, to) => {
      queryClient.setQueryData(portalKeys.ticket(ticket.id), next);
      void queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
      setDone(to === 'close' ? 'closed' : 'reopened');
    },
  });
  // A closed ticket is final; a solved one may be reopened (then a reply is welcome again).
  if (ticket.status === 'closed') return null;
  const solved = ticket.status === 'solved';
  return (
    <div>
      {done && <Notice>{t(`tickets.actions.${done}`)}</Notice>}
      {change.isError && <Notice tone="error">{errorText(t, change.error)}</Notice>}
      <button
        type="button"
        className="button"
        disabled={change.isPending}
        onClick={() => change.mutate(solved ? 'reopen' : 'close')}
      >
        {solved ? t('tickets.actions.reopen') : t('tickets.actions.close')}
      </button>
    </div>
  );
}

export function TicketPage() {
  const { t, i18n } = useTranslation('portal');
  const { id = '' } = useParams();
  const workspace = useWorkspace();
  const fmt = useFormat();
  const ticket = useQuery({ queryKey: portalKeys.ticket(id), queryFn: () => portalApi.ticket(id) });
  // The ticket stores the category's id; its name in the reader's language comes from the form.
  const form = useQuery({
    queryKey: portalKeys.ticketForm,
    queryFn: portalApi.ticketForm,
    staleTime: 5 * 60_000,
  });
  const he = toLocale(i18n.language) === 'he';
  useDocumentTitle(ticket.data ? ticket.data.subject : t('tickets.title'));

  if (ticket.isPending) return <Loading />;
  if (ticket.isError) return <LoadError error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const data = ticket.data;
  const closed = CLOSED_STATUSES.includes(data.status);
  const category = form.data?.categories.find((c) => c.id === data.category);
  const categoryLabel = category && ((he ? category.labelHe : category.labelEn) || category.labelHe);
  return (
    <>
      <p>
        <Link to={`/portal/${encodeURIComponent(workspace)}/tickets`}>{t('tickets.view.back')}</Link>
      </p>
      <div className="page-head">
        <h1 dir="auto">{data.subject}</h1>
      </div>
      <div className="ticket-layout">
        <aside className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t('tickets.view.details')}</h2>
          <dl className="facts">
            <dt>{t('tickets.columns.status')}</dt>
            <dd>
              <StatusBadge status={data.status} />
            </dd>
            <dt>{t('tickets.view.numberLabel')}</dt>
            <dd>#{data.number}</dd>
            <dt>{t('tickets.view.handler')}</dt>
            <dd dir="auto">{data.handlerName ?? t('tickets.view.noHandler')}</dd>
            <dt>{t('tickets.view.promised')}</dt>
            <dd>
              {data.promisedAnswerAt ? (
                <time dateTime={data.promisedAnswerAt}>{fmt.dateTime(data.promisedAnswerAt)}</time>
              ) : (
                t('tickets.view.noPromise')
              )}
            </dd>
            {data.category && (
              <>
                <dt>{t('tickets.view.category')}</dt>
                <dd dir="auto">{categoryLabel ?? data.category}</dd>
              </>
            )}
            <dt>{t('tickets.columns.updated')}</dt>
            <dd>
              <time dateTime={data.updatedAt}>{fmt.dateTime(data.updatedAt)}</time>
            </dd>
          </dl>
          <StatusActions ticket={data} />
          {closed && <RatingPanel ticketId={data.id} />}
        </aside>
        <div>
          <Thread ticket={data} />
          {data.status === 'closed' ? (
            <Notice>{t('tickets.reply.closedNote')}</Notice>
          ) : (
            <ReplyForm ticket={data} />
          )}
        </div>
      </div>
    </>
  );
}
