package it.storefront;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium ({@code it.chromium}, default {@code /usr/bin/chromium}) driven by
 * Playwright, which never downloads a browser of its own. One per test class: open it in
 * {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
final class Chromium implements AutoCloseable {

    private final Playwright playwright;
    final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** @param extraArgs command-line switches beyond the headless, no-sandbox, quiet defaults */
    static Chromium launch(String... extraArgs) {
        Path chromium = Paths.get(System.getProperty("it.chromium", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium)).as("%s (apt-get install -y chromium)", chromium).isTrue();
        // the driver ships in the jar; with this variable Playwright never downloads a browser
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        List<String> args = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"));
        args.addAll(List.of(extraArgs));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium).setHeadless(true).setArgs(args));
        return new Chromium(playwright, browser);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
