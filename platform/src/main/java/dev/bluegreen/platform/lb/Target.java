package dev.bluegreen.platform.lb;

import java.net.URI;
import java.util.Objects;

/** One task endpoint a target group forwards to, e.g. ("web-blue-1", http://127.0.0.1:41234). */
public record Target(String id, URI uri) {

    public Target {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uri, "uri");
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("target " + id + " needs a host and a port: " + uri);
        }
    }
}
