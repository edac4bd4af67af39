export { timelineRoutes } from './timeline.routes.js';
export {
  appendTimeline,
  createTimeline,
  type NewTimelineEntry,
  type Timeline,
  type TimelineChannel,
  timelineActor,
} from './timeline.service.js';
export { timelineEntries } from './timeline.table.js';
