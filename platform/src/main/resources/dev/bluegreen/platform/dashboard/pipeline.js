// The pipeline's executions, newest first: each with its stages as a progress line, durations, outcome, who
// approved, each check's result, how it is released (the strategy, and each step of a shift with its verdict), its
// build log on demand, and Approve / Reject while it waits for review. An execution's element is
// kept from one poll to the next (updated in place), so an open log or a focused button survives the refresh.
import {approve, reject} from './actions.js';
import {getText} from './api.js';
import {between, byId, duration, el, renderIfChanged, timeElement} from './dom.js';

const STAGE_NAMES = {
  SOURCE: 'Source', BUILD: 'Build', DEPLOY: 'Deploy', CHECK: 'Check', REVIEW: 'Review', FLIP: 'Flip', BAKE: 'Bake',
};
const FINAL = ['SUCCEEDED', 'FAILED', 'REJECTED', 'SUPERSEDED', 'ROLLED_BACK', 'INTERRUPTED'];

export function showExecutions(executions) {
  const list = byId('executions');
  byId('pipeline-empty').hidden = executions.length > 0;
  const kept = new Map([...list.children].map((item) => [item.dataset.id, item]));
  const items = executions.map((execution) => {
    const item = kept.get(String(execution.id)) || create(execution);
    update(item, execution);
    return item;
  });
  // re-appending an element already in place does not move the focus out of it
  items.forEach((item, index) => {
    if (list.children[index] !== item) {
      list.insertBefore(item, list.children[index] || null);
    }
  });
  [...list.children].slice(items.length).forEach((stale) => stale.remove());
}

function create(execution) {
  const item = el('li', {class: 'execution', 'data-id': execution.id},
      el('div', {class: 'execution-head'},
          el('span', {class: 'execution-id'}, `#${execution.id}`),
          el('span', {class: 'execution-tag'}),
          el('span', {class: 'execution-status'}),
          el('span', {class: 'execution-commit'}),
          el('span', {class: 'execution-timing'})),
      el('ol', {class: 'stages', 'aria-label': 'stages'}),
      el('ul', {class: 'checks', 'aria-label': 'checks'}),
      el('p', {class: 'execution-release'}),
      el('ol', {class: 'shift-steps', 'aria-label': 'release steps'}),
      el('p', {class: 'execution-approval'}),
      el('div', {class: 'review'}),
      el('details', {class: 'build-log'},
          el('summary', {}, 'Build log'),
          el('pre', {tabindex: '0'}, 'loading…')));
  const log = item.querySelector('details');
  log.addEventListener('toggle', () => {
    if (log.open) {
      loadLog(item);
    }
  });
  return item;
}

function update(item, execution) {
  item.dataset.status = execution.status;
  const head = item.querySelector('.execution-head');
  head.querySelector('.execution-tag').textContent = execution.tag;
  const status = head.querySelector('.execution-status');
  status.textContent = execution.status.toLowerCase().replaceAll('_', ' ');
  status.className = `execution-status status-${execution.status}`;
  const commit = execution.commit || {};
  const subject = (commit.message || '').split('\n')[0];
  head.querySelector('.execution-commit').textContent =
      `${(commit.id || '').slice(0, 7)} “${subject}” by ${commit.author || '?'}`;
  const timing = head.querySelector('.execution-timing');
  const took = duration(between(execution.createdAt, execution.endedAt));
  timing.replaceChildren('started ', timeElement(execution.createdAt),
      execution.endedAt ? ` · took ${took}` : ` · running for ${took}`);
  renderIfChanged(item.querySelector('.stages'), execution.stages || [], (stages) => stages.map(stageItem));
  renderIfChanged(item.querySelector('.checks'), execution.checks || [], (checks) => checks.map(checkItem));
  const release = execution.release;
  item.querySelector('.execution-release').textContent = release
    ? `Released ${release.description} (${chosenBy(release.chosenBy)})` : '';
  renderIfChanged(item.querySelector('.shift-steps'), release && release.plannedSteps.length > 1 ? release.steps : [],
      (steps) => steps.map((step, index) => stepItem(step, index, release.plannedSteps.length)));
  item.querySelector('.execution-approval').textContent = execution.approvedBy
      ? `Approved by ${execution.approvedBy}` : '';
  showReview(item, execution);
  if (item.querySelector('details').open && !FINAL.includes(execution.status)) {
    loadLog(item); // a running build's log grows
  }
}

function stageItem(stage) {
  // a stage never reached has no duration, even if it was closed with a time (skipped)
  const reached = stage.startedAt && !['PENDING', 'SKIPPED'].includes(stage.status);
  const took = reached ? duration(between(stage.startedAt, stage.endedAt)) : '';
  return el('li', {class: `stage stage-${stage.status}`, title: stage.message || ''},
      el('span', {class: 'stage-name'}, STAGE_NAMES[stage.stage] || stage.stage),
      el('span', {class: 'stage-status'}, stage.status.toLowerCase()),
      el('span', {class: 'stage-duration'}, took),
      stage.message ? el('span', {class: 'stage-message'}, stage.message) : null);
}

/** One check: passed or not, how long it took, and why not with its output. */
function checkItem(check) {
  return el('li', {class: `check check-${check.passed ? 'passed' : 'failed'}`},
      el('span', {class: 'check-mark', 'aria-hidden': 'true'}, check.passed ? '✓' : '✗'), ' ',
      el('span', {class: 'check-name'}, check.name),
      el('span', {class: 'check-verdict'}, check.passed ? ` passed in ${duration(check.tookMs)}`
        : ` failed: ${check.detail}`),
      check.output && check.output.length ? el('pre', {class: 'check-output'}, check.output.join('\n')) : null);
}

function chosenBy(by) {
  return {'release.yml': "the app's release.yml", default: 'no release.yml: the default'}[by] || `chosen at the ${by}`;
}

const RESULTS = {
  RUNNING: 'running', PASSED: 'passed', NOT_JUDGED: 'too few requests to judge', BREACHED: 'breached',
  STOPPED: 'stopped', PROMOTED: 'promoted',
};

/** One step of a shift: its share of production, its verdict with the figures, how long it was held. */
function stepItem(step, index, count) {
  const took = step.result === 'PROMOTED' ? '' : duration(between(step.startedAt, step.endedAt));
  return el('li', {class: `shift-step step-${step.result}`},
      el('span', {class: 'step-share'}, `Step ${index + 1} of ${count}: ${step.percent} %`),
      el('span', {class: 'step-result'}, ` · ${RESULTS[step.result] || step.result}`),
      took ? el('span', {class: 'step-duration'}, ` · ${took}`) : null,
      step.resumed ? el('span', {class: 'step-resumed'}, ' · resumed after a restart') : null,
      step.note ? el('span', {class: 'step-note'}, ` — ${step.note}`) : null);
}

/** Approve and Reject exist only while the execution waits for review; kept as they are while it does. */
function showReview(item, execution) {
  const review = item.querySelector('.review');
  const waiting = execution.status === 'AWAITING_APPROVAL';
  if (waiting && review.childElementCount === 0) {
    const approveButton = el('button', {type: 'button', class: 'approve primary'}, `Approve ${execution.tag}`);
    const rejectButton = el('button', {type: 'button', class: 'reject'}, 'Reject');
    approveButton.addEventListener('click', () => approve(execution));
    rejectButton.addEventListener('click', () => reject(execution));
    review.replaceChildren(approveButton, rejectButton);
  } else if (!waiting && review.childElementCount > 0) {
    review.replaceChildren();
  }
}

async function loadLog(item) {
  const pre = item.querySelector('pre');
  try {
    const log = await getText(`/api/executions/${item.dataset.id}/log`);
    const text = log === null ? 'No build log (yet).' : log || '(empty)';
    if (pre.textContent !== text) {
      const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      pre.textContent = text;
      if (atBottom) {
        pre.scrollTop = pre.scrollHeight; // follow a growing log, unless the reader scrolled up
      }
    }
  } catch (e) {
    pre.textContent = `The log could not be read: ${e.message}`;
  }
}
