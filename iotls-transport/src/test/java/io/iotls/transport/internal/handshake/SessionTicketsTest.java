package io.iotls.transport.internal.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.tls.PRFAlgorithm;
import org.junit.jupiter.api.Test;

class SessionTicketsTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final String SERVER = "broker:8883/broker";
    private final SessionTickets tickets = new SessionTickets();

    private static SessionTicket ticket(String id, int prf, long lifetimeSeconds) {
        return new SessionTicket(id.getBytes(StandardCharsets.US_ASCII), new byte[32], prf, null, lifetimeSeconds, NOW);
    }

    private static boolean sha256(int prf) {
        return prf == PRFAlgorithm.tls13_hkdf_sha256;
    }

    @Test
    void aTicketIsHandedOutOnceNewestFirst() {
        SessionTicket older = ticket("older", PRFAlgorithm.tls13_hkdf_sha256, 3600);
        SessionTicket newer = ticket("newer", PRFAlgorithm.tls13_hkdf_sha256, 3600);
        tickets.add(SERVER, older);
        tickets.add(SERVER, newer);
        assertThat(tickets.take(SERVER, SessionTicketsTest::sha256, NOW)).isSameAs(newer);
        assertThat(tickets.take(SERVER, SessionTicketsTest::sha256, NOW)).isSameAs(older);
        assertThat(tickets.take(SERVER, SessionTicketsTest::sha256, NOW)).isNull();
    }

    @Test
    void onlyTicketsForTheSameServerAndAnOfferedHash() {
        tickets.add(SERVER, ticket("sha384", PRFAlgorithm.tls13_hkdf_sha384, 3600));
        assertThat(tickets.take("other:8883/other", p -> true, NOW)).isNull();
        assertThat(tickets.take(SERVER, SessionTicketsTest::sha256, NOW)).isNull();
        assertThat(tickets.size(SERVER)).isEqualTo(1);
        assertThat(tickets.take(SERVER, p -> p == PRFAlgorithm.tls13_hkdf_sha384, NOW)).isNotNull();
    }

    @Test
    void expiredTicketsAreDroppedAndLifetimeIsCappedAtSevenDays() {
        tickets.add(SERVER, ticket("short", PRFAlgorithm.tls13_hkdf_sha256, 10));
        tickets.add(SERVER, ticket("year", PRFAlgorithm.tls13_hkdf_sha256, 365L * 24 * 3600));
        long eightDaysLater = NOW + 8L * 24 * 3600 * 1_000_000_000L;
        assertThat(tickets.take(SERVER, p -> true, NOW + 11_000_000_000L)).isNotNull(); // "year"; "short" expired
        assertThat(tickets.size(SERVER)).isZero();
        tickets.add(SERVER, ticket("year", PRFAlgorithm.tls13_hkdf_sha256, 365L * 24 * 3600));
        assertThat(tickets.take(SERVER, p -> true, eightDaysLater)).isNull();
    }

    @Test
    void aFewTicketsPerServerAreKept() {
        for (int i = 0; i < 10; i++) tickets.add(SERVER, ticket("t" + i, PRFAlgorithm.tls13_hkdf_sha256, 3600));
        assertThat(tickets.size(SERVER)).isEqualTo(SessionTickets.PER_SERVER);
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        assertThat(ticket("abc", PRFAlgorithm.tls13_hkdf_sha256, 60)).hasToString("SessionTicket[3-byte ticket, SHA-256]");
    }
}
