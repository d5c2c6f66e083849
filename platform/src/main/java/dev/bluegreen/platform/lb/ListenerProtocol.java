package dev.bluegreen.platform.lb;

import java.nio.channels.SelectableChannel;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * What a listener speaks: HTTP/1.1 as the load balancer reads and writes it ({@link ClientConnection}), each client
 * connection with the target pool of the selector it was accepted on.
 */
final class ListenerProtocol extends AbstractConnectionFactory {

    private final BalancingProxy proxy;

    ListenerProtocol(BalancingProxy proxy) {
        super("http/1.1");
        this.proxy = proxy;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        TargetPool pool = proxy.pool(selectorOf((ServerConnector) connector, endPoint), connector.getScheduler());
        return configure(new ClientConnection(endPoint, connector.getExecutor(), connector.getName(), pool, proxy),
                connector, endPoint);
    }

    /** The selector the connection is registered with (Jetty names no getter for it). */
    private static ManagedSelector selectorOf(ServerConnector connector, EndPoint endPoint) {
        SelectableChannel channel = ((SelectableChannelEndPoint) endPoint).getChannel();
        for (ManagedSelector selector : connector.getSelectorManager().getBeans(ManagedSelector.class)) {
            if (channel.keyFor(selector.getSelector()) != null) {
                return selector;
            }
        }
        throw new IllegalStateException("no selector of listener " + connector.getName() + " has " + endPoint);
    }
}
