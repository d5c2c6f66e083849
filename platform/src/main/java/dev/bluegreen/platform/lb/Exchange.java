package dev.bluegreen.platform.lb;

/**
 * One client request on its way through the load balancer: where it was sent and how many attempts it took.
 */
final class Exchange {

    static final String ATTRIBUTE = Exchange.class.getName();

    private final String listener;
    private final TargetGroup group;
    private final long startNanos;
    private volatile Member member;
    private volatile int attempts = 1;

    Exchange(String listener, TargetGroup group, Member member, long startNanos) {
        this.listener = listener;
        this.group = group;
        this.member = member;
        this.startNanos = startNanos;
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

    long startNanos() {
        return startNanos;
    }

    int attempts() {
        return attempts;
    }

    /** Moves the request to another target; the caller has already counted it in there. */
    void retryOn(Member other) {
        Member previous = member;
        member = other;
        attempts++;
        previous.release();
    }
}
