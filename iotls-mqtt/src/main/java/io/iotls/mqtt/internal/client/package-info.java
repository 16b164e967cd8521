/**
 * The MQTT client engine. One owner per piece of mutable state, and the thread each runs on:
 *
 * <table>
 * <caption>Who owns what</caption>
 * <tr><th>state</th><th>owner</th><th>threads that touch it</th></tr>
 * <tr><td>client state, connection attempts, reconnect timer ({@link io.iotls.mqtt.internal.client.Lifecycle},
 *     {@link io.iotls.mqtt.internal.client.ReconnectBackoff})</td>
 *     <td rowspan="3">{@link io.iotls.mqtt.internal.client.ClientEngine}'s
 *     {@link io.iotls.mqtt.internal.client.SessionExecutor}: every change is a task it runs, one at a time, in the
 *     order the events came; nothing in a task blocks on files; a task returns what to do outside (futures complete and
 *     listeners run after it)</td>
 *     <td rowspan="3">whichever thread finds the executor idle runs the tasks queued: the application's threads
 *     (publish, subscribe, connect, close), the connection's reader (the transport's shared I/O thread, or a virtual
 *     thread of its own), the reconnect thread (one virtual thread per attempt, at most one at a time), the handler
 *     thread (acknowledgements), the store thread (release records); the timers (reconnect, call timeout) post to it
 *     from a virtual thread and never wait. The client's state is also readable anywhere (one writer, volatile).</td></tr>
 * <tr><td>session: publishes buffered and in flight, window, topic aliases
 *     ({@link io.iotls.mqtt.internal.client.OutgoingSession}); subscriptions and requests awaiting SUBACK / UNSUBACK
 *     ({@link io.iotls.mqtt.internal.client.Requests}); packet identifiers
 *     ({@link io.iotls.mqtt.internal.client.PacketIds}); incoming QoS 2 identifiers
 *     ({@link io.iotls.mqtt.internal.client.IncomingQos2}); manual acknowledgements
 *     ({@link io.iotls.mqtt.internal.client.ManualAcks})</td></tr>
 * <tr><td>the current connection, and the order of session packets on the wire (every one, pings included, is
 *     written by a task)</td></tr>
 * <tr><td>one network connection: its writer, outbox, keep-alive and reading
 *     ({@link io.iotls.mqtt.internal.client.Connection}, {@link io.iotls.mqtt.internal.client.Outbox},
 *     {@link io.iotls.mqtt.internal.client.KeepAlive})</td>
 *     <td>the connection (its own write and outbox locks, taken inside a session task, never around one)</td><td>the
 *     caller's thread for a lone packet, a virtual writer thread for a burst, the I/O thread after a read; its reader;
 *     the keep-alive timer</td></tr>
 * <tr><td>the message store's files ({@link io.iotls.mqtt.internal.client.MessageStore})</td>
 *     <td>{@link io.iotls.mqtt.internal.client.StoreWork}: one serial store thread</td>
 *     <td>the store thread; a publishing thread saves its own message before it can be sent</td></tr>
 * <tr><td>the application's handlers ({@link io.iotls.mqtt.internal.client.HandlerQueue})</td>
 *     <td>the handler queue</td><td>one virtual handler thread per client at a time, in arrival order</td></tr>
 * <tr><td>lifecycle events</td><td>a {@link io.iotls.mqtt.internal.client.SerialRunner}</td>
 *     <td>one virtual thread per client, in order, never in a session task</td></tr>
 * </table>
 *
 * <p>Every wait is bounded: blocking calls by the call timeout, a stuck write by the engine's give-up timer, a dead
 * link by the keep-alive, the store's last work on close by 5 s.
 */
package io.iotls.mqtt.internal.client;
