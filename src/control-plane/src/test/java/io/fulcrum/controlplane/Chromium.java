package io.fulcrum.controlplane;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's headless Chromium driven by Playwright for the dashboard's browser tests. Playwright never
 * downloads a browser here (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD); a missing /usr/bin/chromium fails the test
 * (`bin/fulcrum test` installs it). Every page's console errors are kept: a Content-Security-Policy
 * violation shows up there.
 */
public final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Running as root in a container: no sandbox, no GPU, no background traffic. */
    private static final List<String> FLAGS = List.of(
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run");

    private final Playwright playwright;
    final Browser browser;
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    public Chromium() {
        if (!Files.isExecutable(EXECUTABLE))
            throw new IllegalStateException(
                    EXECUTABLE + " is missing: apt-get install chromium (bin/fulcrum test does)");
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(EXECUTABLE)
                        .setHeadless(true)
                        .setArgs(FLAGS));
    }

    /** A fresh browser profile (its own sessionStorage), 1280x860. */
    public Page page() {
        BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        Page p = ctx.newPage();
        p.setDefaultTimeout(15_000);
        p.onConsoleMessage(m -> {
            if (m.type().equals("error")) consoleErrors.add(m.text());
        });
        p.onPageError(e -> consoleErrors.add(e));
        return p;
    }

    public static void screenshot(Page p, String name) {
        // from the top: a whole-page capture of a scrolled page draws the sticky sidebar where the
        // viewport was, halfway down, which is not what a person sees
        p.evaluate("window.scrollTo(0, 0)");
        p.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
