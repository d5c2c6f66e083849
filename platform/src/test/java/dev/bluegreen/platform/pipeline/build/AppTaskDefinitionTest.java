package dev.bluegreen.platform.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.platform.tasks.TaskDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTaskDefinitionTest {

    /** The sample app's shape, with ECS fields the platform does not use. */
    private static final String ECS_TASKDEF = """
            {
              "family": "movies-web",
              "cpu": "256",
              "memory": "512",
              "networkMode": "awsvpc",
              "requiresCompatibilities": ["FARGATE"],
              "containerDefinitions": [{
                "name": "web",
                "image": "<IMAGE1_NAME>",
                "essential": true,
                "command": ["java", "-jar", "web.jar", "--port", "${PORT}", "--api", "${API_URL}",
                            "--site", "${ARTIFACT_DIR}/site", "--side", "${SIDE}"],
                "environment": [{"name": "LANG", "value": "C.UTF-8"}, {"name": "BANNER", "value": "${SIDE}"}],
                "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {}},
                "healthCheck": {
                  "command": ["CMD-SHELL", "curl -f http://localhost:${PORT}/health || exit 1"],
                  "interval": 5, "retries": 3, "startPeriod": 20
                },
                "stopTimeout": 30
              }]
            }
            """;

    private static AppTaskDefinition parse(String json) {
        return AppTaskDefinition.parse(json, "taskdef.json");
    }

    /** A minimal task definition with one container whose JSON body is {@code container}. */
    private static String withContainer(String container) {
        return "{\"family\": \"web\", \"containerDefinitions\": [" + container + "]}";
    }

    private static final String HEALTH = "\"healthCheck\": {\"command\": [\"CMD-SHELL\", \"curl -f "
            + "http://localhost:${PORT}/health\"]}";

    private static void assertRejected(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(AppConfigException.class).hasMessage(message);
    }

    @Nested
    class Reads {

        @Test
        void an_ecs_task_definition_keeping_placeholders_as_text() {
            AppTaskDefinition def = parse(ECS_TASKDEF);
            assertThat(def.family()).isEqualTo("movies-web");
            assertThat(def.containerName()).isEqualTo("web");
            assertThat(def.command()).containsExactly("java", "-jar", "web.jar", "--port", "${PORT}", "--api",
                    "${API_URL}", "--site", "${ARTIFACT_DIR}/site", "--side", "${SIDE}");
            assertThat(def.environment()).containsExactly(Map.entry("LANG", "C.UTF-8"), Map.entry("BANNER", "${SIDE}"));
            assertThat(def.healthPath()).isEqualTo("/health");
            assertThat(def.startTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(def.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void defaults_for_start_and_stop_timeouts() {
            AppTaskDefinition def = parse(withContainer("{\"name\": \"web\", \"command\": [\"app\"], " + HEALTH + "}"));
            assertThat(def.startTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(def.stopTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(def.environment()).isEmpty();
        }

        @Test
        void the_health_path_from_the_forms_ecs_health_checks_take() {
            assertThat(healthPathOf("[\"CMD\", \"curl\", \"-f\", \"http://127.0.0.1:8080/ready?deep=1\"]"))
                    .isEqualTo("/ready?deep=1");
            assertThat(healthPathOf("[\"CMD-SHELL\", \"wget -qO- 'http://localhost:${PORT}/status/ok'||exit 1\"]"))
                    .isEqualTo("/status/ok");
            assertThat(healthPathOf("[\"CMD-SHELL\", \"curl -f http://localhost:${PORT} || exit 1\"]"))
                    .isEqualTo("/");
        }

        private String healthPathOf(String command) {
            return parse(withContainer("{\"name\": \"web\", \"command\": [\"app\"], \"healthCheck\": {\"command\": "
                    + command + "}}")).healthPath();
        }

        @Test
        void becomes_what_the_supervisor_runs_with_the_placeholders_filled_in() {
            TaskDefinition task = parse(ECS_TASKDEF).toTaskDefinition(Map.of("API_URL", "http://127.0.0.1:5000",
                    "ARTIFACT_DIR", "/data/artifacts/b7", "SIDE", "green"));
            assertThat(task.commandFor(8123)).containsExactly("java", "-jar", "web.jar", "--port", "8123", "--api",
                    "http://127.0.0.1:5000", "--site", "/data/artifacts/b7/site", "--side", "green");
            assertThat(task.environment()).containsEntry("BANNER", "green");
            assertThat(task.healthPath()).isEqualTo("/health");
            assertThat(task.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void a_file_from_disk(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("taskdef.json");
            Files.writeString(file, ECS_TASKDEF);
            assertThat(AppTaskDefinition.read(file).family()).isEqualTo("movies-web");
        }
    }

    @Nested
    class Rejects {

        @Test
        void a_missing_file_and_json_syntax_errors_with_the_line(@TempDir Path dir) {
            assertThatThrownBy(() -> AppTaskDefinition.read(dir.resolve("taskdef.json")))
                    .hasMessage("taskdef.json: not found (looked for " + dir.resolve("taskdef.json") + ")");
            assertThatThrownBy(() -> parse("{\n  \"family\": \"web\",\n}"))
                    .isInstanceOf(AppConfigException.class)
                    .hasMessageStartingWith("taskdef.json: line 3, column 1: not valid JSON: Unexpected character");
            assertThatThrownBy(() -> parse("{\"family\": \"a\",\n \"family\": \"b\"}"))
                    .hasMessage("taskdef.json: line 2, column 10: 'family' is given twice");
        }

        @Test
        void an_unknown_top_level_field_as_a_likely_typo() {
            assertRejected("{\"famly\": \"web\"}", "taskdef.json: unknown field 'famly' (did you mean 'family'?): "
                    + "not a field of an ECS task definition");
            assertRejected("[{\"family\": \"web\"}]", "taskdef.json: must be a JSON object in ECS's task definition "
                    + "shape, with family and containerDefinitions, got a list");
        }

        @Test
        void a_missing_family_or_container() {
            assertRejected("{\"containerDefinitions\": []}", "taskdef.json: family is missing");
            assertRejected("{\"family\": \"web\"}",
                    "taskdef.json: containerDefinitions is missing: it holds the one container to run");
            assertRejected("{\"family\": \"web\", \"containerDefinitions\": [{}, {}]}", "taskdef.json: "
                    + "containerDefinitions must hold exactly one container (a task here is one process), got 2");
            assertRejected("{\"family\": \"my web\", \"containerDefinitions\": []}", "taskdef.json: family must be "
                    + "a name of up to 255 letters, digits, - and _, got \"my web\"");
        }

        @Test
        void a_command_that_is_not_a_non_empty_list_of_strings() {
            String expected = "taskdef.json: containerDefinitions[0].command must be a non-empty list of strings "
                    + "such as [\"python3\", \"-m\", \"http.server\", \"${PORT}\"], got ";
            assertRejected(withContainer("{\"name\": \"web\", \"command\": \"app --port 80\", " + HEALTH + "}"),
                    expected + "the string \"app --port 80\"");
            assertRejected(withContainer("{\"name\": \"web\", \"command\": [], " + HEALTH + "}"),
                    expected + "an empty list");
            assertRejected(withContainer("{\"name\": \"web\", \"command\": [\"app\", 80], " + HEALTH + "}"),
                    "taskdef.json: containerDefinitions[0].command[1] must be a string, got the number 80");
            assertRejected(withContainer("{\"name\": \"web\", " + HEALTH + "}"), "taskdef.json: "
                    + "containerDefinitions[0].command is missing: it must be a non-empty list of strings such as "
                    + "[\"python3\", \"-m\", \"http.server\", \"${PORT}\"]");
        }

        @Test
        void an_unknown_placeholder() {
            assertRejected(withContainer("{\"name\": \"web\", \"command\": [\"app\", \"${PROT}\"], " + HEALTH + "}"),
                    "taskdef.json: containerDefinitions[0].command[1] uses the unknown placeholder ${PROT} (did you "
                            + "mean ${PORT}?); the platform fills in ${PORT}, ${API_URL}, ${ARTIFACT_DIR}, ${SIDE}");
        }

        @Test
        void a_near_miss_of_a_container_field_but_not_other_ecs_fields() {
            assertRejected(withContainer("{\"name\": \"web\", \"comand\": [\"app\"], " + HEALTH + "}"),
                    "taskdef.json: containerDefinitions[0].comand is not a field the platform knows (did you mean "
                            + "'command'?)");
            assertRejected(withContainer("{\"name\": \"web\", \"command\": [\"app\"], \"healthcheck\": {}}"),
                    "taskdef.json: containerDefinitions[0].healthcheck is not a field the platform knows (did you "
                            + "mean 'healthCheck'?)");
            assertRejected(withContainer("{\"name\": \"web\", \"entryPoint\": [\"sh\"], \"command\": [\"app\"]}"),
                    "taskdef.json: containerDefinitions[0].entryPoint is not supported: put the whole command line "
                            + "in containerDefinitions[0].command");
            String ecsFields = "\"image\": \"x\", \"cpu\": 1, \"memory\": 2, \"user\": \"u\", \"links\": [], "
                    + "\"secrets\": [], \"essential\": true, \"environmentFiles\": [], \"workingDirectory\": \"/\", ";
            assertThat(parse(withContainer("{" + ecsFields + "\"name\": \"web\", \"command\": [\"app\"], " + HEALTH
                    + "}")).command()).containsExactly("app");
        }

        @Test
        void a_malformed_environment() {
            String container = "{\"name\": \"web\", \"command\": [\"app\"], " + HEALTH + ", \"environment\": ";
            assertRejected(withContainer(container + "{\"A\": \"1\"}}"), "taskdef.json: "
                    + "containerDefinitions[0].environment must be a list of {\"name\": ..., \"value\": ...}, "
                    + "got an object");
            assertRejected(withContainer(container + "[{\"name\": \"A\"}]}"),
                    "taskdef.json: containerDefinitions[0].environment[0] needs both \"name\" and \"value\"");
            assertRejected(withContainer(container + "[{\"name\": \"A\", \"value\": 1}]}"), "taskdef.json: "
                    + "containerDefinitions[0].environment[0].value must be a string (quote numbers), got the "
                    + "number 1");
            assertRejected(withContainer(container + "[{\"name\": \"A\", \"value\": \"1\"}, {\"name\": \"A\", "
                    + "\"value\": \"2\"}]}"), "taskdef.json: containerDefinitions[0].environment[1].name: A is set "
                    + "twice");
        }

        @Test
        void a_missing_health_check_or_one_without_a_url() {
            String container = "{\"name\": \"web\", \"command\": [\"app\"]";
            assertRejected(withContainer(container + "}"), "taskdef.json: containerDefinitions[0].healthCheck is "
                    + "missing: the platform sends a task traffic once its health check passes; add {\"command\": "
                    + "[\"CMD-SHELL\", \"curl -f http://localhost:${PORT}/health || exit 1\"]}");
            assertRejected(withContainer(container + ", \"healthCheck\": {\"command\": [\"CMD-SHELL\", \"pgrep "
                    + "app\"]}}"), "taskdef.json: containerDefinitions[0].healthCheck.command has no http:// URL; "
                    + "the platform checks the path of the URL it names, as in [\"CMD-SHELL\", \"curl -f "
                    + "http://localhost:${PORT}/health || exit 1\"]");
            assertRejected(withContainer(container + ", \"healthCheck\": {\"command\": [\"curl\", "
                    + "\"http://localhost/health\"]}}"), "taskdef.json: containerDefinitions[0].healthCheck.command[0] "
                    + "must be \"CMD-SHELL\" or \"CMD\" (as in ECS), got the string \"curl\"");
            assertRejected(withContainer(container + ", \"healthCheck\": {\"command\": [\"CMD-SHELL\"]}}"),
                    "taskdef.json: containerDefinitions[0].healthCheck.command must hold \"CMD-SHELL\" or \"CMD\" "
                            + "and then the check, as in [\"CMD-SHELL\", \"curl -f http://localhost:${PORT}/health "
                            + "|| exit 1\"]");
            assertRejected(withContainer(container + ", \"healthCheck\": {\"command\": \"curl http://x/\"}}"),
                    "taskdef.json: containerDefinitions[0].healthCheck.command must be a list such as "
                            + "[\"CMD-SHELL\", \"curl -f http://localhost:${PORT}/health || exit 1\"], got the string "
                            + "\"curl http://x/\"");
        }

        @Test
        void timeouts_out_of_ecs_range() {
            String container = "{\"name\": \"web\", \"command\": [\"app\"], ";
            assertRejected(withContainer(container + HEALTH + ", \"stopTimeout\": 300}"), "taskdef.json: "
                    + "containerDefinitions[0].stopTimeout must be a whole number of seconds from 1 to 120, got the "
                    + "number 300");
            assertRejected(withContainer(container + HEALTH + ", \"stopTimeout\": \"15\"}"), "taskdef.json: "
                    + "containerDefinitions[0].stopTimeout must be a whole number of seconds from 1 to 120, got the "
                    + "string \"15\"");
            assertRejected(withContainer(container + "\"healthCheck\": {\"command\": [\"CMD\", \"http://x/h\"], "
                    + "\"startPeriod\": -1}}"), "taskdef.json: containerDefinitions[0].healthCheck.startPeriod must be "
                    + "a whole number of seconds from 0 to 300, got the number -1");
        }
    }

    @Test
    void keeps_no_reference_to_mutable_input() {
        var command = new java.util.ArrayList<>(List.of("app"));
        AppTaskDefinition def = new AppTaskDefinition("web", "web", command, Map.of(), "/health",
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        command.add("more");
        assertThat(def.command()).containsExactly("app");
        assertThatThrownBy(() -> def.environment().put("A", "1")).isInstanceOf(UnsupportedOperationException.class);
    }
}
