package dev.bluegreen.aws.stack;

import dev.bluegreen.aws.AwsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;

/**
 * Follows one stack operation (create, update, delete) to its end: reports each new event once, the nested
 * stacks' events too (CloudFormation only shows them on the nested stack itself), and remembers the failures so
 * that a failed operation can say why in one message instead of "ROLLBACK_COMPLETE".
 */
final class StackWatcher {

    private static final String NESTED_STACK = "AWS::CloudFormation::Stack";

    private final CloudFormationClient cfn;
    private final String stackId;
    private final StackEvent.Listener listener;
    private final Polling polling;
    private final Set<String> seen = new HashSet<>();
    /** nested stack id → its logical id in the parent, the prefix of its events */
    private final Map<String, String> nested = new LinkedHashMap<>();
    private final List<StackEvent> failures = new ArrayList<>();
    private Instant since;

    private StackWatcher(CloudFormationClient cfn, String stackId, StackEvent.Listener listener, Polling polling) {
        this.cfn = cfn;
        this.stackId = stackId;
        this.listener = listener;
        this.polling = polling;
    }

    /** Call before starting the operation: the events already there are history, not progress. */
    static StackWatcher before(CloudFormationClient cfn, String stackIdOrName, boolean exists,
                               StackEvent.Listener listener, Polling polling) {
        StackWatcher watcher = new StackWatcher(cfn, stackIdOrName, listener, polling);
        if (exists) {
            DescribeStackEventsResponse page = cfn.describeStackEvents(b -> b.stackName(stackIdOrName));
            page.stackEvents().forEach(e -> watcher.seen.add(e.eventId()));
        }
        return watcher;
    }

    /** The same watcher on the stack's id, known once the operation started (a name stops working on delete). */
    StackWatcher on(String id) {
        StackWatcher watcher = new StackWatcher(cfn, id, listener, polling);
        watcher.seen.addAll(seen);
        return watcher;
    }

    /** Polls until the stack's status is no longer {@code *_IN_PROGRESS}; returns the stack at that point. */
    Stack await() {
        long deadline = System.nanoTime() + polling.timeout().toNanos();
        while (true) {
            Stack stack = cfn.describeStacks(b -> b.stackName(stackId)).stacks().get(0);
            // read the status first, then the events: the events that led to a final status are all reported
            report();
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                return stack;
            }
            if (System.nanoTime() > deadline) {
                throw new AwsException("stack " + stack.stackName() + " is still " + stack.stackStatusAsString()
                        + " after " + polling.timeout().toMinutes() + " minutes; follow it in the CloudFormation "
                        + "console, or run the command again later");
            }
            polling.sleep();
        }
    }

    /** The first failures of this operation, e.g. {@code Vpc: The maximum number of VPCs has been reached}. */
    String failureReasons() {
        List<String> reasons = failures.stream()
                .filter(e -> !e.reason().contains("cancelled") && !e.reason().startsWith("Embedded stack"))
                .sorted(Comparator.comparing(StackEvent::time))
                .limit(3)
                .map(e -> e.resource() + " (" + e.type() + "): " + e.reason())
                .collect(Collectors.toList());
        return reasons.isEmpty() ? "" : String.join("; ", reasons);
    }

    private void report() {
        List<StackEvent> fresh = newEvents(stackId, "");
        if (since == null && !fresh.isEmpty()) {
            since = fresh.get(0).time();
        }
        for (Map.Entry<String, String> n : nestedStacks().entrySet()) {
            fresh.addAll(newEvents(n.getKey(), n.getValue() + "/"));
        }
        fresh.sort(Comparator.comparing(StackEvent::time));
        for (StackEvent event : fresh) {
            if (event.failed()) {
                failures.add(event);
            }
            listener.event(event);
        }
    }

    /** New events, oldest first; pages are read newest first, only until a seen (or older) event. */
    private List<StackEvent> newEvents(String id, String prefix) {
        List<StackEvent> events = new ArrayList<>();
        String token = null;
        boolean more = true;
        try {
            while (more) {
                String next = token;
                DescribeStackEventsResponse page = cfn.describeStackEvents(b -> b.stackName(id).nextToken(next));
                for (var e : page.stackEvents()) {
                    // a nested stack's history from an earlier operation is not this one's progress
                    boolean history = since != null && !prefix.isEmpty() && e.timestamp().isBefore(since);
                    if (!seen.add(e.eventId()) || history) {
                        more = false;
                        break;
                    }
                    events.add(new StackEvent(e.timestamp(), prefix + e.logicalResourceId(), e.resourceType(),
                            e.resourceStatusAsString(), e.resourceStatusReason()));
                }
                token = page.nextToken();
                more = more && token != null;
            }
        } catch (CloudFormationException e) {
            if (prefix.isEmpty()) {
                throw e;
            }
            // a nested stack that is gone already: its events are not worth failing the watch for
        }
        events.sort(Comparator.comparing(StackEvent::time));
        return events;
    }

    /** The nested stacks of the watched stack, found again each time: they appear as the operation goes on. */
    private Map<String, String> nestedStacks() {
        try {
            for (StackResource r : cfn.describeStackResources(b -> b.stackName(stackId)).stackResources()) {
                if (NESTED_STACK.equals(r.resourceType()) && r.physicalResourceId() != null
                        && r.physicalResourceId().startsWith("arn:")) {
                    nested.putIfAbsent(r.physicalResourceId(), r.logicalResourceId());
                }
            }
        } catch (CloudFormationException e) {
            // a stack being deleted may no longer list its resources: keep the nested stacks known so far
        }
        return nested;
    }
}
