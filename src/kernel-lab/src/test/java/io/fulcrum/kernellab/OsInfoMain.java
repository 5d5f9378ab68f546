package io.fulcrum.kernellab;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run inside the kernel lab by {@link KernelLabIT}: reports the kernel this JVM runs on. */
public final class OsInfoMain {
    private OsInfoMain() {}

    public static void main(String[] args) {
        System.out.println("os.version=" + System.getProperty("os.version"));
        System.out.println("os.name=" + System.getProperty("os.name"));
        System.out.println("java.version=" + System.getProperty("java.version"));
        Checks checks = new Checks();
        checks.run("sees_ip_vs_module", () -> {
            if (!Files.readString(Path.of("/proc/modules")).lines().anyMatch(l -> l.startsWith("ip_vs "))) {
                throw new AssertionError("ip_vs not in /proc/modules");
            }
        });
        checks.run("args_arrive", () -> {
            if (args.length != 2 || !args[0].equals("one") || !args[1].equals("two words")) {
                throw new AssertionError("args " + String.join("|", args));
            }
        });
        checks.exit();
    }
}
