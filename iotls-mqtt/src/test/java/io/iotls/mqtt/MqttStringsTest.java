package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** MQTT strings are well-formed UTF-8 (MQTT 5 1.5.4): refused before anything is queued, never sent as '?'. */
class MqttStringsTest {

    @Test
    void aTopicWithAnUnpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> MqttMessage.of("plant/\uD800/x", "v", Qos.AT_MOST_ONCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate U+D800 at index 6");
    }

    @Test
    void aLoneLowSurrogateIsRefusedToo() {
        assertThatThrownBy(() -> MqttMessage.of("a\uDC00", "v", Qos.AT_MOST_ONCE)).hasMessageContaining("unpaired surrogate U+DC00");
    }

    @Test
    void aPairedSurrogateIsAnOrdinaryCharacter() {
        assertThatCode(() -> MqttMessage.of("sensor/\uD83C\uDF21", "v", Qos.AT_MOST_ONCE)).doesNotThrowAnyException();
    }

    @Test
    void aTopicWithUPlus0000IsRefusedWhenTheMessageIsMade() {
        assertThatThrownBy(() -> MqttMessage.of("a\u0000b", "v", Qos.AT_MOST_ONCE)).hasMessageContaining("U+0000");
    }

    @Test
    void userPropertiesAndContentTypeFollowTheSameRule() {
        assertThatThrownBy(() -> MessageProperties.builder().userProperty("k", "\uD800").build())
                .hasMessageContaining("user property value holds an unpaired surrogate");
        assertThatThrownBy(() -> MessageProperties.builder().contentType("text/\uDFFF").build())
                .hasMessageContaining("content type holds an unpaired surrogate");
    }

    @Test
    void aResponseTopicMustNotHoldWildcards() {
        assertThatThrownBy(() -> MessageProperties.builder().responseTopic("replies/+").build())
                .hasMessageContaining("a response topic is a topic name and must not contain wildcards");
    }
}
