// Small DOM helpers. Everything the platform says goes into the page as text (textContent, attributes), never as
// HTML: a commit message or a task's name cannot inject markup.

const SVG = 'http://www.w3.org/2000/svg';

/** An element with attributes ("class", "data-*", ...) and children (nodes or strings, null skipped). */
export function el(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** The same in the SVG namespace, for the charts. */
export function svg(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attributes, children);
}

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

export function setText(id, text) {
  const node = byId(id);
  const value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

const drawn = new WeakMap();

/**
 * Replaces a container's children only when what they show changed: a poll every second must not rebuild the
 * page under the reader's eyes (or under a selection) when nothing happened.
 */
export function renderIfChanged(container, data, build) {
  const key = JSON.stringify(data);
  if (drawn.get(container) === key) {
    return;
  }
  drawn.set(container, key);
  container.replaceChildren(...build(data));
}

/** "14:03:07" in the reader's time zone; the full instant goes in a title. */
export function clockTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], {hour12: false}) : '';
}

export function timeElement(iso) {
  return el('time', {datetime: iso, title: iso}, clockTime(iso));
}

/** 850 ms, 4.2 s, 3 min 05 s, 1 h 02 min. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms) || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Milliseconds between two ISO instants, the second one defaulting to now (for what is still running). */
export function between(startIso, endIso) {
  if (!startIso) {
    return null;
  }
  const end = endIso ? Date.parse(endIso) : Date.now();
  return end - Date.parse(startIso);
}
