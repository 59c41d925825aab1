package minicoin.rpc.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real browser: Debian's headless Chromium, driven by Selenium, against a real
 * node on loopback. Screenshots of each page go to target/explorer-screenshots/ for a person to
 * look at. Skipped only when Chromium or its driver is not installed (.ci/run installs them).
 */
class ExplorerBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");
    /** The promise: a mined block is on the page within a second, without a reload. */
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(1);
    /** The first load of a page: a cold browser and a cold node take a few seconds on a shared machine. */
    private static final Duration PAGE_LOAD = Duration.ofSeconds(20);

    /** Selenium's own chatter (CDP version notes) is not the test's output; held here, as JUL keeps loggers weakly. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    @TempDir
    Path dir;

    @Test
    void pageShowsTheTipNewBlocksLiveAndAnAddressBalance() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        SELENIUM_LOG.setLevel(Level.SEVERE);
        try (LocalNode node = LocalNode.start("explorer", dir.resolve("node"), "regtest", new JsonObject())) {
            JsonObject genesis = (JsonObject) node.rpc("creategenesis");
            String address = genesis.getString("address");
            WebDriver browser = chromium();
            try {
                String base = "http://127.0.0.1:" + node.rpcPort();
                browser.get(base + "/");
                WebDriverWait load = new WebDriverWait(browser, PAGE_LOAD);
                load.until(ExpectedConditions.textToBePresentInElementLocated(By.id("blocks"), genesis.getString("hash")));
                load.until(ExpectedConditions.textToBe(By.id("live"), "live"));
                assertEquals("0", browser.findElement(By.cssSelector(".card .value")).getText());
                screenshot(browser, "home");

                // A marker on the window: a reload would wipe it.
                ((JavascriptExecutor) browser).executeScript("window.minicoinNoReload = true;");
                String mined = ((JsonArray) node.rpc("generate", 1)).getString(0);
                long minedAt = System.nanoTime();
                new WebDriverWait(browser, LIVE_WITHIN, Duration.ofMillis(20))
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("blocks"), mined));
                long millis = (System.nanoTime() - minedAt) / 1_000_000;
                assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.minicoinNoReload;"),
                        "the page was reloaded");
                assertEquals("1", browser.findElement(By.cssSelector(".card .value")).getText());
                assertTrue(millis <= LIVE_WITHIN.toMillis(), "block shown after " + millis + " ms");

                // The block page, then its coinbase transaction's page.
                browser.findElement(By.linkText(mined)).click();
                load.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Block 1"));
                screenshot(browser, "block");
                WebElement tx = browser.findElement(By.cssSelector("table a[href^='/tx/']"));
                String txid = tx.getText();
                tx.click();
                load.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), txid));
                load.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "1 confirmation"));
                screenshot(browser, "tx");

                // A search for the genesis address shows its balance, as the node reports it.
                long confirmed = ((JsonObject) node.rpc("getbalance", address)).getLong("confirmed");
                WebElement search = browser.findElement(By.id("q"));
                search.clear();
                search.sendKeys(address);
                browser.findElement(By.cssSelector("#search button")).click();
                load.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), address));
                String balance = browser.findElement(By.cssSelector("#balance .value")).getText();
                assertEquals(String.format(Locale.ENGLISH, "%,d coins", confirmed), balance);
                assertTrue(browser.getCurrentUrl().endsWith("/address/" + address), browser.getCurrentUrl());
                screenshot(browser, "address");
            } catch (RuntimeException | AssertionError e) {
                screenshot(browser, "failure");
                throw new AssertionError(e.getMessage() + "\nThe page read: "
                        + browser.findElement(By.tagName("body")).getText(), e);
            } finally {
                browser.quit();
            }
        }
    }

    private WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root on a CI machine: no sandbox; and nothing that phones home or waits for a GPU.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream()).build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, String page) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
