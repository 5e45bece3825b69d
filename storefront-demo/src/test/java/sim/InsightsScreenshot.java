package sim;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Saves a screenshot of the insights page of a running shop (docs/images/insights.png), logged in
 * as the demo analyst, in Debian's Chromium (never downloads a browser).
 * <pre>
 * ./mvnw -q -pl storefront-demo test-compile exec:java -Dsim.main=sim.InsightsScreenshot \
 *     -Dsim.base=http://localhost:9080 -Dsim.out=../docs/images/insights.png
 * </pre>
 */
public final class InsightsScreenshot {

    private InsightsScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        String base = System.getProperty("sim.base", "http://localhost:9080");
        Path out = Paths.get(System.getProperty("sim.out", "../docs/images/insights.png"));
        String[] user = System.getProperty("sim.user", "analyst:analyst").split(":", 2);
        shoot(base, user[0], user[1], out, System.getProperty("it.chromium", "/usr/bin/chromium"));
        System.out.println("saved " + out.toAbsolutePath().normalize());
    }

    /** Opens /insights.html with HTTP basic credentials, waits for the charts, saves a full-page PNG. */
    public static void shoot(String base, String user, String password, Path out, String chromium) throws Exception {
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Paths.get(chromium)).setHeadless(true)
                        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900)
                    .setDeviceScaleFactor(1).setHttpCredentials(user, password));
            Page page = context.newPage();
            page.onConsoleMessage(m -> System.err.println("console " + m.type() + ": " + m.text()));
            page.onPageError(e -> System.err.println("page error: " + e));
            page.navigate(base + "/insights.html");
            page.waitForFunction("() => document.body.dataset.loaded", null,
                    new Page.WaitForFunctionOptions().setTimeout(180_000));
            if (!"true".equals(page.evaluate("() => document.body.dataset.loaded"))) {
                throw new IllegalStateException("insights page failed: " + page.locator("#kpis").innerText());
            }
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            page.screenshot(new Page.ScreenshotOptions().setPath(out).setFullPage(true));
        }
    }
}
