package dev.bluegreen.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.PipelineEvent.Approved;
import dev.bluegreen.core.pipeline.PipelineEvent.Failed;
import dev.bluegreen.core.pipeline.PipelineEvent.Succeeded;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.core.release.StepAnalysis;
import dev.bluegreen.platform.state.PlatformStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The pipeline as the dashboard shows it, in headless Chromium: a platform restarted over a state that holds four
 * executions (one succeeded, one failed at its build, one waiting for review, one failed at its checks), as a
 * platform has after a pipeline ran. What the outcome of an approval is, is the pipeline's business; here: that the browser asks it right.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineBrowserTest {

    static final Instant T0 = Instant.now().minusSeconds(600);

    PlatformUnderTest platform;
    DashboardBrowser browser;
    Execution waiting;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        try (PlatformStore store = PlatformStore.open(dataDir.resolve("platform.db"))) {
            store.saveExecution(succeeded());
            store.saveRelease(1, ReleaseProgress.of(ReleaseStrategy.parse("canary:20%:10s"), "release.yml")
                    .started(20, T0.plusSeconds(60)).judged(new StepAnalysis.Verdict(Optional.empty(), true,
                            "new side 41 requests, 0.0 % 5xx, p99 12 ms; old side 160 requests, 0.0 % 5xx, p99 "
                                    + "11 ms"), T0.plusSeconds(70)).started(100, T0.plusSeconds(70)));
            store.saveExecution(failedBuild());
            waiting = awaitingReview();
            store.saveExecution(waiting);
            store.saveRelease(3, ReleaseProgress.of(ReleaseStrategy.parse("canary:20%:10s"), "release.yml"));
            store.saveExecution(failedCheck());
            store.saveCheckResults(4, List.of(
                    CheckResult.passed("the home page offers the searches", "", Duration.ofMillis(12)),
                    CheckResult.failed("a year search finds Casablanca", "GET /year?year=1942 answered 502, "
                            + "expected 200", List.of("{\"error\": \"bad_gateway\"}"), Duration.ofMillis(30))));
        }
        browser = DashboardBrowser.start(Files.createDirectories(dir.resolve("profile")));
        platform = PlatformUnderTest.start(dataDir);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void openDashboard() {
        browser.open(platform.control("/").toString());
        browser.script("sessionStorage.clear()");
        browser.open(platform.control("/").toString());
        browser.awaitTextContaining("#connection", "live");
        browser.await("#executions li[data-id='3']");
    }

    @Test
    @Order(1)
    void executions_show_newest_first_with_their_stages_outcome_approver_and_durations() {
        assertThat(browser.findAll("#executions > li")).extracting(item -> item.getAttribute("data-id"))
                .containsExactly("4", "3", "2", "1");
        assertThat(browser.find("#pipeline-empty").isDisplayed()).isFalse();

        String succeeded = "#executions li[data-id='1']";
        assertThat(browser.text(succeeded + " .execution-status")).isEqualTo("succeeded");
        assertThat(browser.text(succeeded + " .execution-tag")).isEqualTo("b1-a1b2c3d");
        assertThat(browser.text(succeeded + " .execution-commit")).isEqualTo("a1b2c3d “Blue background” by Ada");
        assertThat(browser.text(succeeded + " .execution-timing")).endsWith("took 3 min 00 s");
        assertThat(browser.text(succeeded + " .execution-approval")).isEqualTo("Approved by grace");
        assertThat(stageClasses(succeeded)).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED",
                "SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
        assertThat(browser.text(succeeded + " .stage:nth-child(4)")).contains("Check", "succeeded",
                "3 checks passed on the test side");
        assertThat(browser.text(succeeded + " .stage:nth-child(2)")).contains("Build", "succeeded", "20.0 s");

        String failed = "#executions li[data-id='2']";
        assertThat(browser.text(failed + " .execution-status")).isEqualTo("failed");
        assertThat(stageClasses(failed)).containsExactly("SUCCEEDED", "FAILED", "SKIPPED", "SKIPPED", "SKIPPED",
                "SKIPPED", "SKIPPED");
        assertThat(browser.text(failed + " .stage-FAILED")).contains("Build", "sh: 1: make: not found");
        assertThat(browser.findAll(failed + " .review button")).isEmpty();

        String checked = "#executions li[data-id='4']";
        assertThat(stageClasses(checked)).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED",
                "SKIPPED", "SKIPPED", "SKIPPED");
        assertThat(browser.text(checked + " .stage-FAILED")).as("what failed, line by line").contains("Check",
                "failed", "1 of 3 checks failed on the test side: 'a year search finds Casablanca'\n"
                        + "a year search finds Casablanca: GET /year?year=1942 answered 502, expected 200\n"
                        + "the body began: {\"error\": \"bad_gateway\"}");
        assertThat(browser.findAll(checked + " .review button")).isEmpty();

        String review = "#executions li[data-id='3']";
        assertThat(browser.text(review + " .execution-status")).isEqualTo("awaiting approval");
        assertThat(browser.text(review + " .execution-timing")).contains("running for");
        assertThat(stageClasses(review)).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED",
                "RUNNING", "PENDING", "PENDING");
        assertThat(browser.findAll(review + " .review button")).extracting(WebElement::getText)
                .containsExactly("Approve b3-0f0e0d0", "Reject");
    }

    @Test
    @Order(1)
    void each_checks_result_and_each_step_of_a_release_are_shown_with_their_verdicts() {
        String checked = "#executions li[data-id='4']";
        assertThat(browser.findAll(checked + " .checks li")).extracting(WebElement::getText).containsExactly(
                "✓ the home page offers the searches passed in 12 ms",
                "✗ a year search finds Casablanca failed: GET /year?year=1942 answered 502, expected 200\n"
                        + "{\"error\": \"bad_gateway\"}");

        String released = "#executions li[data-id='1']";
        assertThat(browser.text(released + " .execution-release")).isEqualTo("Released canary: 20 % for 10s, then "
                + "100 % (the app's release.yml)");
        assertThat(browser.findAll(released + " .shift-steps li")).extracting(WebElement::getText).containsExactly(
                "Step 1 of 2: 20 % · passed · 10.0 s — new side 41 requests, 0.0 % 5xx, p99 12 ms; old side 160 "
                        + "requests, 0.0 % 5xx, p99 11 ms",
                "Step 2 of 2: 100 % · promoted");
        assertThat(browser.text("#executions li[data-id='3'] .execution-release")).startsWith("Released canary");
        assertThat(browser.findAll("#executions li[data-id='2'] .shift-steps li")).isEmpty();
        assertThat(browser.text("#prod-weights")).endsWith("100 %");
        assertThat(browser.findAll("#chart-weight .legend li")).isNotEmpty();
    }

    @Test
    @Order(2)
    void the_build_log_opens_under_its_execution_and_stays_open_across_refreshes() throws Exception {
        String log = "#executions li[data-id='2'] .build-log";
        browser.find(log + " summary").click();
        browser.until("the build log to be read", driver -> !browser.text(log + " pre").equals("loading…"));
        assertThat(browser.text(log + " pre")).isNotBlank();

        Thread.sleep(1500); // a poll or two
        assertThat(browser.find(log).getAttribute("open")).as("still open after a refresh").isNotNull();
    }

    /** Last: the approval is real, and changes the execution the other tests look at. */
    @Test
    @Order(4)
    void approve_asks_for_the_token_and_confirmation_then_shows_the_pipelines_answer() throws Exception {
        browser.find("#executions li[data-id='3'] .approve").click();
        browser.await("#token-dialog");
        browser.find("#token-input").sendKeys(platform.token);
        browser.find("#token-ok").click();
        browser.await("#confirm-dialog");
        assertThat(browser.text("#confirm-title")).isEqualTo("Approve build b3-0f0e0d0?");
        assertThat(browser.text("#confirm-text")).startsWith("Commit 0f0e0d0 by Ada: “Green background”.");
        assertThat(browser.text("#strategy-app-label")).isEqualTo("The app's: canary: 20 % for 10s, then 100 % "
                + "(canary:20%:10s)");
        assertThat(browser.find("#strategy-app").isSelected()).as("the app's strategy preselected").isTrue();
        browser.find("#strategy-spec").sendKeys("canary:10");
        assertThat(browser.find("#strategy-other").isSelected()).isTrue();
        browser.find("#confirm-ok").click();

        browser.until("the spec refused", driver -> browser.text("#action-message").startsWith("Approve failed: "
                + "release strategy 'canary:10' is not all-at-once, canary:PERCENT%:INTERVAL"));
        assertThat(platform.json("/api/executions/3").get("status").asText()).isEqualTo("AWAITING_APPROVAL");

        browser.find("#executions li[data-id='3'] .approve").click();
        browser.await("#confirm-dialog");
        assertThat(browser.find("#strategy-app").isSelected()).as("chosen afresh each time").isTrue();
        browser.find("#strategy-all").click();
        browser.find("#confirm-ok").click();

        browser.until("the answer to the approval", driver -> browser.text("#action-message")
                .matches("Approve done: .+, all at once"));
        assertThat(platform.json("/api/executions/3").get("release").get("chosenBy").asText())
                .isEqualTo("approval by dashboard");
        // the build under review was written into the state by hand, so it is not on the test side: the flip that
        // follows the approval is refused rather than promoting something else, and the dashboard says so
        browser.until("the execution failed at its flip", driver -> browser.text("#executions li[data-id='3']")
                .contains("no longer on the test side"));
    }

    @Test
    @Order(3)
    void reject_asks_for_a_reason_and_cancelling_sends_nothing() throws Exception {
        browser.find("#executions li[data-id='3'] .reject").click();
        browser.await("#token-dialog");
        browser.find("#token-input").sendKeys(platform.token + Keys.ENTER);
        browser.await("#confirm-dialog");
        assertThat(browser.text("#confirm-title")).isEqualTo("Reject build b3-0f0e0d0?");
        assertThat(browser.focused().getAttribute("id")).isEqualTo("reason");
        browser.focused().sendKeys("the colour is wrong");
        browser.find("#confirm-cancel").click();
        browser.awaitHidden("#confirm-dialog");

        assertThat(browser.text("#action-message")).isEmpty();
        assertThat(platform.json("/api/executions/3").get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    }

    private List<String> stageClasses(String execution) {
        return browser.findAll(execution + " .stage").stream()
                .map(stage -> stage.getAttribute("class").replace("stage stage-", "")).toList();
    }

    private static Execution succeeded() {
        Execution e = Execution.start(1, new Commit("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2", "Ada",
                "Blue background\n\nthe seed's first colour", T0), T0);
        e = e.apply(new Succeeded(Stage.SOURCE, "commit a1b2c3d"), T0.plusSeconds(1))
                .apply(new Succeeded(Stage.BUILD, "built"), T0.plusSeconds(21))
                .apply(new Succeeded(Stage.DEPLOY, "green healthy"), T0.plusSeconds(30))
                .apply(new Succeeded(Stage.CHECK, "3 checks passed on the test side"), T0.plusSeconds(31));
        return e.apply(new Approved("grace", e.tag()), T0.plusSeconds(60))
                .apply(new Succeeded(Stage.FLIP, "production on green"), T0.plusSeconds(61))
                .apply(new Succeeded(Stage.BAKE, "no breach in 2 min"), T0.plusSeconds(180));
    }

    private static Execution failedBuild() {
        Instant t = T0.plusSeconds(200);
        return Execution.start(2, new Commit("9f8e7d6c5b4a9f8e7d6c5b4a9f8e7d6c5b4a9f8e", "Bob", "Use make", t), t)
                .apply(new Succeeded(Stage.SOURCE, "commit 9f8e7d6"), t.plusSeconds(1))
                .apply(new Failed(Stage.BUILD, "sh: 1: make: not found"), t.plusSeconds(3));
    }

    private static Execution failedCheck() {
        Instant t = T0.plusSeconds(400);
        return Execution.start(4, new Commit("1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b", "Bob", "Break the API URL", t),
                        t)
                .apply(new Succeeded(Stage.SOURCE, "commit 1a2b3c4"), t.plusSeconds(1))
                .apply(new Succeeded(Stage.BUILD, "built"), t.plusSeconds(5))
                .apply(new Succeeded(Stage.DEPLOY, "green healthy"), t.plusSeconds(9))
                .apply(new Failed(Stage.CHECK, "1 of 3 checks failed on the test side: 'a year search finds "
                        + "Casablanca'\na year search finds Casablanca: GET /year?year=1942 answered 502, expected "
                        + "200\nthe body began: {\"error\": \"bad_gateway\"}"), t.plusSeconds(10));
    }

    private static Execution awaitingReview() {
        Instant t = T0.plusSeconds(300);
        return Execution.start(3, new Commit("0f0e0d0c0b0a0f0e0d0c0b0a0f0e0d0c0b0a0f0e", "Ada", "Green background", t),
                        t)
                .apply(new Succeeded(Stage.SOURCE, "commit 0f0e0d0"), t.plusSeconds(1))
                .apply(new Succeeded(Stage.BUILD, "built"), t.plusSeconds(5))
                .apply(new Succeeded(Stage.DEPLOY, "green healthy"), t.plusSeconds(9))
                .apply(new Succeeded(Stage.CHECK, "3 checks passed on the test side"), t.plusSeconds(10));
    }
}
