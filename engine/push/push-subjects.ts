// NATS subjects of push topics: topic `user.42` travels on `<ns>.push.user.42`, so an edge maps a
// client's topic to one subject without a table. This is the shape of `userPushSubject` in
// engine/sale/sale-subjects.ts, where workers publish ticket statuses: the two must stay equal.
import type { PushTopic } from './push-topics.js';

export function pushSubject(namespace: string, topic: PushTopic): string {
  return `${namespace}.push.${topic}`;
}
