package dev.bluegreen.platform.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, offline, as movies-web's browser tests run it (that
 * helper is private to movies-web): no Selenium Manager, a fresh profile, no host but 127.0.0.1. It also keeps
 * the page's console, where a Content-Security-Policy violation or a script error shows.
 */
final class DashboardBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(10);

    final ChromeDriver driver;
    private final ChromeDriverService service;

    private DashboardBrowser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Fails (never skips) when the browser is not installed: these tests are part of the build. */
    static DashboardBrowser start(Path profile) {
        for (Path required : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(required)) {
                fail(required + " is missing: the browser tests need Debian's Chromium and its driver; install "
                        + "them with: apt-get update && apt-get install -y chromium chromium-driver");
            }
        }
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path workDir = Path.of(System.getProperty("browser.work.dir", "target/browser"));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(workDir.toFile(), "chromedriver-dashboard.log"))
                .build();
        try {
            return new DashboardBrowser(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw new AssertionError("Chromium did not start (see " + workDir.resolve("chromedriver-dashboard.log")
                    + "): " + e.getMessage(), e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Waits until the element is shown. */
    WebElement await(String css) {
        return until("'" + css + "' to be shown",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element is gone or hidden (a dialog that closed). */
    void awaitHidden(String css) {
        until("'" + css + "' to be hidden", ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element's text is exactly this (the page polls the platform every second). */
    void awaitText(String css, String text) {
        until("'" + css + "' to read '" + text + "'",
                ExpectedConditions.textToBe(By.cssSelector(css), text));
    }

    void awaitTextContaining(String css, String text) {
        until("'" + css + "' to contain '" + text + "'",
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(() -> "waiting for " + what).until(condition);
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** What the page wrote to its console at warning level or above since the last call. */
    List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
