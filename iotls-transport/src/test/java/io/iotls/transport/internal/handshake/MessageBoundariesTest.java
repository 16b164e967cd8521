package io.iotls.transport.internal.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Message boundaries over records: several messages in one record, one message over several, a header cut in two. */
class MessageBoundariesTest {
    private static final byte[] TWO_MESSAGES = {2, 0, 0, 2, 9, 9, 11, 0, 0, 5, 1, 2, 3, 4, 5}; // ServerHello(2 bytes), Certificate(5)

    @Test
    void wholeMessagesLeaveNothingInProgress() {
        var b = new MessageBoundaries();
        b.follow(TWO_MESSAGES, 0, TWO_MESSAGES.length);
        assertThat(b.partial()).isEmpty();
    }

    @Test
    void aMessageCutShortIsNamedWithWhatCame() {
        var b = new MessageBoundaries();
        b.follow(TWO_MESSAGES, 0, 12); // the ServerHello, then the Certificate's header and 2 of its 5 bytes
        assertThat(b.partial()).contains(new MessageBoundaries.Partial((short) 11, 2, 5));
        b.follow(TWO_MESSAGES, 12, 3); // the rest, in a record of its own
        assertThat(b.partial()).isEmpty();
    }

    @Test
    void aHeaderSplitOverTwoRecordsIsFollowed() {
        var b = new MessageBoundaries();
        b.follow(TWO_MESSAGES, 0, 8); // the ServerHello and half the Certificate's header
        assertThat(b.partial()).contains(new MessageBoundaries.Partial((short) 11, 0, -1));
        b.follow(TWO_MESSAGES, 8, 4);
        assertThat(b.partial()).contains(new MessageBoundaries.Partial((short) 11, 2, 5));
    }
}
