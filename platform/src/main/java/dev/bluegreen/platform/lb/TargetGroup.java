package dev.bluegreen.platform.lb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;

/**
 * A named set of targets, health-checked, with round-robin over the healthy ones. Requests never go to a target
 * that is not healthy: with none healthy the load balancer answers 503 rather than fail open.
 */
public final class TargetGroup {

    /** Attempts to find a target that accepts a request; a lost race with a deregistration costs one more try. */
    private static final int CHOOSE_ATTEMPTS = 4;

    private final String name;
    private final HealthCheck check;
    private final Duration deregistrationDelay;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, HealthChecker> checkers = new LinkedHashMap<>();
    private final Map<String, Member> draining = new LinkedHashMap<>();
    /** Rebuilt on every change, read without a lock on every request. */
    private volatile List<Member> healthy = List.of();
    private boolean closed;

    TargetGroup(String name, HealthCheck check, Duration deregistrationDelay, HttpClient client,
                ScheduledExecutorService scheduler) {
        this.name = name;
        this.check = check;
        this.deregistrationDelay = deregistrationDelay;
        this.client = client;
        this.scheduler = scheduler;
    }

    public String name() {
        return name;
    }

    public HealthCheck healthCheck() {
        return check;
    }

    public Duration deregistrationDelay() {
        return deregistrationDelay;
    }

    /** Adds a target; it starts INITIAL and receives requests once it passed the healthy threshold. */
    public synchronized void register(Target target) {
        if (closed) {
            throw new IllegalStateException("target group " + name + " is closed");
        }
        if (members.containsKey(target.id()) || draining.containsKey(target.id())) {
            throw new IllegalArgumentException("target " + target.id() + " is already registered in " + name);
        }
        Member member = new Member(target, check);
        HealthChecker checker = new HealthChecker(member, check, client, scheduler, this::rebuild);
        members.put(target.id(), member);
        checkers.put(target.id(), checker);
        checker.start();
    }

    /**
     * Removes a target: from now on it gets no new request. The future completes when its requests in flight are
     * done, or when the deregistration delay has passed, whichever comes first.
     */
    public CompletableFuture<Void> deregister(String targetId) {
        Member member;
        synchronized (this) {
            member = members.remove(targetId);
            if (member == null) {
                throw new IllegalArgumentException("no target " + targetId + " in " + name);
            }
            checkers.remove(targetId).stop();
            draining.put(targetId, member);
            rebuild();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        member.drain().completeOnTimeout(null, deregistrationDelay.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, failure) -> {
                    synchronized (this) {
                        draining.remove(targetId, member);
                    }
                    done.complete(null);
                });
        return done;
    }

    public List<Target> healthy() {
        return healthy.stream().map(Member::target).toList();
    }

    /** Every target with its state, registered ones first, then the draining ones. */
    public synchronized List<TargetHealth> describe() {
        List<TargetHealth> all = new ArrayList<>();
        members.values().forEach(member -> all.add(member.health()));
        draining.values().forEach(member -> all.add(member.health()));
        return all;
    }

    /**
     * The next healthy target in turn, other than {@code excluded}, with a request counted in; null when none.
     */
    Member acquire(Member excluded) {
        for (int attempt = 0; attempt < CHOOSE_ATTEMPTS; attempt++) {
            List<Member> candidates = healthy;
            int size = candidates.size();
            if (size == 0 || size == 1 && candidates.get(0) == excluded) {
                return null;
            }
            int start = Math.floorMod(next.getAndIncrement(), size);
            Member chosen = candidates.get(start);
            if (chosen == excluded) {
                chosen = candidates.get((start + 1) % size);
            }
            if (chosen.acquire()) {
                return chosen;
            }
        }
        return null;
    }

    private synchronized void rebuild() {
        healthy = members.values().stream().filter(member -> member.state() == TargetState.HEALTHY).toList();
    }

    synchronized void close() {
        closed = true;
        checkers.values().forEach(HealthChecker::stop);
    }
}
