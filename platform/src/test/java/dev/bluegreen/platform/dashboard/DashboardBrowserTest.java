package dev.bluegreen.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in headless Chromium against a real platform: what a person sees, and flips and rollbacks made
 * from the browser, checked against what the platform itself then says. The first test sees the platform as it
 * starts (prod on blue); the others leave production on blue when they end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardBrowserTest {

    PlatformUnderTest platform;
    DashboardBrowser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        browser = DashboardBrowser.start(Files.createDirectories(dir.resolve("profile")));
        platform = PlatformUnderTest.start(dir.resolve("data"));
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

    /** Every test starts as a new browser session would: the dashboard open, no token given yet. */
    @BeforeEach
    void openDashboard() {
        browser.open(platform.control("/").toString());
        browser.script("sessionStorage.clear()");
        browser.open(platform.control("/").toString());
        browser.awaitTextContaining("#connection", "live");
    }

    /** A test that failed half-way must not fail the next ones too. */
    @AfterEach
    void productionBackOnBlue() throws Exception {
        if (!platform.side("prod").equals("blue")) {
            assertThat(platform.post("/api/flip").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(1)
    void at_a_glance_prod_is_blue_and_test_green_with_versions_tags_services_and_events() {
        browser.awaitText("#prod-side", "blue");
        assertThat(browser.text("#prod-version")).isEqualTo(PlatformUnderTest.VERSION);
        assertThat(browser.text("#prod-identifier")).isEqualTo("Code1");
        assertThat(browser.text("#prod-is-production")).isEqualTo("true");
        assertThat(browser.text("#prod-targets")).isEqualTo("1 of 1 healthy");
        assertThat(browser.text("#test-side")).isEqualTo("green");
        assertThat(browser.text("#test-identifier")).isEqualTo("Code2");
        assertThat(browser.text("#test-is-production")).isEqualTo("false");

        for (String service : new String[] {"web-blue", "web-green", "api"}) {
            String row = "#services tr[data-service='" + service + "']";
            browser.awaitTextContaining(row, "1 / 1");
            assertThat(browser.text(row + " .tasks")).contains("running").contains("healthy");
        }
        assertThat(browser.find("#rollback").isEnabled()).isFalse();
        assertThat(browser.text("#rollback-hint")).startsWith("Nothing to roll back to");
        assertThat(browser.text("#flip-hint"))
                .isEqualTo("Production would move to green (v1); blue (v1) stays on test.");
        assertThat(browser.text("#pipeline-empty")).startsWith("No executions yet");
        assertThat(browser.text("#events")).contains("started", "first start: prod on blue, test on green");
        assertThat(browser.consoleProblems()).as("console errors, e.g. a Content-Security-Policy violation").isEmpty();
    }

    @Test
    @Order(2)
    void flip_then_rollback_from_the_browser_ask_for_the_token_once_and_move_production() throws Exception {
        browser.awaitText("#prod-side", "blue");

        browser.find("#flip").click();
        browser.await("#token-dialog");
        browser.find("#token-input").sendKeys(platform.token);
        browser.find("#actor-input").sendKeys("ada");
        browser.find("#token-ok").click();
        browser.await("#confirm-dialog");
        assertThat(browser.text("#confirm-text")).contains("Production will serve green (v1) instead of blue (v1)");
        browser.find("#confirm-ok").click();

        browser.awaitText("#prod-side", "green");
        assertThat(browser.text("#test-side")).isEqualTo("blue");
        assertThat(browser.text("#prod-is-production")).isEqualTo("true");
        assertThat(browser.text("#prod-identifier")).isEqualTo("Code2");
        assertThat(browser.text("#action-message")).startsWith("Flip done: flip: production now on green");
        assertThat(platform.side("prod")).isEqualTo("green");
        browser.awaitTextContaining("#events tr[data-type='flip']", "ada");
        assertThat(browser.findAll("#chart-rps .mark-flip")).as("the flip marked on the charts").isNotEmpty();
        browser.awaitText("#rollback-hint", "Production would go back to blue (v1).");

        browser.find("#rollback").click();
        browser.await("#confirm-dialog"); // the token of this session is known: no second prompt
        assertThat(browser.find("#token-dialog").isDisplayed()).isFalse();
        browser.find("#confirm-ok").click();

        browser.awaitText("#prod-side", "blue");
        assertThat(browser.text("#action-message")).startsWith("Rollback done: rollback: production now on blue");
        assertThat(platform.side("prod")).isEqualTo("blue");
        assertThat(platform.side("test")).isEqualTo("green");
        // the token stays in this tab's session storage: not in the address, not in a cookie
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(platform.token);
        assertThat(browser.driver.manage().getCookies()).isEmpty();
        assertThat(browser.script("return sessionStorage.getItem('bluegreen.token')")).isEqualTo(platform.token);
    }

    @Test
    @Order(3)
    void a_wrong_token_is_refused_with_the_reason_asked_for_again_and_changes_nothing() throws Exception {
        browser.awaitText("#prod-side", "blue");

        browser.find("#flip").click();
        browser.await("#token-dialog");
        browser.find("#token-input").sendKeys("not-the-token");
        browser.find("#token-ok").click();
        browser.await("#confirm-dialog");
        browser.find("#confirm-ok").click();

        WebElement refusal = browser.await("#token-error");
        assertThat(refusal.getText()).startsWith("That token was not accepted: this needs the control token");
        assertThat(browser.find("#token-input").getDomProperty("value")).isEmpty();
        browser.find("#token-cancel").click();
        browser.awaitHidden("#token-dialog");
        assertThat(browser.text("#action-message")).startsWith("Flip not done: this needs the control token");
        assertThat(platform.side("prod")).isEqualTo("blue");
        assertThat(browser.text("#prod-side")).isEqualTo("blue");
        assertThat(browser.script("return sessionStorage.getItem('bluegreen.token')")).isNull();
    }

    @Test
    @Order(4)
    void the_buttons_and_dialogs_work_from_the_keyboard() throws Exception {
        browser.awaitText("#prod-side", "blue");
        WebElement body = browser.find("body");
        body.sendKeys(Keys.TAB);
        for (int presses = 0; presses < 10 && !"flip".equals(browser.focused().getAttribute("id")); presses++) {
            browser.focused().sendKeys(Keys.TAB);
        }
        assertThat(browser.focused().getAttribute("id")).as("Flip reached with Tab").isEqualTo("flip");

        browser.focused().sendKeys(Keys.ENTER);
        browser.await("#token-dialog");
        assertThat(browser.focused().getAttribute("id")).isEqualTo("token-input");
        browser.focused().sendKeys(platform.token + Keys.ENTER);
        browser.await("#confirm-dialog");
        assertThat(browser.focused().getAttribute("id")).as("the safe answer has the focus").isEqualTo(
                "confirm-cancel");
        browser.focused().sendKeys(Keys.ESCAPE);
        browser.awaitHidden("#confirm-dialog");

        assertThat(platform.side("prod")).as("Escape cancels").isEqualTo("blue");
        assertThat(browser.text("#action-message")).doesNotContain("done");
    }

    @Test
    @Order(5)
    void the_charts_show_the_requests_that_blue_answers() throws Exception {
        platform.sendRequests(platform.listenerOf("blue"), 40);

        browser.until("blue's requests in the chart", driver -> Double.parseDouble(
                browser.text("#chart-rps li[data-group='blue'] .peak")) > 0);
        assertThat(browser.text("#chart-errors li[data-group='blue'] .peak")).isEqualTo("0.00");
        assertThat(browser.text("#chart-p99 li[data-group='blue'] .peak")).isNotEqualTo("–");
        // the chart is redrawn every second: read its line in one step
        assertThat(browser.script("return document.querySelector(\"#chart-rps path[data-group='blue']\")"
                + ".getAttribute('d')")).asString().contains("L");
        assertThat(browser.text("#chart-rps li[data-group='green'] .peak")).isEqualTo("0.0");
    }
}
