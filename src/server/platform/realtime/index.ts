// Public API of the realtime platform (WebSocket endpoint, channels, cross-process fan-out).
export {
  createRealtime,
  MAX_PAYLOAD_BYTES,
  REALTIME_CHANNEL,
  type Realtime,
  type RealtimeConnection,
  type RealtimeMessage,
  type RealtimeMessageHandler,
  type SubscribeAuthoriser,
} from './realtime.js';
