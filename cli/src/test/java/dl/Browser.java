package dl;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: nothing is downloaded (the
 * paths are given, so Selenium Manager never runs). Call {@link Installed#chromium()} first.
 */
public final class Browser {
    private Browser() {}

    public static ChromeDriver headless(int width, int height) {
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(Installed.CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Installed.CHROMIUM.toString());
        options.addArguments(
                "--headless=new",
                // as root (CI) Chromium refuses to start sandboxed
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height);
        return new ChromeDriver(service, options);
    }
}
