// Value lists of the shared schemas, repeated here so zod stays out of the bundle; the `typeof`
// annotations make the compiler check that they still match src/shared.
import type { ACTIVITY_DIRECTIONS, CALL_OUTCOMES } from '../../../shared/crm/activities.schemas';
import type {
  CONSENT_CHANNELS as SHARED_CONSENT_CHANNELS,
  CONTACT_CHANNELS as SHARED_CONTACT_CHANNELS,
  CONTACT_LANGUAGES as SHARED_CONTACT_LANGUAGES,
} from '../../../shared/crm/contacts.schemas';
import type { TASK_PRIORITIES as SHARED_TASK_PRIORITIES } from '../../../shared/crm/tasks.schemas';

export const CONSENT_CHANNELS: typeof SHARED_CONSENT_CHANNELS = ['email', 'sms', 'phone', 'fax', 'whatsapp'];
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONTACT_LANGUAGES: typeof SHARED_CONTACT_LANGUAGES = ['he', 'en', 'ar', 'ru'];
export const CONTACT_CHANNELS: typeof SHARED_CONTACT_CHANNELS = ['email', 'sms', 'phone', 'whatsapp', 'fax'];
export const TASK_PRIORITIES: typeof SHARED_TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'];
export const CALL_DIRECTIONS: typeof ACTIVITY_DIRECTIONS = ['inbound', 'outbound'];
export const CALL_RESULTS: typeof CALL_OUTCOMES = [
  'answered',
  'no_answer',
  'busy',
  'voicemail',
  'wrong_number',
];

/** The channel chips of the timeline filter (web and portal entries show under "all"). */
export const TIMELINE_FILTER_CHANNELS = [
  'phone',
  'email',
  'sms',
  'chat',
  'whatsapp',
  'fax',
  'walk_in',
  'meeting',
  'internal',
  'system',
] as const;
