package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warnings ahead of an expiry: the client's own certificate and its chain, and the broker's path, each certificate
 * that ends within the options' warning period (default 30 days), in the trace and the log on every connection.
 */
final class ExpiryWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryWarnings.class);

    private ExpiryWarnings() {}

    static void ofClient(ClientSetup setup, TraceRecorder trace) {
        if (setup.identity() != null) warn(setup.identity().chain(), "our client certificate chain", setup.options().expiryWarning(), trace);
    }

    static void ofServerPath(List<X509Certificate> path, Duration period, TraceRecorder trace) {
        warn(path, "the broker's certificate path", period, trace);
    }

    private static void warn(List<X509Certificate> certificates, String where, Duration period, TraceRecorder trace) {
        Instant now = Instant.now();
        for (X509Certificate c : certificates) {
            Instant end = c.getNotAfter().toInstant();
            if (end.isAfter(now) && end.isBefore(now.plus(period))) {
                long days = Duration.between(now, end).toDays();
                String what = "'" + c.getSubjectX500Principal().getName() + "' in " + where + " expires on " + end + ", in "
                        + (days == 0 ? "less than a day" : days + " day" + (days == 1 ? "" : "s")) + ": renew it before then";
                trace.warning(what);
                LOG.warn(what);
            }
        }
    }
}
