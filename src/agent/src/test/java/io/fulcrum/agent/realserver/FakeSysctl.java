package io.fulcrum.agent.realserver;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory sysctl tree; a key not set up does not exist (as in /proc/sys, the error names it).
 * Logs every write. Shared by the tests of every package that changes sysctls.
 */
public final class FakeSysctl implements Sysctl {
    public final Map<String, String> values = new LinkedHashMap<>();
    public final List<String> writes = new ArrayList<>();

    public FakeSysctl with(String key, String value) {
        values.put(key, value);
        return this;
    }

    @Override
    public String read(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new UncheckedIOException(
                    new NoSuchFileException("/proc/sys/" + key.replace('.', '/'), null, "no sysctl " + key));
        }
        return value;
    }

    @Override
    public void write(String key, String value) {
        read(key);
        writes.add(key + "=" + value);
        values.put(key, value);
    }
}
