package dev.bluegreen.platform.lb;

import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load balancer's threads. When a proxied response completes, Jetty hands its client connection to another
 * thread to look for the next request on it: one wake-up and context switch per request, a sixth of the proxy's CPU
 * on two cores. Since the proxy's handling never blocks ({@link BalancingProxy#getInvocationType}), that look runs
 * at once on the thread that completed the response instead: it reads (usually nothing yet) and asks the selector to
 * wake it when the next request arrives, or handles the next request there if it has arrived. Every other task goes
 * to the pool as usual.
 */
final class ProxyThreadPool extends QueuedThreadPool {

    ProxyThreadPool(int maxThreads, int minThreads) {
        super(maxThreads, minThreads);
    }

    @Override
    public void execute(Runnable job) {
        // Jetty's HTTP/1.1 connection is internal API; only its Runnable face is used, as Jetty itself does
        if (job instanceof HttpConnection) {
            job.run();
        } else {
            super.execute(job);
        }
    }
}
