package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless Chromium against the daemon and a real Sentinel topology. Needs
 * Debian's {@code chromium} and {@code chromium-driver}; Selenium Manager is never asked to download
 * anything. Leaves a screenshot in {@code target/screenshots/}.
 */
@RedisTopology(mode = TopologyMode.SENTINEL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Collects uncaught script errors from the first script of every page on. */
    private static final String ERROR_TRAP = "window.__stewardErrors = [];"
            + "window.addEventListener('error', e => window.__stewardErrors.push(String(e.message)));"
            + "window.addEventListener('unhandledrejection', e => window.__stewardErrors.push(String(e.reason)));";

    /** Static: JUnit fills instance {@code @TempDir} fields only before each test, after {@code @BeforeAll}. */
    @TempDir
    static Path home;

    private StewardDaemon daemon;
    private ChromeDriver browser;
    private Instant daemonStart;

    @BeforeAll
    void start(LocalTopology topology) {
        requireChromium();
        topology.awaitHealthy(Duration.ofSeconds(30));
        daemonStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        daemon = DaemonFixture.start(topology, home);
        browser = headlessChromium();
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_TRAP));
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
        }
    }

    @Test
    void signedInDashboardShowsSentinelTopologyAndDrawsTheMemoryChart() throws IOException {
        signIn(DaemonFixture.token(home));

        await("1 master, 2 replicas and 3 sentinels, all up").atMost(PAGE_WAIT).untilAsserted(() -> {
            assertThat(browser.findElements(By.cssSelector("#topology .node[data-role=master][data-up=true]")))
                    .hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#topology .node[data-role=replica][data-up=true]")))
                    .hasSize(2);
            assertThat(browser.findElements(By.cssSelector("#topology .sentinel[data-up=true]")))
                    .hasSize(3);
        });
        assertThat(browser.findElements(By.cssSelector("#topology .node"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("#topology .node[data-role=master]"))
                        .getDomAttribute("data-address"))
                .matches("127\\.0\\.0\\.1:\\d+");
        await("memory chart drawn").atMost(PAGE_WAIT).until(() -> pointsOf("used_memory") > 0);
        await("tables filled").atMost(PAGE_WAIT).until(() -> browser.findElements(By.cssSelector("[data-loading]"))
                .isEmpty());
        screenshot("dashboard");
        assertThat(browser.findElements(By.cssSelector(".load-error")))
                .as("panels that could not load their /api/ data")
                .extracting(WebElement::getText)
                .isEmpty();
        assertThat(browser.findElement(By.id("jobs")).getText()).contains("metrics");
        assertThat(browser.findElement(By.id("deployment")).getText()).isEqualTo("it");
        assertThat(browser.getPageSource()).doesNotContain(DaemonFixture.token(home));
        assertThat(scriptErrors()).isEmpty();
    }

    @Test
    void wrongTokenShowsAnErrorAndKeepsTheDashboardClosed() {
        signOut();
        browser.get(DaemonFixture.url(daemon, "/").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/login");

        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("signin")).click();

        // The form posts and the server answers with a new page: wait for it rather than racing the navigation.
        await("login error page").atMost(PAGE_WAIT).until(() -> !browser.findElements(By.id("login-error"))
                .isEmpty());
        WebElement error = browser.findElement(By.id("login-error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).contains("not valid");
        assertThat(browser.findElement(By.cssSelector(".hint")).getText()).contains("secrets/dashboard.token");
        assertThat(browser.findElements(By.id("topology"))).isEmpty();
        browser.get(DaemonFixture.url(daemon, "/").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void backUpNowStartsABackupThatVerifyPasses() {
        signIn(DaemonFixture.token(home));

        browser.findElement(By.id("backup-now")).click();
        await("backup started message").atMost(PAGE_WAIT).untilAsserted(() -> assertThat(
                        browser.findElement(By.id("backup-message")).getText())
                .containsAnyOf("backup started", "already running"));
        await("backup listed").atMost(Duration.ofSeconds(90)).until(() -> !browser.findElements(
                        By.cssSelector("#backups-table button.verify"))
                .isEmpty());

        browser.findElement(By.cssSelector("#backups-table button.verify")).click();
        await("verification result").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        browser.findElement(By.cssSelector("#backups-table .verify-result"))
                                .getText())
                .startsWith("passed"));
        assertThat(scriptErrors()).isEmpty();
    }

    @Test
    void capacityCardSaysWhenTheHistoryBeganNotWhenItsWindowDoes() {
        String token = DaemonFixture.token(home);
        await("a capacity plan over some history")
                .atMost(Duration.ofSeconds(90))
                .until(() -> !JSON.readTree(DaemonFixture.get(daemon, "/api/capacity", token)
                                .body())
                        .path("historySince")
                        .isNull());
        signIn(token);

        await("capacity card").atMost(PAGE_WAIT).until(() -> !browser.findElements(By.id("capacity-since"))
                .isEmpty());
        Instant since =
                Instant.parse(browser.findElement(By.id("capacity-since")).getDomAttribute("datetime"));
        // the history file is new: it begins with the daemon, not four weeks back with the planner's window
        assertThat(since).isBetween(daemonStart, Instant.now());
        assertThat(browser.findElement(By.id("capacity")).getText()).contains("history since");
        assertThat(scriptErrors()).isEmpty();
    }

    @Test
    void firstRenderShowsTheTopologyWithoutJavaScript() {
        String token = DaemonFixture.token(home);
        await().atMost(PAGE_WAIT).untilAsserted(() -> {
            HttpResponse<String> page = DaemonFixture.get(daemon, "/", token);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .containsOnlyOnce("data-role=master")
                    .contains("data-role=replica")
                    .contains("id=topology")
                    .doesNotContain(token);
            assertThat(page.body().split("class=\"sentinel", -1)).hasSize(4);
        });
    }

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The dashboard browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install the Debian packages with 'apt-get install chromium chromium-driver'"
                    + " (the launcher installs them).");
        }
    }

    private static ChromeDriver headlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=1366,900",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private void signIn(String token) {
        signOut();
        browser.get(DaemonFixture.url(daemon, "/").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("signin")).click();
        await("dashboard after sign-in").atMost(PAGE_WAIT).until(() -> !browser.findElements(By.id("topology"))
                .isEmpty());
    }

    private void signOut() {
        browser.get(DaemonFixture.url(daemon, "/login").toString());
        browser.manage().deleteAllCookies();
    }

    private int pointsOf(String field) {
        List<WebElement> charts = browser.findElements(By.cssSelector(".chart[data-field=" + field + "]"));
        String points = charts.isEmpty() ? null : charts.get(0).getDomAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    private List<?> scriptErrors() {
        Object errors = browser.executeScript("return window.__stewardErrors || [];");
        return errors instanceof List<?> list ? list : List.of(String.valueOf(errors));
    }

    /** The viewport as {@code NAME.png}, the whole page as {@code NAME-full.png} and its DOM as {@code NAME.html}. */
    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), browser.getPageSource());
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight;");
        Number width = (Number) browser.executeScript("return document.documentElement.scrollWidth;");
        Map<String, Object> shot = browser.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(SCREENSHOTS.resolve(name + "-full.png"), Base64.getDecoder().decode((String) shot.get("data")));
    }
}
