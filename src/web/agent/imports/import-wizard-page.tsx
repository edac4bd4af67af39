import { Alert, Anchor, Box, Stack, Stepper, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { IconInfo } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { hasPermission, useSession } from '../shell/session';
import { ImportStatus } from './import-status';
import {
  type DuplicatePolicy,
  type ImportEntity,
  type ImportJob,
  type ImportMapping,
  type ImportPreview,
  type ImportUploaded,
  importKeys,
  importsApi,
} from './imports-api';
import { MappingStep } from './mapping-step';
import { PreviewStep } from './preview-step';
import { RecentImports } from './recent-imports';
import { FileSummary, UploadStep } from './upload-step';

const STEPS = ['upload', 'mapping', 'preview', 'commit'] as const;
type StepName = (typeof STEPS)[number];

/** The step's heading takes the focus when the step opens, so keyboard and reader users follow. */
function StepHeading({ step, focus }: { step: StepName; focus: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focus) return;
    // the new step starts at the top of the page; the focus follows without another jump
    window.scrollTo({ top: 0 });
    ref.current?.focus({ preventScroll: true });
  }, [focus]);
  return (
    <Title order={2} fz="h3" ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
      {t(`crmSettings.imports.steps.${step}.label`)}
    </Title>
  );
}

/**
 * /customers/import — upload an .xlsx or CSV, match its columns, dry-run it, then import with a
 * progress bar and a report of rejected rows. `?id=` shows one import's progress or summary.
 */
export function ImportWizardPage() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const compact = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const viewId = params.get('id');

  const [entity, setEntity] = useState<ImportEntity>('account');
  const [uploaded, setUploaded] = useState<ImportUploaded | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [policy, setPolicy] = useState<DuplicatePolicy>('skip');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [committed, setCommitted] = useState<ImportJob | null>(null);
  const [active, setActive] = useState(0);
  const moved = useRef(false);

  const step = viewId ? 3 : active;
  const shownId = viewId ?? committed?.id;
  // follows the job ImportStatus polls, without fetching itself: all steps done once it completes
  const shownJob = useQuery({
    queryKey: importKeys.one(shownId ?? ''),
    queryFn: () => importsApi.get(shownId ?? ''),
    enabled: false,
  });
  const go = (next: number) => {
    moved.current = true;
    setActive(next);
  };

  const startOver = () => {
    setUploaded(null);
    setMapping({});
    setPolicy('skip');
    setPreview(null);
    setCommitted(null);
    go(0);
    setParams({}, { replace: false });
  };

  if (!hasPermission(session, 'crm:write')) {
    return (
      <>
        <PageHeader title={t('crmSettings.imports.wizardTitle')} />
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          {t('errors.FORBIDDEN')}
        </Alert>
      </>
    );
  }

  let content: ReactNode;
  if (step === 3 && shownId) {
    const id = shownId;
    content = (
      <ImportStatus key={id} importId={id} initial={committed ?? undefined} onStartOver={startOver} />
    );
  } else if (step >= 2 && uploaded && preview) {
    content = (
      <PreviewStep
        uploaded={uploaded}
        mapping={mapping}
        policy={policy}
        preview={preview}
        onBack={() => go(1)}
        onCommitted={(job) => {
          setCommitted(job);
          queryClient.setQueryData(importKeys.one(job.id), job);
          void queryClient.invalidateQueries({ queryKey: importKeys.list });
          go(3);
          // a reload keeps showing this import's progress
          setParams({ id: job.id }, { replace: true });
        }}
      />
    );
  } else if (step >= 1 && uploaded) {
    content = (
      <MappingStep
        uploaded={uploaded}
        mapping={mapping}
        onMappingChange={(next) => {
          setMapping(next);
          setPreview(null);
        }}
        policy={policy}
        onPolicyChange={(next) => {
          setPolicy(next);
          setPreview(null);
        }}
        onBack={() => go(0)}
        onPreviewed={(result) => {
          setPreview(result);
          go(2);
        }}
      />
    );
  } else {
    content = (
      <UploadStep
        entity={entity}
        onEntityChange={setEntity}
        onUploaded={(result) => {
          setUploaded(result);
          setMapping(result.suggestedMapping);
          setPreview(null);
          void queryClient.invalidateQueries({ queryKey: importKeys.list });
          go(1);
        }}
      />
    );
  }
  const shownStep: StepName = STEPS[step] ?? 'upload';

  // earlier steps can be revisited until the import is committed
  const canSelect = (index: number) => !viewId && !committed && index < step;

  return (
    <>
      <PageHeader
        title={t('crmSettings.imports.wizardTitle')}
        description={t('crmSettings.imports.wizardIntro')}
      />
      <Stack gap="lg">
        <Box component="nav" aria-label={t('crmSettings.imports.steps.label')}>
          <Stepper
            active={step === 3 && shownJob.data?.status === 'completed' ? STEPS.length : step}
            onStepClick={(index) => canSelect(index) && go(index)}
            size={compact ? 'xs' : 'sm'}
            iconSize={compact ? 28 : 36}
            wrap
          >
            {STEPS.map((name, index) => (
              <Stepper.Step
                key={name}
                label={t(`crmSettings.imports.steps.${name}.label`)}
                description={compact ? undefined : t(`crmSettings.imports.steps.${name}.description`)}
                allowStepSelect={canSelect(index)}
                aria-current={index === step ? 'step' : undefined}
              />
            ))}
          </Stepper>
        </Box>
        <StepHeading key={shownStep} step={shownStep} focus={moved.current} />
        {uploaded && step > 0 && step < 3 ? <FileSummary uploaded={uploaded} /> : null}
        {content}
        {step === 0 ? <RecentImports headingOrder={2} /> : null}
        {step === 3 && !committed ? (
          <Anchor component={Link} to="/settings/import" size="sm">
            {t('crmSettings.imports.recent.title')}
          </Anchor>
        ) : null}
      </Stack>
    </>
  );
}
