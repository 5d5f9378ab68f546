package io.fulcrum.agent.realserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Devices and addresses in memory, with a log of every change call. {@link #onModuleLoad} stands for the
 * kernel creating a device when a kind's module loads (ipip's tunl0).
 */
final class FakeHostNetwork implements HostNetwork {
    static final class Device {
        final String name;
        final int index;
        boolean up;
        final Set<HostAddress> addresses = new LinkedHashSet<>();

        Device(String name, int index, boolean up) {
            this.name = name;
            this.index = index;
            this.up = up;
        }
    }

    final Map<String, Device> devices = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    /** Kinds whose "module load" creates a device of this name; createLink then reports EEXIST. */
    final Map<String, String> onModuleLoad = new LinkedHashMap<>();

    Consumer<String> failOn = call -> {};
    private int nextIndex = 1;

    Device add(String name, boolean up) {
        Device device = new Device(name, nextIndex++, up);
        devices.put(name, device);
        return device;
    }

    Device device(String name) {
        return devices.get(name);
    }

    private Device byIndex(int index) {
        return devices.values().stream()
                .filter(d -> d.index == index)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("ENODEV " + index));
    }

    private void call(String call) {
        calls.add(call);
        failOn.accept(call);
    }

    @Override
    public Optional<LinkState> link(String name) {
        return Optional.ofNullable(devices.get(name)).map(d -> new LinkState(d.index, d.up));
    }

    @Override
    public void setUp(int index, boolean up) {
        Device device = byIndex(index);
        call((up ? "up " : "down ") + device.name);
        device.up = up;
    }

    @Override
    public boolean createLink(String name, String kind) {
        call("create " + name + " " + kind);
        if (name.equals(onModuleLoad.remove(kind))) {
            add(name, false);
            return false;
        }
        if (devices.containsKey(name)) {
            return false;
        }
        add(name, false);
        return true;
    }

    @Override
    public void deleteLink(int index) {
        Device device = byIndex(index);
        call("delete " + device.name);
        devices.remove(device.name);
    }

    @Override
    public Set<HostAddress> addresses(int index) {
        return Set.copyOf(byIndex(index).addresses);
    }

    @Override
    public boolean addAddress(int index, HostAddress address, boolean hostScope) {
        Device device = byIndex(index);
        call("add " + address + (hostScope ? " scope host" : "") + " dev " + device.name);
        return device.addresses.add(address);
    }

    @Override
    public boolean deleteAddress(int index, HostAddress address) {
        Device device = byIndex(index);
        call("del " + address + " dev " + device.name);
        return device.addresses.remove(address);
    }
}
