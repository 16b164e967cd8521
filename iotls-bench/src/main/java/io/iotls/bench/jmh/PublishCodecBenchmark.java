package io.iotls.bench.jmh;

import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Encoding and decoding a PUBLISH, the codec's hot path. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PublishCodecBenchmark {
    @Param({"64", "16384"})
    int payloadBytes;

    @Param({"V3_1_1", "V5"})
    MqttVersion version;

    private PacketCodec codec;
    private MqttPacket.Publish publish;
    private byte[] encoded;

    @Setup
    public void setUp() {
        codec = new PacketCodec(version);
        publish = new MqttPacket.Publish("plant/line-7/temperature", new byte[payloadBytes], 1, false, false, 42, Properties.NONE);
        encoded = codec.encode(publish);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(publish);
    }

    @Benchmark
    public MqttPacket decode() throws IOException {
        return codec.decode(new FrameReader(new ByteArrayInputStream(encoded), Integer.MAX_VALUE).read());
    }
}
