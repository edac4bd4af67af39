export { timelineRoutes } from './timeline.routes.js';
export {
  appendTimeline,
  createTimeline,
  listTimeline,
  type NewTimelineEntry,
  type Timeline,
  type TimelineChannel,
  timelineActor,
  timelinePage,
} from './timeline.service.js';
export { timelineEntries } from './timeline.table.js';
export { reassignTimeline } from './timeline-reassign.js';
