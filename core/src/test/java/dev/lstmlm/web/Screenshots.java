package dev.lstmlm.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The README's screenshots, taken from running pages by bench/screenshots.sh:
 * {@code Screenshots dashboard URL OUT.png} or {@code Screenshots playground URL OUT.png "PROMPT"}.
 * The playground is filled in first (a generation, the next-word bars, a scored sentence).
 */
public final class Screenshots {
    private Screenshots() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) throw new IllegalArgumentException("usage: Screenshots dashboard|playground URL OUT.png [PROMPT]");
        try (Browser b = Browser.start(1100, 900)) {
            b.open(args[1]);
            if (args[0].equals("dashboard")) {
                b.await(60, d -> Integer.parseInt(d.findElement(By.id("epoch-chart")).getAttribute("data-points")) > 0);
                Thread.sleep(1500);
            } else {
                String prompt = args.length > 3 ? args[3] : "the company said";
                b.await(30, d -> d.findElement(By.id("model-line")).getText().contains("vocabulary"));
                set(b.driver().findElement(By.id("prompt")), prompt);
                set(b.driver().findElement(By.id("length")), "30");
                set(b.driver().findElement(By.id("temperature")), "0.8");
                b.driver().findElement(By.id("generate")).click();
                b.await(60, d -> d.findElement(By.id("gen-output")).getAttribute("data-state").equals("done"));
                set(b.driver().findElement(By.id("next-k")), "8");
                set(b.driver().findElement(By.id("next-text")), "the stock market");
                b.await(30, d -> d.findElements(By.cssSelector("#next-bars .bar")).size() == 8);
                b.driver().findElement(By.id("score")).click();
                b.await(30, d -> !d.findElement(By.id("score-tokens")).getAttribute("data-tokens").equals("0"));
                WebElement tok = b.driver().findElements(By.cssSelector("#score-tokens .tok")).get(7);
                new org.openqa.selenium.interactions.Actions(b.driver()).moveToElement(tok).perform();
                Thread.sleep(300);
            }
            fullPage(b, Path.of(args[2]));
        }
    }

    private static void set(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    /** The whole page, not only the window (DevTools' captureBeyondViewport). */
    private static void fullPage(Browser b, Path out) throws Exception {
        ChromeDriver driver = (ChromeDriver) b.driver();
        long height = (Long) b.js("return Math.ceil(document.documentElement.scrollHeight);");
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1100, "height", height, "deviceScaleFactor", 1, "mobile", false));
        Thread.sleep(500);
        Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
    }
}
