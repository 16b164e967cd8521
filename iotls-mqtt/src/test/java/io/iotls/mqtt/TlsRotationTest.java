package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.Issued;
import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TcpProxy;
import io.iotls.testkit.TempFiles;
import io.iotls.transport.TlsOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A device whose certificate is renewed while it runs: after {@code reloadTls()} the next reconnect presents the new
 * certificate (mosquitto takes the certificate's CN as the user name and logs it), the MQTT session survives, and the
 * renewed certificate's near end is reported to the application as a lifecycle event.
 */
class TlsRotationTest extends BrokerTest {

    private static void write(Path dir, Issued issued) throws Exception {
        PemFiles.writeCertificates(dir.resolve("device.crt"), issued.chain());
        PemFiles.writeKey(dir.resolve("device.key"), issued.key());
    }

    @Test
    void aRenewedCertificateReachesTheBrokerAtTheNextReconnectAndTheSessionStays() throws Exception {
        var broker = closeLater(MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile())
                .requireCertificate().line("use_identity_as_username true").start());
        var link = closeLater(TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port())));
        Path dir = TempFiles.directory("device-rotation");
        write(dir, pki.intermediate().client("device-before").issue());
        List<MqttLifecycleListener.Connected> connects = new CopyOnWriteArrayList<>();
        List<MqttLifecycleListener.TlsWarnings> warnings = new CopyOnWriteArrayList<>();
        MqttClient device = closeLater(MqttClient.create(MqttClientOptions.builder("mqtts://localhost:" + link.port())
                .tls(TlsOptions.builder().caFile(pki.caFile()).clientCertificate(dir.resolve("device.crt"), dir.resolve("device.key"), null).build())
                .clientId("rotating-device").cleanStart(false).sessionExpiry(Duration.ofHours(1))
                .autoReconnect(Duration.ofMillis(50), Duration.ofMillis(200))
                .lifecycleListener(new MqttLifecycleListener() {
                    @Override public void connected(Connected event) { connects.add(event); }
                    @Override public void tlsWarnings(TlsWarnings event) { warnings.add(event); }
                }).build()));
        device.connect();
        device.subscribe("rotation/#", Qos.AT_LEAST_ONCE, m -> { });
        assertThat(broker.log()).contains("u'device-before'");

        Instant now = Instant.now();
        write(dir, pki.intermediate().client("device-after").validity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(5))).issue());
        device.reloadTls();
        link.cutAll();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (connects.size() < 2) {
            assertThat(System.nanoTime()).as("reconnected within 15 s").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(broker.log()).as("mosquitto saw the renewed certificate").contains("u'device-after'");
        assertThat(connects.get(1).connAck().sessionPresent()).as("the MQTT session survived the rotation").isTrue();
        assertThat(warnings).anySatisfy(w -> assertThat(w.warnings()).anySatisfy(text -> assertThat(text).contains("CN=device-after")));
        device.publish(MqttMessage.of("rotation/check", "after", Qos.AT_LEAST_ONCE));
    }
}
