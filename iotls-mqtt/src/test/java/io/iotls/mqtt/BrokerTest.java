package io.iotls.mqtt;

import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** What the tests against a real broker share: a test PKI per class, and closing what a test started, last first. */
abstract class BrokerTest {
    static TestPki pki;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(TempFiles.directory("mqtt-pki"));
    }

    @AfterEach
    void closeWhatTheTestStarted() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) c.close();
    }

    <T extends AutoCloseable> T closeLater(T c) {
        cleanup.add(c);
        return c;
    }
}
