package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

class ClientFilterTest {

    @Test
    void only_allowed_client_addresses_get_through() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("api", f.backend("api-1"));
            f.lb.listen("api", "127.0.0.1", 0, Cidr.parse("127.0.0.1/32"));
            f.lb.route(Map.of("api", "api"));

            assertThat(f.get("api", "/").getContentAsString()).isEqualTo("api-1");

            // Linux routes all of 127/8 to the loopback interface: this client comes from another address
            HttpClient other = f.client(1);
            other.setBindAddress(new InetSocketAddress("127.0.0.2", 0));
            ContentResponse refused = other.GET(f.uri("api", "/"));
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getMediaType()).isEqualTo("application/json");
            assertThat(refused.getContentAsString()).contains("\"error\":\"forbidden\"", "127.0.0.2", "'api'");
        }
    }
}
