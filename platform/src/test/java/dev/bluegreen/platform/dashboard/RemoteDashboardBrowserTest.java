package dev.bluegreen.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a platform whose control API is bound beyond this machine (0.0.0.0), in headless Chromium:
 * nothing of the platform shows until the token is given; then the page reads and changes with it, as on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteDashboardBrowserTest {

    PlatformUnderTest platform;
    DashboardBrowser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        browser = DashboardBrowser.start(Files.createDirectories(dir.resolve("profile")));
        platform = PlatformUnderTest.start(dir.resolve("data"), "0.0.0.0");
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

    /** A new browser session: no token given yet. */
    @BeforeEach
    void openDashboard() {
        browser.open(platform.control("/").toString());
        browser.script("sessionStorage.clear()");
        browser.open(platform.control("/").toString());
    }

    @AfterEach
    void productionBackOnBlue() throws Exception {
        if (!platform.side("prod").equals("blue")) {
            assertThat(platform.post("/api/flip").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nothing_shows_until_the_token_is_given_then_the_page_reads_and_changes_with_it() throws Exception {
        browser.await("#token-dialog");
        assertThat(browser.text("#token-error")).contains("listens beyond this machine, so reads need the control "
                + "token too");
        assertThat(browser.text("#prod-side")).as("nothing read without the token").isEqualTo("…");
        browser.find("#token-input").sendKeys(platform.token);
        browser.find("#actor-input").sendKeys("grace");
        browser.find("#token-ok").click();

        browser.awaitText("#prod-side", "blue");
        browser.awaitTextContaining("#connection", "live");
        assertThat(browser.text("#events")).contains("first start: prod on blue, test on green");

        browser.find("#flip").click();
        browser.await("#confirm-dialog"); // the token this tab was given serves changes too: no second prompt
        assertThat(browser.find("#token-dialog").isDisplayed()).isFalse();
        browser.find("#confirm-ok").click();
        browser.awaitText("#prod-side", "green");
        assertThat(platform.side("prod")).isEqualTo("green");
        browser.awaitTextContaining("#events tr[data-type='flip']", "grace");
    }

    @Test
    void a_wrong_token_is_asked_for_again_and_without_one_nothing_shows() throws Exception {
        browser.await("#token-dialog");
        browser.find("#token-input").sendKeys("not-the-token");
        browser.find("#token-ok").click();

        browser.awaitTextContaining("#token-error", "That token was not accepted");
        browser.find("#token-cancel").click();
        browser.awaitHidden("#token-dialog");
        browser.awaitTextContaining("#connection", "not shown without the token");
        assertThat(browser.text("#prod-side")).isEqualTo("…");
        assertThat(browser.script("return sessionStorage.getItem('bluegreen.token')")).isNull();
    }
}
