package io.fulcrum.agent.realserver;

/**
 * Kernel parameters under {@code /proc/sys}, named as {@code sysctl} names them
 * ({@code net.ipv4.conf.all.arp_ignore}). Values are the trimmed text the kernel shows.
 */
public interface Sysctl {

    /** @throws java.io.UncheckedIOException when the key does not exist or cannot be read */
    String read(String key);

    /** @throws java.io.UncheckedIOException when the key does not exist or the kernel refuses the value */
    void write(String key, String value);
}
