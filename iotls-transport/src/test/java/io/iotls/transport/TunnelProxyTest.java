package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxy URLs as curl and mosquitto write them, and the usual environment variables. */
class TunnelProxyTest {
    @Test
    void urlsOfEachKindWithDefaultPortsAndCredentialsNeverPrinted() {
        TunnelProxy http = TunnelProxy.parse("http://user:p%40ss@proxy.plant:8080");
        assertThat(http.kind()).isEqualTo(TunnelProxy.Kind.HTTP);
        assertThat(http.port()).isEqualTo(8080);
        assertThat(http.user()).contains("user");
        assertThat(new String(http.password().get().chars())).isEqualTo("p@ss");
        assertThat(http.toString()).isEqualTo("http://user:[redacted]@proxy.plant:8080");
        assertThat(TunnelProxy.parse("proxy.plant").port()).as("http is the default scheme, 3128 its port").isEqualTo(3128);
        assertThat(TunnelProxy.parse("socks5h://gw").kind()).isEqualTo(TunnelProxy.Kind.SOCKS5H);
        assertThat(TunnelProxy.parse("socks5://gw").port()).isEqualTo(1080);
        assertThat(catchThrowable(() -> TunnelProxy.parse("ftp://a:b@gw"))).hasMessageContaining("not supported").hasMessageNotContaining("a:b");
    }

    @Test
    void theEnvironmentNamesTheProxyAndNoProxyExemptsHostsAndDomains() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://gw:3128", "NO_PROXY", "localhost,.plant.example,10.0.0.7");
        assertThat(TunnelProxy.fromEnvironment("broker.cloud.example", env)).map(TunnelProxy::host).contains("gw");
        assertThat(TunnelProxy.fromEnvironment("localhost", env)).isEmpty();
        assertThat(TunnelProxy.fromEnvironment("mqtt.plant.example", env)).isEmpty();
        assertThat(TunnelProxy.fromEnvironment("10.0.0.7", env)).isEmpty();
        assertThat(TunnelProxy.fromEnvironment("x", Map.of("all_proxy", "socks5h://gw:1080"))).map(TunnelProxy::kind)
                .contains(TunnelProxy.Kind.SOCKS5H);
        assertThat(TunnelProxy.fromEnvironment("x", Map.of("HTTPS_PROXY", "http://gw", "NO_PROXY", "*"))).isEmpty();
        assertThat(TunnelProxy.fromEnvironment("x", Map.of())).isEmpty();
    }
}
