package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskDefinitionTest {

    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void replaces_the_port_placeholder_in_every_argument() {
        TaskDefinition def = new TaskDefinition("web", List.of("app", "--port=${PORT}", "${PORT}"), Map.of(),
                "/health", S, S);
        assertThat(def.commandFor(8123)).containsExactly("app", "--port=8123", "8123");
    }

    @Test
    void explains_what_is_wrong() {
        assertThatThrownBy(() -> new TaskDefinition("web", List.of(), Map.of(), "/health", S, S))
                .hasMessage("task definition 'web': command must not be empty");
        assertThatThrownBy(() -> new TaskDefinition(" ", List.of("app"), Map.of(), "/health", S, S))
                .hasMessageContaining("family must not be empty");
        assertThatThrownBy(() -> new TaskDefinition("web", List.of("app"), Map.of(), "health", S, S))
                .hasMessageContaining("health path must start with '/'");
        assertThatThrownBy(() -> new TaskDefinition("web", List.of("app"), Map.of(), "/health", S.negated(), S))
                .hasMessage("task definition 'web': start timeout must be positive, was PT-1S");
        assertThatThrownBy(() -> new TaskDefinition("web", List.of("app"), Map.of(), "/health", S, Duration.ZERO))
                .hasMessageContaining("stop timeout must be positive");
    }

    @Test
    void copies_its_collections() {
        var command = new java.util.ArrayList<>(List.of("app"));
        TaskDefinition def = new TaskDefinition("web", command, null, "/health", S, S);
        command.add("more");
        assertThat(def.command()).containsExactly("app");
        assertThat(def.environment()).isEmpty();
    }
}
