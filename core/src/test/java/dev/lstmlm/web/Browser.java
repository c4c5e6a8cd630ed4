package dev.lstmlm.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its own chromedriver (never a downloaded one: the
 * driver and browser paths are given, so Selenium Manager does not run), with a fresh profile and the
 * flags that keep it from reaching for outside hosts. Collects the console's errors and every URL the
 * page requested, so that tests can assert none of either.
 *
 * <p>Without {@code /usr/bin/chromium} the test is skipped, and fails under CI ({@code bench/setup-browser.sh}
 * installs it).
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> consoleErrors = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser with a window of {@code width} x {@code height} CSS pixels. */
    public static Browser start(int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String msg = "the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); install them with bench/setup-browser.sh";
            if (System.getenv("CI") != null) Assertions.fail(msg);
            Assumptions.abort(msg);
        }
        Path profile = Files.createTempDirectory("lstmlm-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits up to {@code seconds} for {@code condition} to be true (or non-null). */
    public <T> T await(int seconds, Function<WebDriver, T> condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                T v = condition.apply(driver);
                if (v != null && !Boolean.FALSE.equals(v)) return v;
            } catch (org.openqa.selenium.WebDriverException | NumberFormatException e) {
                last = e; // the element is not there yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the page did not get there within " + seconds + " s" + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** The console's errors (and uncaught exceptions) so far. */
    public List<String> consoleErrors() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) consoleErrors.add(e.getMessage());
        }
        return List.copyOf(consoleErrors);
    }

    /** Every URL the browser requested so far (from the DevTools network events). */
    @SuppressWarnings("unchecked")
    public List<String> requestedUrls() {
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> m = new org.openqa.selenium.json.Json().toType(e.getMessage(), Map.class);
            Map<String, Object> message = (Map<String, Object>) m.get("message");
            if (message != null && "Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) message.get("params")).get("request");
                requests.add((String) request.get("url"));
            }
        }
        return List.copyOf(requests);
    }

    /**
     * The requested network URLs (http, https, ws, wss) that do not go to {@code origin} (such as
     * http://127.0.0.1:8080); the browser's own chrome:// pages and data: URLs go nowhere.
     */
    public List<String> requestsOutside(String origin) {
        return requestedUrls().stream().filter(u -> u.matches("(?i)(https?|wss?)://.*"))
                .filter(u -> !u.startsWith(origin + "/") && !u.equals(origin)).toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> s = Files.walk(profile)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                // chromium may still be writing its profile while it exits; it is in the temporary directory
            }
        }
    }
}
