package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/** A cookie keeps a client on the side it was first sent to while traffic shifts, as an ALB's group stickiness. */
class StickinessTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void a_client_keeps_its_side_while_it_has_weight_and_is_let_go_when_its_weight_is_zero() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("blue", f.backend("blue"));
            f.group("green", f.backend("green"));
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.forward(Map.of("prod", Forward.to("blue").split("green", 50).sticky(HOUR)));
            HttpClient browser = f.clientWithoutCookies();

            // chosen by weight (the 1st of 50 % goes to blue, the 2nd to green): the answer names the side
            ContentResponse first = get(f, browser, "/", null);
            assertThat(first.getContentAsString()).isEqualTo("blue");
            assertThat(first.getHeaders().getValuesList(HttpHeader.SET_COOKIE))
                    .containsExactly(cookie("blue"));
            ContentResponse second = get(f, browser, "/cookie", null);
            assertThat(second.getContentAsString()).isEqualTo("green");
            assertThat(second.getHeaders().getValuesList(HttpHeader.SET_COOKIE)).as("the target's cookie kept")
                    .containsExactly("session=green; Path=/", cookie("green"));

            // the cookie wins over the weights, at 50 % and at 1 %; no new cookie is set
            List<String> sides = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ContentResponse kept = get(f, browser, "/", "bluegreen-side=green");
                sides.add(kept.getContentAsString());
                assertThat(kept.getHeaders().get(HttpHeader.SET_COOKIE)).isNull();
            }
            f.lb.forward(Map.of("prod", Forward.to("blue").split("green", 1).sticky(HOUR)));
            for (int i = 0; i < 20; i++) {
                sides.add(get(f, browser, "/", "other=1; bluegreen-side=green").getContentAsString());
            }
            assertThat(sides).containsOnly("green").hasSize(40);

            // a cookie naming no group of the split is ignored: chosen by weight, and told where it went
            ContentResponse stranger = get(f, browser, "/", "bluegreen-side=../etc");
            assertThat(stranger.getContentAsString()).isEqualTo("blue");
            assertThat(stranger.getHeaders().get(HttpHeader.SET_COOKIE)).isEqualTo(cookie("blue"));

            // green at 0 % (the shift rolled back): the cookie no longer holds, and none is set without a split
            f.lb.forward(Map.of("prod", Forward.to("blue").sticky(HOUR)));
            for (int i = 0; i < 10; i++) {
                ContentResponse after = get(f, browser, "/", "bluegreen-side=green");
                assertThat(after.getContentAsString()).isEqualTo("blue");
                assertThat(after.getHeaders().get(HttpHeader.SET_COOKIE)).isNull();
            }
            // all of production on green (the shift completed): the cookie is ignored there too
            f.lb.forward(Map.of("prod", Forward.to("green").sticky(HOUR)));
            ContentResponse promoted = get(f, browser, "/", "bluegreen-side=blue");
            assertThat(promoted.getContentAsString()).isEqualTo("green");
            assertThat(promoted.getHeaders().get(HttpHeader.SET_COOKIE)).isNull();
        }
    }

    @Test
    void without_stickiness_a_split_ignores_the_cookie_and_sets_none() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend green = f.backend("green");
            f.group("blue", f.backend("blue"));
            f.group("green", green);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.forward(Map.of("prod", Forward.to("blue").split("green", 10)));
            HttpClient browser = f.clientWithoutCookies();
            for (int i = 0; i < 100; i++) {
                ContentResponse response = get(f, browser, "/", "bluegreen-side=green");
                assertThat(response.getHeaders().get(HttpHeader.SET_COOKIE)).isNull();
            }
            assertThat(green.served()).isEqualTo(10);
        }
    }

    private static String cookie(String group) {
        return "bluegreen-side=" + group + "; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax";
    }

    private static ContentResponse get(Fixture f, HttpClient http, String path, String cookie) throws Exception {
        var request = http.newRequest(f.uri("prod", path));
        if (cookie != null) {
            request.headers(headers -> headers.put(HttpHeader.COOKIE, cookie));
        }
        return request.send();
    }
}
