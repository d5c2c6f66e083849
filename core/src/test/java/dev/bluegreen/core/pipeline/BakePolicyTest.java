package dev.bluegreen.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BakePolicyTest {

    final BakePolicy policy = new BakePolicy(Duration.ofSeconds(30), 0.05, Duration.ofMillis(500), 20);

    @Test
    void too_many_server_errors_is_a_breach_with_the_figures() {
        assertThat(policy.breach(new BakePolicy.Sample(200, 24, Duration.ofMillis(40))))
                .contains("12.0 % of 200 production requests answered 5xx (limit 5.0 %)");
    }

    @Test
    void slow_p99_is_a_breach() {
        assertThat(policy.breach(new BakePolicy.Sample(100, 0, Duration.ofMillis(900))))
                .contains("production p99 latency 900 ms over 100 requests (limit 500 ms)");
    }

    @Test
    void a_healthy_sample_or_too_few_requests_concludes_nothing() {
        assertThat(policy.breach(new BakePolicy.Sample(1000, 50, Duration.ofMillis(500)))).isEmpty();
        assertThat(policy.breach(new BakePolicy.Sample(19, 19, Duration.ofSeconds(9)))).isEmpty();
    }

    @Test
    void nonsense_limits_are_refused() {
        assertThatThrownBy(() -> new BakePolicy(Duration.ofSeconds(1), 1.5, Duration.ofMillis(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
