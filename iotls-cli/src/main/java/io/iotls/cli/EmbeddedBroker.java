package io.iotls.cli;

import io.iotls.testkit.FreePort;
import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.util.Properties;

/**
 * Moquette on 127.0.0.1, plain TCP, in memory: the demo's broker, which needs no system package. TLS is in front of
 * it, terminated by iotls' own endpoint. Moquette 0.17 speaks MQTT 3.1.1.
 */
final class EmbeddedBroker implements AutoCloseable {
    private final Server server = new Server();
    private final int port;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    static EmbeddedBroker start() throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(FreePort.find());
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, String.valueOf(broker.port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false"); // no traffic beyond loopback
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        broker.server.startServer(new MemoryConfig(p));
        return broker;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
