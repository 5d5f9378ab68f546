package io.fulcrum.agent.realserver;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory sysctl tree; a key not set up does not exist. Logs every write. */
final class FakeSysctl implements Sysctl {
    final Map<String, String> values = new LinkedHashMap<>();
    final List<String> writes = new ArrayList<>();

    FakeSysctl with(String key, String value) {
        values.put(key, value);
        return this;
    }

    @Override
    public String read(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new UncheckedIOException(new NoSuchFileException("/proc/sys/" + key.replace('.', '/')));
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
