package dev.bluegreen.platform.runtime;

import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.service.ServiceSettings;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The load balancer's three listeners, opened as configured: prod and api for everyone, test for the allowed; each
 * with the configured limits for slow and numerous clients.
 */
record Listeners(LoadBalancer lb, PlatformConfig config) {

    /** @return each listener's base URL, as reached from this machine */
    Map<String, URI> open() {
        Map<String, URI> listeners = new LinkedHashMap<>();
        listeners.put(Topology.PROD, listen(Topology.PROD, config.prodPort(), client -> true));
        listeners.put(Topology.TEST, listen(Topology.TEST, config.testPort(), this::allowedOnTest));
        listeners.put(Topology.API, listen(Topology.API, config.apiPort(), client -> true));
        return listeners;
    }

    private URI listen(String listener, int port, Predicate<InetAddress> allow) {
        try {
            int bound = lb.listen(listener, config.host(), port, allow, config.clientLimits());
            return URI.create("http://" + reachableHost() + ":" + bound);
        } catch (IllegalStateException e) {
            throw new PlatformException("listener " + listener + " cannot listen on " + config.host() + ":" + port
                    + " (in use? choose another with --" + listener + "-port)", e);
        }
    }

    /** Where a listener bound to every address is reached from this machine. */
    private String reachableHost() {
        return config.host().equals("0.0.0.0") || config.host().equals("::") ? ServiceSettings.LOOPBACK
                : config.host();
    }

    private boolean allowedOnTest(InetAddress client) {
        return config.testAllow().stream().anyMatch(range -> range.test(client));
    }
}
