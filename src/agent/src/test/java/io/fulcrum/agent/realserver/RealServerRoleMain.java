package io.fulcrum.agent.realserver;

import io.fulcrum.model.Enums.Forwarding;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real-server role driven over stdin, for tests that run it in another network namespace
 * ({@code ip netns exec NS java -cp ... RealServerRoleMain DR 192.0.2.10 ...}). Commands, one per line:
 * {@code start}, {@code stop}, {@code changes}, {@code quit}; each answers one line, {@code OK ...} or {@code ERR ...}.
 */
public final class RealServerRoleMain {
    private RealServerRoleMain() {}

    public static void main(String[] args) throws Exception {
        Forwarding forwarding = Forwarding.valueOf(args[0]);
        List<InetAddress> vips = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            vips.add(InetAddress.getByName(args[i]));
        }
        try (NetlinkHostNetwork network = NetlinkHostNetwork.open()) {
            RealServerRole role = new RealServerRole(forwarding, vips, network, new ProcSysctl());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("READY");
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                try {
                    switch (line.trim()) {
                        case "start" -> role.start();
                        case "stop" -> role.stop();
                        case "changes" -> {}
                        case "quit" -> {
                            System.out.println("OK quit");
                            return;
                        }
                        default -> throw new IllegalArgumentException("unknown command " + line);
                    }
                    System.out.println("OK " + line.trim() + " " + role.changes());
                } catch (RuntimeException e) {
                    System.out.println(
                            "ERR " + line.trim() + " " + String.valueOf(e).replace('\n', ' '));
                }
                System.out.flush();
            }
        }
    }
}
