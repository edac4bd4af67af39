import {
  Alert,
  Button,
  Code,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCopy } from '../../../ui/copy';
import { CopyField } from '../../../ui/copy-field';
import { IconCheck, IconCopy, IconInfo } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { hasPermission, useSession } from '../../shell/session';
import { QueryError } from '../common/query-error';
import { salesApi } from '../sales-api';
import { salesKeys } from '../sales-queries';
import '../sales.css';

// The page around the snippet in the preview: what a plain website would give it. The iframe is
// sandboxed with no permissions at all, so nothing in it can run or submit.
const previewDocument = (html: string) => `<!doctype html>
<html><head><meta charset="utf-8"><style>
body{font-family:system-ui,"Segoe UI",Arial,sans-serif;margin:16px;color:#222}
.kesher-lead-form{display:grid;gap:10px;max-inline-size:420px}
.kesher-lead-form label{display:grid;gap:4px;font-size:14px}
.kesher-lead-form input,.kesher-lead-form textarea,.kesher-lead-form select{font:inherit;padding:6px 8px;border:1px solid #bbb;border-radius:6px}
.kesher-lead-form button{font:inherit;padding:8px 14px;border:0;border-radius:6px;background:#137483;color:#fff;justify-self:start}
</style></head><body>${html}</body></html>`;

/** /settings/web-form — the embeddable web-to-lead form: code to copy and a live preview. */
export function WebFormPage() {
  const { t } = useTranslation();
  const session = useSession();
  const allowed = hasPermission(session, 'settings:manage');
  const { copy, status } = useCopy();
  const snippet = useQuery({
    queryKey: salesKeys.webFormSnippet,
    queryFn: salesApi.leadFormSnippet,
    enabled: allowed,
  });

  return (
    <>
      <PageHeader
        order={2}
        title={t('sales.webForm.title')}
        documentTitle={t('sales.webForm.title')}
        description={t('sales.webForm.intro')}
      />
      {!allowed ? (
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          {t('sales.webForm.noAccess')}
        </Alert>
      ) : snippet.isPending ? (
        <Skeleton h={320} />
      ) : snippet.isError ? (
        <QueryError error={snippet.error} onRetry={() => void snippet.refetch()} />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack>
              <div>
                <CopyField label={t('sales.webForm.action')} value={snippet.data.action} />
                <Text size="xs" c="dimmed" mt={4}>
                  {t('sales.webForm.actionHint')} <Code dir="ltr">?redirect=https://…</Code>
                </Text>
              </div>
              <Paper withBorder p="md">
                <Group justify="space-between" mb="sm">
                  <Title order={3} fz="h5" id="web-form-code">
                    {t('sales.webForm.code')}
                  </Title>
                  <Button
                    size="xs"
                    variant={status === 'copied' ? 'light' : 'default'}
                    color={status === 'copied' ? 'teal' : undefined}
                    leftSection={status === 'copied' ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    onClick={() => void copy(snippet.data.html)}
                  >
                    {status === 'copied' ? t('common.copied') : t('sales.webForm.copyCode')}
                  </Button>
                </Group>
                <Textarea
                  aria-labelledby="web-form-code"
                  value={snippet.data.html}
                  readOnly
                  autosize
                  minRows={8}
                  maxRows={18}
                  dir="ltr"
                  classNames={{ input: 'kesher-mono' }}
                  styles={{ input: { fontSize: 12 } }}
                  onFocus={(event) => event.currentTarget.select()}
                />
                {status === 'failed' ? (
                  <Text size="xs" c="red" mt={4} role="alert">
                    {t('common.copyFailed')}
                  </Text>
                ) : null}
              </Paper>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Paper withBorder p="md">
              <Title order={3} fz="h5" mb={4}>
                {t('sales.webForm.preview')}
              </Title>
              <Text size="xs" c="dimmed" mb="sm">
                {t('sales.webForm.previewNote')}
              </Text>
              <iframe
                className="kesher-preview-frame"
                title={t('sales.webForm.previewFrame')}
                sandbox=""
                srcDoc={previewDocument(snippet.data.html)}
              />
            </Paper>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
