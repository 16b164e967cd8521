package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.Peers;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@code iotls probe --html}: the page opened in a real headless browser (Debian chromium): it renders, the failing
 * step is drawn in red, it names the hint and the certificates, and it fetches nothing.
 */
class HandshakePageTest {

    /** Runs chromium headless on {@code page} with {@code args}; returns what it printed. */
    private static String chromium(Path page, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Peers.require("chromium").toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + TempFiles.directory("chromium")));
        command.addAll(List.of(args));
        command.add(page.toUri().toString());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium ended within 60 s").isTrue();
        return out;
    }

    @Test
    void aSuccessfulHandshakeListsWhatCameAfterIt() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("page-ok-pki"));
        Path page = TempFiles.directory("page-ok").resolve("handshake.html");
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start()) {
            Cli probe = Cli.run("probe", "localhost:" + broker.port(), "--cafile", pki.caFile().toString(), "--html", page.toString());
            assertThat(probe.exitCode()).as(probe.out()).isZero();
        }
        assertThat(Files.readString(page)).contains("<h2>After the handshake</h2>", "<td>NewSessionTicket</td><td>broker</td>",
                "kept to resume the next connection");
    }

    @Test
    void aFailedHandshakeRendersWithTheFailingStepInRedAndNothingFetched() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("page-pki"));
        TestPki stranger = TestPki.create(TempFiles.directory("page-stranger"));
        Path dir = TempFiles.directory("page");
        Path page = dir.resolve("handshake.html");
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start()) {
            Cli probe = Cli.run("probe", "localhost:" + broker.port(), "--cafile", stranger.caFile().toString(), "--html", page.toString());
            assertThat(probe.exitCode()).isEqualTo(5);
        }
        String html = Files.readString(page);
        assertThat(html).contains("class=\"msg failed\" data-step=\"Certificate (server)\"", "Hint: ", "Certificates the broker sent",
                "CN=localhost");
        var external = Pattern.compile("(?i)(src|href)\\s*=\\s*\"(?!#)|url\\((?!#)|@import|<script|<link").matcher(html);
        assertThat(external.find()).as("no external resource, no script: %s", external.find() ? external.group() : "").isFalse();

        String dom = chromium(page, "--dump-dom");
        assertThat(dom).as("the browser parsed the page").contains("id=\"failure\"", "Failed at Certificate (server)");

        Path png = dir.resolve("page.png");
        chromium(page, "--screenshot=" + png, "--window-size=1000,1400", "--hide-scrollbars");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a screenshot was taken").isNotNull();
        long red = 0, dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y), r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (r > 170 && g < 60 && b < 60) red++;
                if (r < 90 && g < 90 && b < 90) dark++;
            }
        }
        assertThat(dark).as("text and arrows were drawn").isGreaterThan(2_000);
        assertThat(red).as("the failing step is drawn in red").isGreaterThan(300);
    }
}
