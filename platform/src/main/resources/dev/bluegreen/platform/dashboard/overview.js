// The status at a glance: which side each listener serves (with its version and tags), the services and their
// tasks, and the event log.
import {byId, el, renderIfChanged, setText, timeElement} from './dom.js';

/** The side behind a listener, as the cards and the action dialogs describe it. */
function side(status, listenerName) {
  const listener = (status.listeners || []).find((l) => l.name === listenerName);
  if (!listener || !listener.targetGroup) {
    return null;
  }
  const group = (status.targetGroups || []).find((g) => g.name === listener.targetGroup) || {tags: {}, targets: []};
  return {
    name: listener.targetGroup,
    url: listener.url,
    version: group.tags.Image || '?',
    identifier: group.tags.Identifier || '?',
    isProduction: group.tags.IsProduction || '?',
    healthy: group.targets.filter((t) => t.state === 'HEALTHY').length,
    targets: group.targets.length,
  };
}

export function liveSides(status) {
  return status ? {prod: side(status, 'prod'), test: side(status, 'test')} : {};
}

export function showOverview(status) {
  setText('platform-version', status.version);
  const sides = liveSides(status);
  for (const listener of ['prod', 'test']) {
    const live = sides[listener];
    byId(`listener-${listener}`).dataset.side = live ? live.name : '';
    setText(`${listener}-side`, live ? live.name : 'nothing');
    setText(`${listener}-version`, live && live.version);
    setText(`${listener}-identifier`, live && live.identifier);
    setText(`${listener}-is-production`, live && live.isProduction);
    setText(`${listener}-targets`, live && `${live.healthy} of ${live.targets} healthy`);
    if (listener === 'prod') {
      setText('prod-weights', weights(status, 'prod'));
    }
    const link = byId(`${listener}-url`);
    // only http(s) addresses become links: the page never follows anything else the status might hold
    if (live && /^https?:\/\//.test(live.url) && link.getAttribute('href') !== live.url) {
      link.href = live.url;
      link.textContent = live.url;
    }
  }
  renderIfChanged(byId('services'), status.services || [], (services) => services.map(serviceRow));
  renderIfChanged(byId('events'), status.events || [], (events) => events.map(eventRow));
}

function serviceRow(service) {
  const healthy = service.runningCount === service.desiredCount ? 'good' : 'warn';
  return el('tr', {'data-service': service.name},
      el('th', {scope: 'row'}, service.name),
      el('td', {}, el('span', {class: 'group', 'data-side': service.targetGroup}, service.targetGroup)),
      el('td', {}, service.image),
      el('td', {class: `count ${healthy}`}, `${service.runningCount} / ${service.desiredCount}`),
      el('td', {class: service.restarts > 0 ? 'count warn' : 'count'}, String(service.restarts)),
      el('td', {}, el('ul', {class: 'tasks'}, ...(service.tasks || []).map(taskItem))));
}

function taskItem(task) {
  return el('li', {class: 'task'},
      el('span', {class: 'task-id'}, task.id),
      ` pid ${task.pid} · port ${task.port} · ${task.state.toLowerCase()} · `,
      el('span', {class: `health health-${task.health}`}, task.health.toLowerCase()));
}

function eventRow(event) {
  return el('tr', {'data-type': event.type},
      el('td', {}, timeElement(event.time)),
      el('td', {}, event.actor),
      el('td', {}, el('span', {class: 'event-type'}, event.type)),
      el('td', {}, event.message));
}

/** "blue 80 %, green 20 % (shifting)", or "blue 100 %". */
function weights(status, listenerName) {
  const listener = (status.listeners || []).find((l) => l.name === listenerName);
  const entries = Object.entries((listener && listener.weights) || {});
  return entries.map(([group, percent]) => `${group} ${percent} %`).join(', ')
      + (entries.length > 1 ? ' (shifting)' : '');
}

/** Flips, rollbacks and shift steps (not refused ones): the moments the charts mark. */
export function trafficChanges(status) {
  return (status.events || []).filter((e) => /(^|-)(flip|rollback)$|^shift$/.test(e.type));
}
