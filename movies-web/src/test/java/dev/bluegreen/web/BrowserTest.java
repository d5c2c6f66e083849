package dev.bluegreen.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.service.ServiceHost;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The front end in a real browser (headless Chromium): forms, escaping, the version banner, the down page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowserTest {

    static final String PROBE = "<script>window.xss=1</script><img src=x onerror=window.xss=1>";

    RealApi api;
    ServiceHost web;
    Browser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")));
        api = RealApi.start(dir, 1);
        web = Web.start(api.uri());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
        if (api != null) {
            api.close();
        }
    }

    String url(ServiceHost host, String path) {
        return host.uri() + path;
    }

    @Test
    void finding_a_year_with_the_keyboard_shows_results_pages_and_the_banner() {
        browser.open(url(web, "/"));
        // the label belongs to its input: clicking it focuses the field
        browser.find("label[for=year-input]").click();
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("year-input");
        browser.driver.switchTo().activeElement().sendKeys("2000" + Keys.ENTER);
        browser.awaitUrlContaining("/year?year=2000");
        assertThat(browser.await("#results-heading").getText()).isEqualTo("Movies from 2000");
        assertThat(titles()).hasSize(10).contains("Gladiator", "Memento");
        assertThat(browser.text("#banner-version")).isEqualTo("built-in");
        assertThat(browser.text("#banner-colour")).isEqualTo("blue");
        assertThat(browser.text("#banner-instance")).isEqualTo("web-1");
        assertThat(browser.text("#banner-host")).isNotBlank();
        assertThat(browser.find("#year-input").getDomProperty("value")).isEqualTo("2000");
        browser.find("#next-page").click();
        browser.awaitUrlContaining("page=2");
        assertThat(browser.await("#results-summary").getText()).isEqualTo("Page 2: 2 movies");
        assertThat(titles()).containsExactly("Snatch", "X-Men");
    }

    @Test
    void titles_with_an_ampersand_and_an_apostrophe_are_found_and_open() {
        for (String title : List.of("Bill & Ted's Excellent Adventure", "Ocean's Eleven")) {
            browser.open(url(web, "/"));
            WebElement input = browser.find("#title-input");
            input.sendKeys(title);
            browser.find("#title-form button").click();
            browser.awaitUrlContaining("/title?title=");
            assertThat(browser.await("#results-heading").getText()).isEqualTo("Movies titled \u201c" + title + "\u201d");
            assertThat(titles()).containsExactly(title);
            browser.find(".movie-title a").click();
            browser.awaitUrlContaining("/movie?");
            assertThat(browser.await("h1.movie-title").getText()).startsWith(title);
        }
        assertThat(browser.text(".rating")).isEqualTo("7.8 / 10");
    }

    @Test
    void an_xss_probe_comes_back_as_text_and_never_runs() {
        for (String form : List.of("title", "search")) {
            browser.open(url(web, "/"));
            browser.find("#" + form + "-input").sendKeys(PROBE);
            browser.find("#" + form + "-form button").click();
            browser.awaitUrlContaining("/" + form + "?");
            assertThat(browser.await("#results-heading").getText()).as(form).contains(PROBE);
            assertThat(browser.text("#no-results")).as(form).contains(PROBE);
            assertThat(browser.find("#" + form + "-input").getDomProperty("value")).isEqualTo(PROBE);
            assertThat(browser.script("return typeof window.xss")).as(form).isEqualTo("undefined");
            assertThat(browser.driver.findElements(By.cssSelector("img[src=x], main script"))).as(form).isEmpty();
        }
    }

    @Test
    void a_custom_site_sets_the_banner_the_texts_and_the_background(@TempDir Path site) throws IOException {
        Files.writeString(site.resolve("site.properties"), """
                heading=Green Movies
                version.label=v9-test
                colour.name=green
                colour.background=#2e8b57
                text.intro=Served by the green fleet.
                """);
        Files.createDirectories(site.resolve("static"));
        Files.writeString(site.resolve("static/extra.css"), "h1 { letter-spacing: 2px; }");
        try (ServiceHost green = MoviesWeb.start(Web.settings("task-green-7"), WebSettings.of(List.of(api.uri()),
                site))) {
            browser.open(url(green, "/"));
            assertThat(browser.text("h1")).isEqualTo("Green Movies");
            assertThat(browser.text(".intro")).isEqualTo("Served by the green fleet.");
            assertThat(browser.driver.getTitle()).isEqualTo("Home · Green Movies");
            assertThat(browser.text("#banner-version")).isEqualTo("v9-test");
            assertThat(browser.text("#banner-colour")).isEqualTo("green");
            assertThat(browser.text("#banner-instance")).isEqualTo("task-green-7");
            assertThat(browser.css("body", "background-color")).isEqualTo("rgba(46, 139, 87, 1)");
            // black reads better than white on this green
            assertThat(browser.css("body", "color")).isEqualTo("rgba(0, 0, 0, 1)");
            browser.open(url(green, "/year?year=2013"));
            assertThat(browser.text("#banner-version")).isEqualTo("v9-test");
            assertThat(browser.css("body", "background-color")).isEqualTo("rgba(46, 139, 87, 1)");
        }
    }

    @Test
    void when_the_api_is_down_the_page_says_so_and_still_shows_the_banner() {
        try (ServiceHost down = Web.start(URI.create("http://127.0.0.1:" + Web.closedPort()))) {
            browser.open(url(down, "/"));
            browser.find("#search-input").sendKeys("clooney" + Keys.ENTER);
            browser.awaitUrlContaining("/search?q=clooney");
            assertThat(browser.await("#error-heading").getText()).isEqualTo("The movie service cannot be reached");
            assertThat(browser.text("#error-message")).isEqualTo("The movie database service could not be reached. "
                    + "Please try again in a moment.");
            assertThat(browser.text("#banner-instance")).isEqualTo("web-1");
            assertThat(browser.css("body", "background-color")).isEqualTo("rgba(31, 111, 235, 1)");
        }
    }

    private List<String> titles() {
        return browser.driver.findElements(By.cssSelector(".movie-title a")).stream().map(WebElement::getText)
                .toList();
    }
}
