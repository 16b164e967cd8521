package io.iotls.mqtt;

import java.util.List;

/** SUBACK: per filter the granted QoS (0-2) or a failure code (0x80 and above). */
public record SubscribeResult(List<Integer> reasonCodes) {
    public SubscribeResult {
        reasonCodes = List.copyOf(reasonCodes);
    }

    public boolean allGranted() {
        return reasonCodes.stream().allMatch(c -> c < 0x80);
    }
}
