package io.fulcrum.agent.fullnat;

import io.fulcrum.agent.realserver.Sysctl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Sysctls in a map; a missing key is an error, as in /proc/sys. */
final class FakeSysctl implements Sysctl {
    final Map<String, String> values = new HashMap<>();
    int writes;

    @Override
    public String read(String key) {
        String v = values.get(key);
        if (v == null) throw new UncheckedIOException(new IOException("sysctl " + key + ": no such key"));
        return v;
    }

    @Override
    public void write(String key, String value) {
        read(key);
        writes++;
        values.put(key, value);
    }
}
