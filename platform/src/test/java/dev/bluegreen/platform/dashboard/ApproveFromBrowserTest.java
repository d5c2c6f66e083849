package dev.bluegreen.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's demo from the browser: a commit to the app repository is built and deployed to the test side by the
 * real pipeline, a person approves it on the dashboard, and the dashboard shows its canary step by step and then
 * production running it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApproveFromBrowserTest {

    @TempDir
    Path dir;

    @Test
    void approving_in_the_browser_puts_the_reviewed_build_in_production() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        try (PlatformUnderTest platform = PlatformUnderTest.start(dataDir);
             DashboardBrowser browser = DashboardBrowser.start(Files.createDirectories(dir.resolve("profile")))) {
            Path app = dataDir.resolve("app");
            Path site = app.resolve("site/site.properties");
            Files.writeString(site, Files.readString(site).replace("colour.name=blue", "colour.name=green"));
            // the sample app's checks ask for movies: the tasks here are tiny test servers
            Files.writeString(app.resolve("checks.yml"), "version: 1\nchecks:\n  - name: the test side answers\n"
                    + "    http: {path: /health}\n");
            // the sample app's canary, shorter: half of production for a few seconds, then all of it
            Files.writeString(app.resolve("release.yml"), "version: 1\nstrategy: canary:50%:5s\n");
            git(app, "commit", "-am", "Green background");

            JsonNode waiting = awaitReview(platform);
            String tag = waiting.get("tag").asText();
            String testSide = platform.side("test");

            browser.open(platform.control("/").toString());
            browser.awaitTextContaining("#connection", "live");
            browser.awaitText("#test-version", tag);
            assertThat(browser.text("#prod-version")).isNotEqualTo(tag);
            browser.await("#executions li[data-id='" + waiting.get("id").asText() + "'] .approve").click();
            browser.await("#token-dialog");
            browser.find("#token-input").sendKeys(platform.token);
            browser.find("#token-ok").click();
            browser.await("#confirm-dialog");
            assertThat(browser.find("#strategy-app").isSelected()).isTrue();
            browser.find("#confirm-ok").click();

            String item = "#executions li[data-id='" + waiting.get("id").asText() + "']";
            browser.until("the canary's step shown", driver -> browser.text(item + " .shift-steps")
                    .contains("Step 1 of 2: 50 % · "));
            browser.until("production's weights shown while it shifts", driver -> browser.text("#prod-weights")
                    .endsWith("50 % (shifting)"));
            browser.until("the build in production", driver -> tag.equals(browser.text("#prod-version")));
            assertThat(platform.side("prod")).isEqualTo(testSide);
            browser.until("the promotion shown as the last step", driver -> browser.text(item + " .shift-steps")
                    .contains("Step 2 of 2: 100 % · promoted"));
        }
    }

    private static JsonNode awaitReview(PlatformUnderTest platform) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode execution : platform.json("/api/executions")) {
                if (execution.get("status").asText().equals("AWAITING_APPROVAL")) {
                    return execution;
                }
                if (execution.get("status").asText().equals("FAILED")) {
                    throw new AssertionError("the execution failed: " + execution);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no execution reached the review: " + platform.json("/api/executions"));
    }

    /** The real git command, kept away from the developer's own configuration. */
    private void git(Path repo, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=Ada", "-c",
                "user.email=ada@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString(),
                "GIT_CONFIG_NOSYSTEM", "1"));
        Process git = builder.start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git: " + out).isZero();
    }
}
