package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.Peers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code iotls sub}'s output options side by side with mosquitto_sub's on the same broker and messages. */
class SubOutputTest {

    private static String mosquitto(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Peers.require(tool).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("%s ended within 20 s", command).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void formatsPrintWhatMosquittoSubPrints() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            String port = String.valueOf(broker.port());
            mosquitto("mosquitto_pub", "-p", port, "-t", "fmt/a", "-m", "hello", "-r", "-V", "5",
                    "-D", "publish", "content-type", "text/plain", "-D", "publish", "response-topic", "resp/x",
                    "-D", "publish", "user-property", "k1", "v1", "-D", "publish", "payload-format-indicator", "1",
                    "-D", "publish", "message-expiry-interval", "300");
            mosquitto("mosquitto_pub", "-p", port, "-t", "fmt/j", "-m", "{\"a\": [1, 2]}", "-r");
            String format = "%t|%p|%l|%q|%r|%x|%X|%C|%R|%P|%F|%10t|%-6p|%.3t|%%|\\t|@@";
            String theirs = mosquitto("mosquitto_sub", "-p", port, "-t", "fmt/a", "-C", "1", "-V", "5", "-F", format);
            Cli ours = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "fmt/a", "-C", "1", "-V", "5", "-F", format);
            assertThat(ours.exitCode()).as(ours.err()).isZero();
            assertThat(ours.out()).isEqualTo(theirs);
            for (String json : List.of("%j", "%J")) {
                String theirsJson = mosquitto("mosquitto_sub", "-p", port, "-t", "fmt/j", "-C", "1", "-F", json);
                Cli oursJson = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "fmt/j", "-C", "1", "-F", json);
                assertThat(withoutTime(oursJson.out())).as(json).isEqualTo(withoutTime(theirsJson));
            }
            Cli noNewline = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "fmt/#", "-C", "2", "-N", "-F", "[%t]");
            assertThat(noNewline.out()).isIn("[fmt/a][fmt/j]", "[fmt/j][fmt/a]");
            assertThat(Cli.run("sub", "-t", "x", "-F", "%z").err()).contains("unknown format specifier '%z'");
        }
    }

    private static String withoutTime(String json) {
        return json.replaceAll("\"tst\":\"[^\"]*\"", "\"tst\":\"...\"");
    }

    @Test
    void filterOutUnsubscribeRetainedOnlyAndRemoveRetainedAsMosquittoSub() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            String port = String.valueOf(broker.port());
            for (String t : List.of("plant/a", "plant/b", "plant/noise/c")) {
                mosquitto("mosquitto_pub", "-p", port, "-t", t, "-m", "v-" + t, "-r");
            }
            Cli filtered = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "plant/#", "-T", "plant/noise/#", "-v",
                    "--retained-only", "-W", "5");
            assertThat(filtered.out().lines().sorted().toList()).containsExactly("plant/a v-plant/a", "plant/b v-plant/b");
            Cli setUp = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "kept/#", "-q", "1", "-c", "-i", "kept-session", "-V", "5", "-E");
            assertThat(setUp.exitCode()).as("-E: subscribe and exit: %s", setUp.err()).isZero();
            Cli unsubscribed = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-U", "kept/#", "-c", "-i", "kept-session", "-V", "5");
            assertThat(unsubscribed.exitCode()).as(unsubscribed.err()).isZero();
            assertThat(broker.log()).contains("Received UNSUBSCRIBE from kept-session");
            Cli removed = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "plant/#", "--remove-retained", "--retained-only", "-W", "5");
            assertThat(removed.exitCode()).as(removed.err()).isIn(0, 27);
            String left = mosquitto("mosquitto_sub", "-p", port, "-t", "plant/#", "--retained-only", "-W", "2", "-v");
            assertThat(left).as("mosquitto_sub finds no retained message left").doesNotContain("plant/");
        }
    }

    @Test
    void pubSendsMqtt5PropertiesGivenWithDAsMosquittoPubDoes() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            String port = String.valueOf(broker.port());
            String[] properties = {"-D", "publish", "content-type", "text/plain", "-D", "publish", "response-topic", "resp/x",
                    "-D", "publish", "user-property", "site", "north", "-D", "publish", "payload-format-indicator", "1",
                    "-D", "publish", "correlation-data", "c-42"};
            List<String> ours = new ArrayList<>(List.of("pub", "-h", "127.0.0.1", "-p", port, "-V", "5", "-t", "props/ours", "-m", "x",
                    "-r", "-I", "iotls-", "-M", "5", "--nodelay"));
            ours.addAll(List.of(properties));
            Cli pub = Cli.run(ours.toArray(String[]::new));
            assertThat(pub.exitCode()).as(pub.err()).isZero();
            assertThat(broker.log()).containsPattern("New client connected from .* as iotls-[0-9]+ ");
            List<String> theirs = new ArrayList<>(List.of("-p", port, "-V", "5", "-t", "props/theirs", "-m", "x", "-r"));
            theirs.addAll(List.of(properties));
            mosquitto("mosquitto_pub", theirs.toArray(String[]::new));
            String format = "%t %C %R %P %F %D";
            String printed = mosquitto("mosquitto_sub", "-p", port, "-V", "5", "-t", "props/#", "-C", "2", "-F", format);
            assertThat(printed.lines().sorted().toList()).containsExactly("props/ours text/plain resp/x site:north 1 c-42",
                    "props/theirs text/plain resp/x site:north 1 c-42");
            Cli v311 = Cli.run("pub", "-h", "127.0.0.1", "-p", port, "-t", "t", "-m", "x", "-D", "publish", "content-type", "a");
            assertThat(v311.exitCode()).isEqualTo(1);
            assertThat(v311.err()).contains("MQTT 5 only");
            Cli quiet = Cli.run("pub", "-h", "127.0.0.1", "-p", "1", "-t", "t", "-m", "x", "--quiet");
            assertThat(quiet.exitCode()).isNotZero();
            assertThat(quiet.err()).isEmpty();
        }
    }

    @Test
    void pubDashDPrintsEveryPacketInMosquittoPubsWords() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            String port = String.valueOf(broker.port());
            for (String qos : List.of("1", "2")) {
                String theirs = mosquitto("mosquitto_pub", "-p", port, "-t", "debug/x", "-m", "hello", "-q", qos, "-d", "-i", "dbg", "-V", "5");
                Cli ours = Cli.run("pub", "-h", "127.0.0.1", "-p", port, "-t", "debug/x", "-m", "hello", "-q", qos, "-d", "-i", "dbg", "-V", "5");
                assertThat(ours.exitCode()).as(ours.err()).isZero();
                assertThat(packets(ours.out())).as("QoS " + qos + ", on standard output as mosquitto_pub's").isEqualTo(packets(theirs))
                        .contains("Client dbg sending CONNECT");
            }
        }
    }

    @Test
    void mqtt31ForOldBrokersAsMosquittosDashVMqttv31() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            String port = String.valueOf(broker.port());
            CompletableFutureCli sub = new CompletableFutureCli("sub", "-h", "127.0.0.1", "-p", port, "-t", "old/#", "-C", "1", "-W", "20",
                    "-v", "-V", "mqttv31", "-i", "old-sub");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!broker.log().contains("Received SUBSCRIBE from old-sub")) {
                assertThat(System.nanoTime()).as("the 3.1 subscriber subscribed within 15 s").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            Cli pub = Cli.run("pub", "-h", "127.0.0.1", "-p", port, "-t", "old/plc", "-m", "3.1", "-q", "1", "-V", "mqttv31", "-i", "old-pub");
            assertThat(pub.exitCode()).as(pub.err()).isZero();
            assertThat(sub.get().out().trim()).isEqualTo("old/plc 3.1");
            assertThat(broker.log()).as("mosquitto saw protocol 3.1 (p1)").contains("as old-pub (p1,").contains("as old-sub (p1,");
        }
    }

    @Test
    void retainHandlingNeverKeepsTheRetainedValueAwayAsMosquittoSubDoes() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            String port = String.valueOf(broker.port());
            mosquitto("mosquitto_pub", "-p", port, "-t", "kept/value", "-m", "old", "-r");
            Cli never = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "kept/#", "-V", "5", "--retain-handling", "never", "-W", "2", "-C", "1");
            assertThat(never.exitCode()).as("no retained message within 2 s: %s", never.out()).isEqualTo(27);
            Cli always = Cli.run("sub", "-h", "127.0.0.1", "-p", port, "-t", "kept/#", "-V", "5", "--retain-as-published", "-C", "1", "-W", "10",
                    "-F", "%t %p %r");
            assertThat(always.out().trim()).isEqualTo("kept/value old 1");
            assertThat(Cli.run("sub", "-t", "x", "--retain-handling", "sometimes").err()).contains("always, new or never");
            assertThat(Cli.run("sub", "-t", "x", "--retain-as-published").err()).contains("add -V 5");
        }
    }

    /** A CLI run on another thread. */
    private static final class CompletableFutureCli {
        private final java.util.concurrent.CompletableFuture<Cli> run;

        CompletableFutureCli(String... args) {
            run = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run(args));
        }

        Cli get() throws Exception {
            return run.get(30, TimeUnit.SECONDS);
        }
    }

    /** The packet lines of a -d output ("Client ID sending ..." / "received ..."). */
    private static List<String> packets(String output) {
        return output.lines().filter(l -> l.startsWith("Client ")).toList();
    }
}
