import { ActionIcon, Button, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { IconBuilding, IconPlus, IconUser } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { AccountFormModal } from './account-form';
import { ContactFormModal } from './contact-form';
import { IconUpload } from './customer-icons';
import type { ListEntity } from './customers-api';
import { RecordList } from './record-list';

/** /customers — accounts and contacts, one tab each (?tab=contacts). */
export function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const entity: ListEntity = params.get('tab') === 'contacts' ? 'contact' : 'account';
  const [creating, setCreating] = useState<ListEntity | null>(null);

  return (
    <>
      <PageHeader
        title={t('nav.customers')}
        actions={
          <>
            <Button
              variant="default"
              component={Link}
              to="/customers/import"
              leftSection={<IconUpload size={16} />}
              visibleFrom="sm"
            >
              {t('customers.actions.import')}
            </Button>
            <ActionIcon
              variant="default"
              size="lg"
              component={Link}
              to="/customers/import"
              aria-label={t('customers.actions.import')}
              hiddenFrom="sm"
            >
              <IconUpload size={16} />
            </ActionIcon>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(entity)}>
              {entity === 'account' ? t('customers.actions.newAccount') : t('customers.actions.newContact')}
            </Button>
          </>
        }
      />
      <Tabs
        value={entity}
        onChange={(value) => setParams(value === 'contact' ? { tab: 'contacts' } : {}, { replace: true })}
      >
        <Tabs.List>
          <Tabs.Tab value="account" leftSection={<IconBuilding size={16} />}>
            {t('customers.tabs.accounts')}
          </Tabs.Tab>
          <Tabs.Tab value="contact" leftSection={<IconUser size={16} />}>
            {t('customers.tabs.contacts')}
          </Tabs.Tab>
        </Tabs.List>
        {(['account', 'contact'] as const).map((tab) => (
          <Tabs.Panel key={tab} value={tab} pt="md">
            {tab === entity ? <RecordList entity={tab} onCreate={() => setCreating(tab)} /> : null}
          </Tabs.Panel>
        ))}
      </Tabs>

      <AccountFormModal
        opened={creating === 'account'}
        onClose={() => setCreating(null)}
        onSaved={(account) => void navigate(`/customers/accounts/${account.id}`)}
      />
      <ContactFormModal
        opened={creating === 'contact'}
        onClose={() => setCreating(null)}
        onSaved={(contact) => void navigate(`/customers/contacts/${contact.id}`)}
      />
    </>
  );
}
