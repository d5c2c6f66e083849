package dev.bluegreen.core.routing;

import static dev.bluegreen.core.routing.FlipPlannerTest.PAIR;
import static dev.bluegreen.core.routing.FlipPlannerTest.seed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScaleGuardTest {

    @Test
    void production_and_the_api_are_never_scaled_to_zero_the_test_side_may_be() {
        Routing routing = seed("v1", "v2");

        assertThat(ScaleGuard.check(routing, PAIR, "web-blue", "blue", 0)).get().extracting(Decision.Refused::message)
                .isEqualTo("web-blue serves production (listener prod): scaling it to 0 would take production down; "
                        + "flip first");
        assertThat(ScaleGuard.check(routing, PAIR, "api", "api", 0)).get().extracting(Decision.Refused::message)
                .isEqualTo("api serves production (listener api): scaling it to 0 would take production down");
        assertThat(ScaleGuard.check(routing, PAIR, "web-green", "green", 0)).isEmpty();
        assertThat(ScaleGuard.check(routing, PAIR, "web-blue", "blue", 1)).isEmpty();
    }

    @Test
    void the_side_taking_a_share_of_production_while_traffic_shifts_is_not_scaled_to_zero() {
        Routing shifting = seed("v1", "v2").withSplit("prod", "green", 10);

        assertThat(ScaleGuard.check(shifting, PAIR, "web-green", "green", 0)).get()
                .extracting(Decision.Refused::message).isEqualTo("web-green serves production (listener prod): "
                        + "scaling it to 0 would take production down (it takes 10 % of it while traffic shifts); "
                        + "roll back or finish the release first");
        assertThat(ScaleGuard.check(shifting, PAIR, "web-green", "green", 1)).isEmpty();
    }
}
