package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbacksTest {

    @Test
    void calls_are_made_on_run_in_order_and_one_that_throws_does_not_stop_the_others() {
        List<String> made = new ArrayList<>();
        Callbacks later = new Callbacks();
        later.add(() -> made.add("first"));
        later.add(() -> {
            throw new IllegalStateException("a listener's bug");
        });
        later.add(() -> made.add("third"));
        assertThat(made).isEmpty();

        later.run();

        assertThat(made).containsExactly("first", "third");
    }
}
