package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The tests run on the module path, as a modular application would: the transport exports its API packages only. */
class ModuleDescriptorTest {
    @Test
    void exportsTheApiPackagesAndNothingUnderInternal() {
        Module module = TlsTransport.class.getModule();
        assertThat(module.isNamed()).as("tests run with iotls-transport as a named module").isTrue();
        assertThat(module.getDescriptor().exports()).allMatch(e -> !e.isQualified())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("io.iotls.transport", "io.iotls.transport.verify");
        assertThat(module.getPackages()).contains("io.iotls.transport.internal.handshake", "io.iotls.transport.internal.crypto");
    }

    @Test
    void requiresBouncyCastleAndTheSlf4jApiAndNothingMore() {
        assertThat(TlsTransport.class.getModule().getDescriptor().requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("java.base", "org.bouncycastle.tls", "org.bouncycastle.provider",
                        "org.bouncycastle.pkix", "org.bouncycastle.util", "org.slf4j");
    }
}
