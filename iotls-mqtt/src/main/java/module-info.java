/**
 * iotls' MQTT 3.1.1 and 5 client ({@link io.iotls.mqtt.MqttClient}) on the TLS transport, plain TCP or WebSocket.
 * The codec and the client's engine ({@code internal}) stay inside.
 */
module io.iotls.mqtt {
    requires transitive io.iotls.transport;
    requires org.slf4j;

    exports io.iotls.mqtt;
}
