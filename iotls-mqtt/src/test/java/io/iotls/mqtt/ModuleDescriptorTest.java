package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The tests run on the module path: the MQTT module exports its API and reads the transport's API only. */
class ModuleDescriptorTest {
    @Test
    void exportsOnlyTheClientApi() {
        Module module = MqttClient.class.getModule();
        assertThat(module.isNamed()).as("tests run with iotls-mqtt as a named module").isTrue();
        assertThat(module.getDescriptor().exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.iotls.mqtt");
    }

    @Test
    void theTransportsInternalsAreNotVisibleToIt() {
        Module mqtt = MqttClient.class.getModule();
        Module transport = io.iotls.transport.TlsTransport.class.getModule();
        assertThat(transport.isExported("io.iotls.transport", mqtt)).isTrue();
        assertThat(transport.isExported("io.iotls.transport.internal.handshake", mqtt)).isFalse();
        assertThat(mqtt.getDescriptor().requires()).filteredOn(r -> r.name().equals("io.iotls.transport"))
                .singleElement().satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }
}
