package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ServiceTableTest {

    private static final TaskDefinition DEFINITION = TestTasks.definition(Map.of());

    private final ServiceTable table = new ServiceTable();

    /** A task whose launch failed: no process to care about. */
    private static Task task(String service, long seq) {
        String id = service + "-" + seq;
        return new Task(id, service, seq, 0, DEFINITION, Path.of(id + ".log"), Instant.EPOCH, null);
    }

    private SupervisedService record(String service) {
        List<SupervisedService> found = new ArrayList<>();
        table.withServices(services -> services.stream().filter(s -> s.name.equals(service)).forEach(found::add));
        return found.get(0);
    }

    @Test
    void run_again_updates_the_definition_and_count_and_takes_back_a_removal() {
        table.run("web", DEFINITION, 1);
        table.remove("web");
        TaskDefinition next = TestTasks.definition(Map.of("VERSION", "2"));

        table.run("web", next, 3);

        SupervisedService web = record("web");
        assertThat(web.definition).isSameAs(next);
        assertThat(web.desired).isEqualTo(3);
        assertThat(web.removing).isFalse();
    }

    @Test
    void scale_refuses_an_unknown_service_and_one_being_removed() {
        table.run("web", DEFINITION, 1);
        table.remove("web");

        assertThatThrownBy(() -> table.scale("api", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no service 'api' to scale");
        assertThatThrownBy(() -> table.scale("web", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no service 'web' to scale");
    }

    @Test
    void removing_an_unknown_service_leaves_nothing_to_wait_for() {
        assertThat(table.remove("web")).isEmpty();
    }

    @Test
    void a_removed_service_is_forgotten_with_its_last_task_and_its_waiters_are_told_after_the_lock() {
        table.run("web", DEFINITION, 1);
        SupervisedService web = record("web");
        Task task = task("web", 1);
        web.tasks.put(task.id(), task);
        CompletableFuture<Void> gone = table.remove("web").orElseThrow();
        assertThat(web.desired).isZero();

        table.forgetIfGone(web, new Callbacks());
        assertThat(table.tasks("web")).containsExactly(task);

        table.removeTask(web, task);
        Callbacks later = new Callbacks();
        table.forgetIfGone(web, later);
        assertThat(table.owns(task.id())).isFalse();
        assertThat(gone).isNotDone();
        later.run();
        assertThat(gone).isDone();
    }

    @Test
    void owns_the_tasks_of_its_services_only() {
        table.run("web", DEFINITION, 1);
        Task task = task("web", 1);
        record("web").tasks.put(task.id(), task);

        assertThat(table.owns("web-1")).isTrue();
        assertThat(table.owns("web-2")).isFalse();
    }

    @Test
    void once_closed_it_takes_no_service_and_rounds_find_it_closed() {
        table.run("web", DEFINITION, 1);

        assertThat(table.close()).isTrue();
        assertThat(table.close()).as("a second close").isFalse();
        assertThatThrownBy(() -> table.run("api", DEFINITION, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("supervisor closed");
        assertThatThrownBy(() -> table.scale("web", 2)).isInstanceOf(IllegalStateException.class);
        assertThat(table.withServicesIfOpen(services -> fail("ran while closed"))).isFalse();
    }

    @Test
    void clear_forgets_every_service_and_hands_back_what_waits_for_them() {
        table.run("web", DEFINITION, 1);
        table.run("api", DEFINITION, 1);
        CompletableFuture<Void> web = table.remove("web").orElseThrow();
        CompletableFuture<Void> api = table.remove("api").orElseThrow();

        assertThat(table.clear()).containsExactlyInAnyOrder(web, api);
        table.withServices(services -> assertThat(services).isEmpty());
    }
}
