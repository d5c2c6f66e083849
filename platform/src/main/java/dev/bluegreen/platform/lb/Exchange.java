package dev.bluegreen.platform.lb;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client request on its way through the load balancer: where it was sent, how many attempts it took, and what
 * its metrics need to tell the target's doing from the client's: when the load balancer had the whole request, when
 * the target answered, whether the client went away.
 */
final class Exchange {

    private final String listener;
    private final TargetGroup group;
    private final long startNanos;
    private final String setCookie;
    private final AtomicBoolean counted = new AtomicBoolean();
    private volatile Member member;
    private volatile int attempts = 1;
    /** When the last byte of the request's body arrived; 0 before that, and for a request without a body. */
    private volatile long receivedNanos;
    /** When the target's response headers arrived; 0 before that. */
    private volatile long answeredNanos;
    /** The answer's status: the target's, or the load balancer's own when it answers for the target. */
    private volatile int status = 502;
    private volatile Throwable clientFailure;

    /** @param setCookie the {@code Set-Cookie} its answer carries (the side a sticky client keeps), or null */
    Exchange(String listener, TargetGroup group, Member member, long startNanos, String setCookie) {
        this.listener = listener;
        this.group = group;
        this.member = member;
        this.startNanos = startNanos;
        this.setCookie = setCookie;
    }

    String listener() {
        return listener;
    }

    TargetGroup group() {
        return group;
    }

    Member member() {
        return member;
    }

    String setCookie() {
        return setCookie;
    }

    int attempts() {
        return attempts;
    }

    /** The request's last byte arrived: the first time it is seen (its end-of-content may be read again later). */
    void received(long nanos) {
        if (receivedNanos == 0) {
            receivedNanos = nanos;
        }
    }

    void answered(long nanos, int status) {
        answeredNanos = nanos;
        this.status = status;
    }

    /** The load balancer answers for the target (502, 504). */
    void answeredFor(int status) {
        answeredNanos = 0;
        this.status = status;
    }

    int status() {
        return status;
    }

    /** The client's connection failed: it closed mid-request, stopped sending, or a write to it failed. */
    void clientFailed(Throwable failure) {
        if (clientFailure == null) {
            clientFailure = failure;
        }
    }

    boolean clientGone() {
        return clientFailure != null;
    }

    /** True the first time only: a request is counted once, at its first byte to the client or at its end. */
    boolean countOnce() {
        return counted.compareAndSet(false, true);
    }

    /**
     * The target's time to answer: from the moment the load balancer had the whole request (its headers, or the
     * last byte of its body) to the target's response headers. Neither a client sending slowly nor one reading
     * slowly is in it. Without an answer from the target, up to {@code now}, when the load balancer answers for it.
     */
    long latencyNanos(long now) {
        long end = answeredNanos != 0 ? answeredNanos : now;
        long received = receivedNanos;
        // a target may answer before it has read the whole body (an echo): then its time counts from the headers
        long from = received != 0 && received <= end ? received : startNanos;
        return end - from;
    }

    /** Moves the request to another target; the caller has already counted it in there. */
    void retryOn(Member other) {
        Member previous = member;
        member = other;
        attempts++;
        answeredNanos = 0;
        previous.release();
    }
}
