package dev.bluegreen.platform.lb;

import java.nio.channels.SelectableChannel;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;

/**
 * Jetty's limit of open connections on one listener, counted. At the limit Jetty stops accepting: a new client's
 * connection waits in the kernel's accept queue (its connect succeeds, its request waits) until an open one closes;
 * once that queue is full too, new connections are refused by the kernel. A connection Jetty was already accepting
 * when the limit was reached is closed at once.
 */
final class ListenerConnectionLimit extends NetworkConnectionLimit {

    private final Runnable onLimitReached;
    private final Runnable onRefused;

    ListenerConnectionLimit(int maxConnections, Connector connector, Runnable onLimitReached, Runnable onRefused) {
        super(maxConnections, connector);
        this.onLimitReached = onLimitReached;
        this.onRefused = onRefused;
    }

    @Override
    protected void limit() {
        super.limit();
        onLimitReached.run();
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        super.onAccepting(channel);
        if (!channel.isOpen()) {
            onRefused.run();
        }
    }
}
