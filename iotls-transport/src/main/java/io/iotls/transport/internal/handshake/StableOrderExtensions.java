package io.iotls.transport.internal.handshake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ClientHello's extensions in a fixed order: the order each type was first added, kept when a type is removed and
 * added again. Bouncy Castle writes extensions in {@link #keys()} order and rebuilds key_share for the ClientHello
 * after a HelloRetryRequest; in a plain {@link Hashtable} that moved key_share among the others, and RFC 8446 4.1.2
 * wants the second ClientHello to be the first but for the few fields it names (strict servers refuse it otherwise).
 */
final class StableOrderExtensions extends Hashtable<Integer, byte[]> {
    private static final long serialVersionUID = 1L;
    private final List<Integer> order = new ArrayList<>();

    StableOrderExtensions(Map<Integer, byte[]> first, Enumeration<Integer> firstOrder) {
        while (firstOrder.hasMoreElements()) {
            Integer type = firstOrder.nextElement();
            put(type, first.get(type));
        }
    }

    @Override
    public synchronized byte[] put(Integer type, byte[] data) {
        if (!order.contains(type)) order.add(type);
        return super.put(type, data);
    }

    @Override
    public synchronized void putAll(Map<? extends Integer, ? extends byte[]> all) {
        all.forEach(this::put);
    }

    @Override
    public synchronized Enumeration<Integer> keys() {
        return Collections.enumeration(present());
    }

    @Override
    public synchronized Set<Integer> keySet() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(present()));
    }

    private List<Integer> present() {
        List<Integer> types = new ArrayList<>();
        for (Integer type : order) if (super.containsKey(type)) types.add(type);
        return types;
    }

    @Override
    public synchronized boolean equals(Object o) {
        return super.equals(o);
    }

    @Override
    public synchronized int hashCode() {
        return super.hashCode();
    }
}
