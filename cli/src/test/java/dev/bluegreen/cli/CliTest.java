package dev.bluegreen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help, usage errors and the loader, as a user runs them. */
class CliTest {

    @TempDir
    Path dir;

    @Test
    void help_lists_every_command_on_one_line_each() throws Exception {
        Cli.Result help = Cli.run(dir, "--help");
        assertThat(help.exitCode()).isZero();
        List<String> commandLines = help.out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
                .takeWhile(l -> !l.isBlank()).toList();
        assertThat(commandLines).extracting(l -> l.trim().split("\\s+")[0])
                .containsExactly("up", "status", "flip", "rollback", "shift", "scale", "logs", "down", "deploy",
                        "executions", "approve", "reject", "load", "api", "web", "aws", "help");
        assertThat(commandLines).allSatisfy(l -> assertThat(l).matches("  \\S+\\s+\\S.*"));
        for (String command : List.of("up", "status", "flip", "rollback", "shift", "scale", "logs", "down", "deploy",
                "executions", "approve", "reject", "load", "api", "web", "aws")) {
            Cli.Result commandHelp = Cli.run(dir, command, "--help");
            assertThat(commandHelp.exitCode()).as(command).isZero();
            assertThat(commandHelp.out()).as(command).startsWith("Usage: bluegreen " + command);
        }
    }

    @Test
    void usage_mistakes_say_what_is_wrong_with_exit_code_2() throws Exception {
        Cli.Result unknown = Cli.run(dir, "deploy-everything");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument").contains("deploy-everything");

        Cli.Result badStore = Cli.run(dir, "load", "--store", "postgres");
        assertThat(badStore.exitCode()).isEqualTo(2);
        assertThat(badStore.err()).contains("--store").contains("sqlite, dynamodb");

        Cli.Result badPort = Cli.run(dir, "api", "--port", "eighty");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err()).contains("'eighty' is not an int");
    }

    @Test
    void load_reports_what_it_did_and_then_that_nothing_changed() throws Exception {
        Cli.Result first = Cli.run(dir, "load", SampleData.fullSample().toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Loaded 4,609 movies").contains("4,609 new, 0 updated, 0 unchanged");
        assertThat(first.err()).contains("4,609 of 4,609");
        assertThat(dir.resolve(".bluegreen/movies.db")).exists();

        Cli.Result second = Cli.run(dir, "load", SampleData.fullSample().toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).startsWith("Nothing changed: all 4,609 movies");
    }

    @Test
    void an_invalid_file_fails_naming_the_item_and_writes_nothing() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"year\": 2013, \"title\": \"Rush\"},\n {\"year\": 2013, \"title\": \"Her\", "
                + "\"info\": {\"rating\": \"great\"}}]");
        Cli.Result result = Cli.run(dir, "load", "--db", "m.db", bad.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("1 of 2 items are invalid; nothing was written")
                .contains("item [1] at line 2 (year 2013, title \"Her\"): info.rating: expected a number")
                .contains("--skip-invalid")
                .doesNotContain("Exception").doesNotContain("\tat ");

        Cli.Result skipped = Cli.run(dir, "load", "--db", "m.db", "--skip-invalid", bad.toString());
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.out()).contains("skipped item [1]").contains("1 new");
    }

    @Test
    void a_missing_file_or_database_is_a_clear_error() throws Exception {
        Cli.Result missing = Cli.run(dir, "load", "nowhere.json");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: nowhere.json: no such file" + System.lineSeparator());

        Cli.Result noDb = Cli.run(dir, "api", "--db", "typo.db", "--port", "0");
        assertThat(noDb.exitCode()).isEqualTo(1);
        assertThat(noDb.err()).contains("no movies database at typo.db")
                .contains("bluegreen load --db typo.db");
        assertThat(dir.resolve("typo.db")).doesNotExist();

        Cli.Result both = Cli.run(dir, "load", "--aws-sample", "x.json");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("give either FILE or --aws-sample, not both");
    }

}
